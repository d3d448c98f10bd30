"""Checks beyond the schema: references, uniqueness, entities, and every post rendered.

Each draft and template is rendered for every network with worst-case vote
counts and measured against the network's hard limit, so that no post is
refused for length in the middle of a vote. Rendered texts are compared: X
refuses a post identical to an earlier one.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from datetime import datetime

from livetweet.agenda.model import Agenda, Item
from livetweet.agenda.placeholders import (
    ITEM_PLACEHOLDERS,
    VOTE_PLACEHOLDERS,
    TemplateError,
    placeholders_in,
)
from livetweet.agenda.problems import CheckReport, Longest, Problem, Severity
from livetweet.agenda.render import (
    VoteCounts,
    depends_on_network,
    item_hashtags,
    render_text,
    stages_for,
    template_for,
)
from livetweet.agenda.templates import STAGES
from livetweet.agenda.yaml_tree import Path, Tree
from livetweet.i18n import _
from livetweet.text import (
    DISPLAY_NAMES,
    HARD_LIMITS,
    NETWORKS,
    is_http_url,
    is_valid_bluesky_handle,
    is_valid_hashtag,
    is_valid_mastodon_handle,
    is_valid_x_handle,
    weighted_length,
)
from livetweet.text.networks import Network

_HANDLE_CHECKS: dict[Network, Callable[[str], bool]] = {
    "x": is_valid_x_handle,
    "mastodon": is_valid_mastodon_handle,
    "bluesky": is_valid_bluesky_handle,
}
_HANDLE_EXAMPLES: dict[Network, str] = {
    "x": "@VilleVilleneuve",
    "mastodon": "@ville@mastodon.example",
    "bluesky": "@villeneuve.bsky.social",
}
_WORST_TIME = datetime(2026, 12, 15, 23, 59)


class _Checker:
    def __init__(
        self,
        name: str,
        agenda: Agenda,
        indexes: dict[str, list[int]],
        tree: Tree,
        report: CheckReport,
    ) -> None:
        self.name, self.agenda, self.tree, self.report = name, agenda, tree, report
        self.indexes = indexes
        self.rendered: dict[tuple[Network, str], str] = {}  # text -> where, per network
        self.bad: set[Path] = set()  # texts already reported as unrenderable
        self.duplicates: set[Path] = set()  # places already reported (one message each)
        self.same_number: set[int] = set()  # items whose number repeats an earlier one

    def add(
        self,
        path: Path,
        message: str,
        hint: str | None = None,
        severity: Severity = "error",
        *,
        key: bool = False,
    ) -> None:
        info = self.tree.key_at(path) if key else self.tree.value_at(path)
        self.report.problems.append(
            Problem(self.name, info.line, info.col, severity, message, hint)
        )

    def path(self, section: str, position: int, *rest: str | int) -> Path:
        return (section, self.indexes[section][position], *rest)

    # -- identity and references ----------------------------------------------------------
    def unique(self, section: str, values: Iterable[str], field: str, what: str) -> set[int]:
        """Report repeated values; return the positions of the repeats."""
        first: dict[str, int] = {}
        repeats: set[int] = set()
        for position, value in enumerate(values):
            norm = " ".join(value.split()).casefold()  # as rendered: spaces collapse
            path = self.path(section, position, field)
            if norm in first:
                line = self.tree.value_at(self.path(section, first[norm], field)).line
                self.add(
                    path,
                    _("duplicate {what} {value!r} (first at line {line})").format(
                        what=what, value=value, line=line
                    ),
                )
                repeats.add(position)
            else:
                first[norm] = position
        return repeats

    def reference(self, path: Path, value: str | None, known: list[str], what: str) -> None:
        if value is None or value in known:
            return
        close = difflib.get_close_matches(value, known, n=1)
        self.add(
            path,
            _("unknown {what} {value!r}").format(what=what, value=value),
            _("did you mean {id!r}?").format(id=close[0]) if close else None,
        )

    def hashtags(self, path: Path, tags: list[str]) -> None:
        for index, tag in enumerate(tags):
            if not is_valid_hashtag(tag):
                hint = _("a hashtag starts with #") if not tag.startswith("#") else None
                self.add((*path, index), _("invalid hashtag {tag!r}").format(tag=tag), hint)

    def url(self, path: Path, url: str | None) -> None:
        if url is not None and not is_http_url(url):
            self.add(
                path,
                _("invalid URL {url!r}").format(url=url),
                _("write a full http:// or https:// address"),
            )

    def structure(self) -> None:
        agenda = self.agenda
        session = agenda.session
        self.hashtags(("session", "hashtags"), session.hashtags)
        self.url(("session", "livestream_url"), session.livestream_url)
        self.unique("groups", (g.id for g in agenda.groups), "id", _("group id"))
        self.unique("themes", (t.id for t in agenda.themes), "id", _("theme id"))
        self.unique("members", (m.id for m in agenda.members), "id", _("member id"))
        self.unique("items", (i.id for i in agenda.items), "id", _("item id"))
        self.same_number = self.unique(
            "items", (i.number for i in agenda.items), "number", _("item number")
        )
        groups = [g.id for g in agenda.groups]
        themes = [t.id for t in agenda.themes]
        members = [m.id for m in agenda.members]
        for pos, theme in enumerate(agenda.themes):
            self.hashtags(self.path("themes", pos, "hashtags"), theme.hashtags)
        for pos, member in enumerate(agenda.members):
            self.reference(self.path("members", pos, "group"), member.group, groups, _("group"))
            for network in NETWORKS:
                handle = member.handles.for_network(network)
                if handle is not None and not _HANDLE_CHECKS[network](handle):
                    self.add(
                        self.path("members", pos, "handles", network),
                        _("invalid {network} handle {handle!r}").format(
                            network=DISPLAY_NAMES[network], handle=handle
                        ),
                        _("e.g. {example}").format(example=_HANDLE_EXAMPLES[network]),
                    )
        for pos, item in enumerate(agenda.items):
            self.reference(self.path("items", pos, "theme"), item.theme, themes, _("theme"))
            self.reference(
                self.path("items", pos, "rapporteur"), item.rapporteur, members, _("member")
            )
            self.hashtags(self.path("items", pos, "hashtags"), item.hashtags)
            for index, link in enumerate(item.links):
                self.url(self.path("items", pos, "links", index, "url"), link.url)
            if item.closed and item.drafts:
                self.add(
                    self.path("items", pos, "drafts"),
                    _("item {number} is closed (huis clos) but has drafts").format(
                        number=item.number
                    ),
                    _("nothing may be posted about a closed item: remove its drafts"),
                    key=True,
                )

    # -- templates and drafts --------------------------------------------------------------
    def templates(self) -> None:
        for stage, text in self.agenda.templates.items():
            path: Path = ("templates", stage)
            if stage not in STAGES:
                close = difflib.get_close_matches(stage, list(STAGES), n=1)
                self.add(
                    path,
                    _("unknown template {name!r}").format(name=stage),
                    _("did you mean {name!r}?").format(name=close[0])
                    if close
                    else _("known: {names}").format(names=", ".join(STAGES)),
                    key=True,
                )
                continue
            used = self.placeholders(path, text)
            if used is None:
                continue
            info = STAGES[stage]
            errors = len(self.report.errors)
            if info.scope == "item" and "number" not in used:
                self.add(
                    path,
                    _("the {name!r} template must contain {{number}}").format(name=stage),
                    _("X refuses identical posts: each item's post must differ"),
                )
            if info.scope == "session" and used & ITEM_PLACEHOLDERS:
                self.add(
                    path,
                    _("{name!r} is a session stage: {{{field}}} needs an item").format(
                        name=stage, field=sorted(used & ITEM_PLACEHOLDERS)[0]
                    ),
                )
            if not info.needs_votes and used & VOTE_PLACEHOLDERS:
                self.add(
                    path,
                    _("{{{field}}} is only known in vote stages").format(
                        field=sorted(used & VOTE_PLACEHOLDERS)[0]
                    ),
                    _("use it in vote, adopted_vote or rejected_vote"),
                )
            if len(self.report.errors) > errors:
                self.bad.add(path)

    def placeholders(self, path: Path, text: str) -> set[str] | None:
        try:
            used = placeholders_in(text)
        except TemplateError as exc:
            self.add(path, str(exc))
            self.bad.add(path)
            return None
        members = {m.id for m in self.agenda.members}
        for mention in sorted(u for u in used if u.startswith("@")):
            if mention[1:] not in members:
                close = difflib.get_close_matches(mention[1:], sorted(members), n=1)
                self.add(
                    path,
                    _("unknown member {{{mention}}}").format(mention=mention),
                    _("did you mean {{@{id}}}?").format(id=close[0]) if close else None,
                )
                self.bad.add(path)
                return None
        return used

    def drafts(self) -> None:
        for pos, item in enumerate(self.agenda.items):
            for stage, draft in item.drafts.items():
                self.report.summary.drafts += 1
                path = self.path("items", pos, "drafts", stage)
                if stage not in STAGES:
                    close = difflib.get_close_matches(stage, list(STAGES), n=1, cutoff=0.8)
                    if close:
                        self.add(
                            path,
                            _("draft {name!r} is not a built-in stage").format(name=stage),
                            _("did you mean {name!r}?").format(name=close[0]),
                            "warning",
                            key=True,
                        )
                parts = [draft] if isinstance(draft, str) else draft
                if not parts:
                    self.add(path, _("the thread is empty"))
                for index, text in enumerate(parts):
                    part_path = path if isinstance(draft, str) else (*path, index)
                    if not text.strip():
                        self.add(part_path, _("the draft is empty"))
                    else:
                        self.placeholders(part_path, text)

    # -- rendering ---------------------------------------------------------------------------
    def render_all(self) -> None:
        agenda = self.agenda
        worst = agenda.session.members_in_office or 999
        votes = VoteCounts(worst, worst, worst)
        for stage in stages_for(agenda, None):
            self.render(None, None, stage, votes)
        for pos, item in enumerate(agenda.items):
            for stage in stages_for(agenda, item):
                self.render(item, pos, stage, votes)

    def render(self, item: Item | None, pos: int | None, stage: str, votes: VoteCounts) -> None:
        agenda = self.agenda
        template = template_for(agenda, item, stage, votes)
        parts = [template] if isinstance(template, str) else template
        if item is not None and pos is not None and stage in item.drafts:
            where: Path = self.path("items", pos, "drafts", stage)
            source = "draft"
        elif stage in agenda.templates:
            where, source = ("templates", stage), "template"
        elif pos is not None:
            where, source = self.path("items", pos, "title"), "builtin"
        else:
            where, source = ("session", "title"), "builtin"
        if item is not None:
            label = _("item {number}, {stage!r}").format(number=item.number, stage=stage)
        else:
            label = repr(stage)
        for index, text in enumerate(parts):
            part_where = (*where, index) if isinstance(template, list) else where
            if part_where in self.bad or not text.strip():
                continue
            over: list[str] = []
            same_everywhere = not depends_on_network(text)
            rendered = ""
            for network in NETWORKS:
                try:
                    if not (same_everywhere and rendered):
                        rendered = render_text(agenda, text, item, network, votes, now=_WORST_TIME)
                except TemplateError as exc:
                    self.add(part_where, str(exc))
                    self.bad.add(part_where)
                    return
                if not rendered:
                    self.add(part_where, _("{label} renders as an empty post").format(label=label))
                    return
                length, limit = self.measure(rendered, network, item, stage)
                if length > limit:
                    over.append(
                        _("{length} characters on {network} (limit {limit})").format(
                            length=length, network=DISPLAY_NAMES[network], limit=limit
                        )
                    )
                if pos not in self.same_number:  # already reported as a repeated number
                    self.duplicate(network, rendered, label, part_where)
            if over:
                self.too_long(part_where, label, over, source, item)
            if source == "draft" and item is not None:
                self.empty_values(part_where, text, item)

    def empty_values(self, where: Path, text: str, item: Item) -> None:
        """Warn when a prepared draft uses a placeholder that has nothing to show."""
        session = self.agenda.session
        empty = {
            "rapporteur": item.rapporteur is None,
            "link": not item.links,
            "livestream_url": not session.livestream_url,
            "hashtags": not item_hashtags(self.agenda, item),
            "session_hashtags": not session.hashtags,
        }
        for name in sorted(placeholders_in(text)):
            if empty.get(name):
                self.add(
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
            self.add(
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
        self.add(
            where, _("{label} is too long: {over}").format(label=label, over=", ".join(over)), hint
        )

    def measure(
        self, text: str, network: Network, item: Item | None, stage: str
    ) -> tuple[int, int]:
        length = weighted_length(text, network)
        limit = HARD_LIMITS[network]
        longest = self.report.summary.longest.get(network)
        if longest is None or length > longest.length:
            self.report.summary.longest[network] = Longest(
                length, limit, item.id if item else None, stage
            )
        return length, limit


def check_semantics(
    name: str,
    agenda: Agenda,
    indexes: dict[str, list[int]],
    tree: Tree,
    report: CheckReport,
) -> None:
    """Add to ``report`` every problem the schema alone cannot see."""
    checker = _Checker(name, agenda, indexes, tree, report)
    summary = report.summary
    summary.items = len(agenda.items)
    summary.postable = sum(1 for i in agenda.items if i.postable)
    summary.closed = sum(1 for i in agenda.items if i.closed)
    summary.do_not_post = sum(1 for i in agenda.items if i.do_not_post and not i.closed)
    summary.members = len(agenda.members)
    checker.structure()
    checker.templates()
    checker.drafts()
    checker.render_all()
