"""Every post an agenda can produce, rendered and measured before the session.

Each draft and template is rendered for every network with worst-case vote
counts and measured against the network's hard limit, so that no post is
refused for length in the middle of a vote. Rendered texts are compared: X
refuses a post identical to an earlier one.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from livetweet.agenda.model import Item
from livetweet.agenda.placeholders import TemplateError, placeholders_in
from livetweet.agenda.problems import Longest
from livetweet.agenda.render import (
    VoteCounts,
    depends_on_network,
    item_hashtags,
    render_text,
    stages_for,
    template_for,
)
from livetweet.agenda.yaml_tree import Path
from livetweet.i18n import _
from livetweet.text import DISPLAY_NAMES, HARD_LIMITS, NETWORKS, weighted_length
from livetweet.text.networks import Network

if TYPE_CHECKING:
    from livetweet.agenda.checks import Checker

_WORST_TIME = datetime(2026, 12, 15, 23, 59)
MAX_MEASURED = 10 * max(HARD_LIMITS.values())


class _PostChecks:
    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self.rendered: dict[tuple[Network, str], str] = {}  # text -> where, per network
        self.duplicates: set[Path] = set()  # places already reported (one message each)
        # (template, placeholder) -> numbers of the items for which it renders empty
        self.gaps: dict[tuple[Path, str], list[str]] = {}

    def render_all(self) -> None:
        agenda = self.checker.agenda
        worst = agenda.session.members_in_office or 999
        votes = VoteCounts(worst, worst, worst)
        for stage in stages_for(agenda, None):
            self.render(None, None, stage, votes)
        for pos, item in enumerate(agenda.items):
            for stage in stages_for(agenda, item):
                self.render(item, pos, stage, votes)
        for (where, name), numbers in self.gaps.items():
            self.checker.add(
                where,
                _("{{{name}}} is empty for items {numbers}").format(
                    name=name, numbers=", ".join(numbers)
                ),
                _("the text will read oddly for them: give them a prepared draft"),
                "warning",
            )

    def render(self, item: Item | None, pos: int | None, stage: str, votes: VoteCounts) -> None:
        agenda = self.checker.agenda
        template = template_for(agenda, item, stage, votes)
        parts = [template] if isinstance(template, str) else template
        if item is not None and pos is not None and stage in item.drafts:
            where: Path = self.checker.path("items", pos, "drafts", stage)
            source = "draft"
        elif stage in agenda.templates:
            where, source = ("templates", stage), "template"
        elif pos is not None:
            where, source = self.checker.path("items", pos, "title"), "builtin"
        else:
            where, source = ("session", "title"), "builtin"
        if item is not None:
            label = _("item {number}, {stage!r}").format(number=item.number, stage=stage)
        else:
            label = repr(stage)
        for index, text in enumerate(parts):
            part_where = (*where, index) if isinstance(template, list) else where
            if part_where in self.checker.bad or not text.strip():
                continue
            over: list[str] = []
            same_everywhere = not depends_on_network(text)
            rendered = ""
            for network in NETWORKS:
                try:
                    if not (same_everywhere and rendered):
                        rendered = render_text(agenda, text, item, network, votes, now=_WORST_TIME)
                except TemplateError as exc:
                    self.checker.add(part_where, str(exc))
                    self.checker.bad.add(part_where)
                    return
                if not rendered:
                    self.checker.add(
                        part_where, _("{label} renders as an empty post").format(label=label)
                    )
                    return
                length, limit = self.measure(rendered, network, item, stage)
                if length > limit:
                    over.append(
                        _("{length} characters on {network} (limit {limit})").format(
                            length=length, network=DISPLAY_NAMES[network], limit=limit
                        )
                    )
                if pos not in self.checker.same_number:  # already reported as a repeated number
                    self.duplicate(network, rendered, label, part_where)
            if over:
                self.too_long(part_where, label, over, source, item)
            if source == "draft" and item is not None:
                self.empty_values(part_where, text, item)
            elif source == "template" and item is not None:
                used = placeholders_in(text)
                for name, empty in (("rapporteur", not item.rapporteur), ("link", not item.links)):
                    if empty and name in used:
                        self.gaps.setdefault((part_where, name), []).append(item.number)

    def empty_values(self, where: Path, text: str, item: Item) -> None:
        """Warn when a prepared draft uses a placeholder that has nothing to show."""
        session = self.checker.agenda.session
        empty = {
            "rapporteur": item.rapporteur is None,
            "link": not item.links,
            "livestream_url": not session.livestream_url,
            "hashtags": not item_hashtags(self.checker.agenda, item),
            "session_hashtags": not session.hashtags,
        }
        for name in sorted(placeholders_in(text)):
            if empty.get(name):
                self.checker.add(
                    where,
                    _("{{{name}}} is empty for item {number}").format(
                        name=name, number=item.number
                    ),
                    _("fill it in the agenda, or remove the placeholder"),
                    "warning",
                )

    def duplicate(self, network: Network, rendered: str, label: str, where: Path) -> None:
        previous = self.rendered.get((network, rendered))
        if previous is None:
            self.rendered[(network, rendered)] = label
        elif where not in self.duplicates:
            self.duplicates.add(where)
            self.checker.add(
                where,
                _("{label} renders to the same text as {other}").format(
                    label=label, other=previous
                ),
                _("X refuses duplicate posts: make them differ"),
            )

    def too_long(
        self, where: Path, label: str, over: list[str], source: str, item: Item | None
    ) -> None:
        if source == "builtin":
            if where in self.duplicates:  # one message per item is enough
                return
            self.duplicates.add(where)
            hint = _("add a short_title to the item") if item else None
        elif source == "draft":
            hint = _("shorten it, or make it a thread (a list of posts)")
        else:
            hint = None
        self.checker.add(
            where, _("{label} is too long: {over}").format(label=label, over=", ".join(over)), hint
        )

    def measure(
        self, text: str, network: Network, item: Item | None, stage: str
    ) -> tuple[int, int]:
        limit = HARD_LIMITS[network]
        # No post this long can fit (a link would have to be thousands of characters);
        # counting it exactly would only make a hostile file slow to check.
        length = len(text) if len(text) > MAX_MEASURED else weighted_length(text, network)
        longest = self.checker.report.summary.longest.get(network)
        if longest is None or length > longest.length:
            self.checker.report.summary.longest[network] = Longest(
                length, limit, item.id if item else None, stage
            )
        return length, limit


def check_posts(checker: Checker) -> None:
    """Render every stage of the session and of each postable item, on every network."""
    _PostChecks(checker).render_all()
