"""Checks beyond the schema: references, uniqueness, entities, placeholders.

The posts themselves are rendered and measured by :mod:`post_checks`.
Problems point at the key or value in the file, through the YAML tree.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

from livetweet.agenda.actes import is_matter_code, siret_problem
from livetweet.agenda.characters import comparable, describe, is_invisible
from livetweet.agenda.media_checks import check_media
from livetweet.agenda.model import Agenda
from livetweet.agenda.placeholders import (
    ITEM_PLACEHOLDERS,
    VOTE_PLACEHOLDERS,
    TemplateError,
    placeholders_in,
)
from livetweet.agenda.post_checks import check_posts
from livetweet.agenda.problems import CheckReport, Problem, Severity
from livetweet.agenda.templates import STAGES
from livetweet.agenda.yaml_tree import Path, Tree
from livetweet.i18n import _
from livetweet.text import (
    DISPLAY_NAMES,
    NETWORKS,
    is_http_url,
    is_valid_bluesky_handle,
    is_valid_hashtag,
    is_valid_mastodon_handle,
    is_valid_x_handle,
)
from livetweet.text.display import control_characters
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


class Checker:
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
        self.bad: set[Path] = set()  # texts already reported as unrenderable
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
            norm = comparable(value)  # as a reader sees it: NFC, no invisible characters
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

    def invisible(self, path: Path, number: str) -> None:
        """Warn about a character no one sees in an item number (control characters,
        bidirectional overrides included, are already errors)."""
        unsafe = {char for _index, char in control_characters(number)}
        hidden = [c for c in number if is_invisible(c) and c not in unsafe]
        if hidden:
            visible = "".join(c for c in number if not is_invisible(c))
            self.add(
                path,
                _("item number {number!r} holds the invisible character {char}").format(
                    number=number, char=describe(hidden[0])
                ),
                _("it reads as {visible!r}: delete the character").format(visible=visible),
                "warning",
            )

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

    def siret(self, siret: str | None) -> None:
        why = None if siret is None else siret_problem(siret)
        if why == "digits":
            self.add(
                ("session", "siret"),
                _("invalid SIRET {siret!r}: 14 digits expected").format(siret=siret),
                _("9 digits of SIREN then 5 of NIC, without spaces, e.g. 21860194600013"),
            )
        elif why == "key":
            self.add(
                ("session", "siret"),
                _("SIRET {siret} fails its check key: a digit is wrong").format(siret=siret),
                _("copy it again from the INSEE directory (annuaire-entreprises.data.gouv.fr)"),
            )

    def matter(self, path: Path, code: str | None) -> None:
        if code is not None and not is_matter_code(code):
            self.add(
                path,
                _("unknown ACTES matter code {code!r}").format(code=code),
                _("a level-2 code of the ACTES nomenclature, e.g. 7.1 or 8.4"),
            )

    def structure(self) -> None:
        agenda = self.agenda
        session = agenda.session
        self.hashtags(("session", "hashtags"), session.hashtags)
        self.siret(session.siret)
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
                    where = self.path("members", pos, "handles", network)
                    written = self.tree.value_at(where).raw  # before the @ was added
                    self.add(
                        where,
                        _("invalid {network} handle {handle!r}").format(
                            network=DISPLAY_NAMES[network], handle=written or handle
                        ),
                        _("e.g. {example}").format(example=_HANDLE_EXAMPLES[network]),
                    )
        for pos, item in enumerate(agenda.items):
            self.invisible(self.path("items", pos, "number"), item.number)
            self.reference(self.path("items", pos, "theme"), item.theme, themes, _("theme"))
            self.reference(
                self.path("items", pos, "rapporteur"), item.rapporteur, members, _("member")
            )
            self.hashtags(self.path("items", pos, "hashtags"), item.hashtags)
            self.matter(self.path("items", pos, "matiere"), item.matiere)
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


def check_semantics(
    name: str,
    agenda: Agenda,
    indexes: dict[str, list[int]],
    tree: Tree,
    report: CheckReport,
) -> None:
    """Add to ``report`` every problem the schema alone cannot see, rendering every
    post on every network (the slow part)."""
    checker = Checker(name, agenda, indexes, tree, report)
    summary = report.summary
    summary.items = len(agenda.items)
    summary.postable = sum(1 for i in agenda.items if i.postable)
    summary.closed = sum(1 for i in agenda.items if i.closed)
    summary.do_not_post = sum(1 for i in agenda.items if i.do_not_post and not i.closed)
    summary.members = len(agenda.members)
    checker.structure()
    checker.templates()
    checker.drafts()
    check_media(checker)
    check_posts(checker)
