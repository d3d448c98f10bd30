"""The session's public record, built from a journal that verifies (and the agenda).

Everything here is read through the publishing package's public functions:
``verify_journal`` checks the hash chain, and ``SessionState.apply`` (the very
replay the outbox runs at start-up) gives each post's final state. The entries
the replay does not keep (every vote record, not just the latest; overrides;
corrections) are read from the verified entries directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livetweet.agenda.model import Agenda
from livetweet.i18n import _
from livetweet.publishing.journal import Entry, gc_paused, verify_journal
from livetweet.publishing.state import PostRecord, SessionState


class ReportError(Exception):
    """No report can be made: the journal is missing, unreadable or its chain is broken."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class VoteRecord:
    """One ``vote_recorded`` entry. The latest of an item is its result; earlier ones
    stay in the record, shown as corrected."""

    item_id: str
    votes_for: int
    against: int
    abstain: int
    outcome: str
    at: str
    seq: int
    operator: str
    source: str  # "session" (the TUI) or "votes" (recorded later with `livetweet votes`)

    @property
    def total(self) -> int:
        return self.votes_for + self.against + self.abstain


@dataclass(frozen=True)
class Override:
    """A post for a closed or do-not-post item the operator insisted on."""

    item_id: str
    why: str
    at: str
    seq: int
    operator: str


@dataclass
class ItemRecord:
    id: str
    number: str
    title: str
    closed: bool = False
    do_not_post: bool = False
    matiere: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    started_at: str | None = None
    posts: list[PostRecord] = field(default_factory=list)
    votes: list[VoteRecord] = field(default_factory=list)  # in journal order
    overrides: list[Override] = field(default_factory=list)

    @property
    def vote(self) -> VoteRecord | None:
        """The result: the latest vote recorded for the item."""
        return self.votes[-1] if self.votes else None


@dataclass(frozen=True)
class NetworkSummary:
    network: str
    accounts: tuple[str, ...]
    posts: int  # published (deleted ones included: they were published)
    posts_with_link: int
    cost_usd: float | None  # X only, at the prices of ``prices``


@dataclass
class Report:
    journal: Path
    session_id: str
    title: str
    body: str | None
    place: str | None
    start: str | None  # ISO 8601
    date: str | None  # YYYY-MM-DD: the session's, else the first entry's (UTC)
    siret: str | None
    members_in_office: int | None
    dry_run: bool
    entries: int
    last_seq: int
    last_hash: str
    first_at: str | None
    last_at: str | None
    items: list[ItemRecord]
    session_posts: list[PostRecord]  # posts about no item (opening, suspension...)
    posts: dict[str, PostRecord]  # every post, by ref, in queue order
    networks: list[NetworkSummary]
    deleted_at: dict[str, str] = field(default_factory=dict)  # ref -> when it was deleted
    torn_tail_line: int | None = None
    hashtags: list[str] = field(default_factory=list)

    @property
    def published(self) -> list[PostRecord]:
        return [p for p in self.posts.values() if p.state == "posted"]

    @property
    def deleted(self) -> list[PostRecord]:
        return [p for p in self.posts.values() if p.state == "deleted"]

    @property
    def corrections(self) -> list[tuple[PostRecord, list[PostRecord]]]:
        """(corrected post, the posts correcting it)."""
        return [
            (p, [self.posts[r] for r in p.corrected_by if r in self.posts])
            for p in self.posts.values()
            if p.corrected_by
        ]

    @property
    def follow_up(self) -> list[PostRecord]:
        """Posts that need someone: failed, uncertain, or never sent."""
        return [
            p
            for p in self.posts.values()
            if p.state in ("failed", "uncertain", "queued", "sending")
        ]

    def item(self, item_id: str) -> ItemRecord | None:
        return next((i for i in self.items if i.id == item_id), None)


def build_report(journal: Path, agenda: Agenda | None = None) -> Report:
    """The record of the session in ``journal``. Raises ``ReportError`` when the
    file is missing or unreadable, or its chain is broken (with the first bad line)."""
    try:
        check = verify_journal(journal)
    except FileNotFoundError:
        raise ReportError(_("{path}: no such file").format(path=journal), missing=True) from None
    except OSError as error:
        raise ReportError(f"{journal}: {error.strerror or error}", missing=True) from None
    if not check.ok:
        raise ReportError(
            _("{path}:{line}: {why}; no report is made from a broken journal").format(
                path=journal, line=check.error_line, why=check.error
            )
        )
    if not check.entries:
        raise ReportError(_("{path}: empty journal").format(path=journal))
    with gc_paused():
        return _build(journal, check.entries, agenda, check.torn_tail_line)


def _build(journal: Path, entries: list[Entry], agenda: Agenda | None, torn: int | None) -> Report:
    state = SessionState()
    items: dict[str, ItemRecord] = {}
    if agenda is not None:
        for item in agenda.items:
            items[item.id] = ItemRecord(
                item.id,
                item.number,
                item.title,
                closed=item.closed,
                do_not_post=item.do_not_post,
                matiere=item.matiere,
                links=[(link.label, link.url) for link in item.links],
            )

    def about(item_id: str) -> ItemRecord:
        if item_id not in items:  # not in the agenda given (or none given)
            items[item_id] = ItemRecord(item_id, item_id, item_id)
        return items[item_id]

    accounts: dict[str, set[str]] = {}
    deleted_at: dict[str, str] = {}
    dry_run: bool | None = None
    for entry in entries:
        state.apply(entry)
        data = entry.data
        kind = data["type"]
        if kind in ("session_opened", "session_resumed"):
            if dry_run is None:
                dry_run = bool(data.get("dry_run"))
            # {account id: handle}; an account id is its network's name for the default
            # account (and in every journal older than accounts)
            networks = dict(data.get("account_networks") or {})
            for account_id, account in dict(data.get("accounts") or {}).items():
                network = networks.get(account_id, account_id)
                accounts.setdefault(str(network), set()).add(str(account))
        elif kind == "item_started" and data.get("item"):
            record = about(str(data["item"]))
            record.started_at = record.started_at or str(data["ts"])
        elif kind == "deleted" and data.get("ref"):
            deleted_at[str(data["ref"])] = str(data["ts"])
        elif kind == "vote_recorded":
            about(str(data["item"])).votes.append(_vote(data))
        elif kind == "override" and data.get("item"):
            about(str(data["item"])).overrides.append(
                Override(
                    str(data["item"]),
                    str(data.get("why") or ""),
                    str(data["ts"]),
                    int(data["seq"]),
                    str(data.get("operator") or ""),
                )
            )
    posts = {ref: record.snapshot() for ref, record in state.posts.items()}
    session_posts: list[PostRecord] = []
    for post in posts.values():
        if post.item_id:
            about(post.item_id).posts.append(post)
        else:
            session_posts.append(post)
        if post.account:
            accounts.setdefault(post.network, set()).add(post.account)
    if dry_run is None:
        dry_run = any(p.dry_run for p in posts.values())
    first, last = entries[0].data, entries[-1].data
    session = agenda.session if agenda is not None else None
    start = session.start.isoformat() if session is not None else None
    return Report(
        journal=journal,
        session_id=str(first.get("session", "")),
        title=session.title if session is not None else str(first.get("session", "")),
        body=session.body if session is not None else None,
        place=session.place if session is not None else None,
        start=start,
        date=(start or str(first.get("ts", "")))[:10] or None,
        siret=session.siret if session is not None else None,
        members_in_office=session.members_in_office if session is not None else None,
        dry_run=dry_run,
        entries=len(entries),
        last_seq=int(last["seq"]),
        last_hash=str(last["hash"]),
        first_at=str(first.get("ts")),
        last_at=str(last.get("ts")),
        items=list(items.values()),
        session_posts=session_posts,
        posts=posts,
        networks=_networks(posts, accounts),
        deleted_at=deleted_at,
        torn_tail_line=torn,
        hashtags=list(session.hashtags) if session is not None else [],
    )


def _vote(data: dict[str, Any]) -> VoteRecord:
    return VoteRecord(
        item_id=str(data["item"]),
        votes_for=int(data["for"]),
        against=int(data["against"]),
        abstain=int(data["abstain"]),
        outcome=str(data.get("outcome") or ""),
        at=str(data["ts"]),
        seq=int(data["seq"]),
        operator=str(data.get("operator") or ""),
        source=str(data.get("source") or "session"),
    )


def _networks(posts: dict[str, PostRecord], accounts: dict[str, set[str]]) -> list[NetworkSummary]:
    from livetweet.reporting.prices import x_cost

    result = []
    for network in sorted({p.network for p in posts.values()} | set(accounts)):
        published = [
            p for p in posts.values() if p.network == network and p.state in ("posted", "deleted")
        ]
        with_link = sum(p.has_url for p in published)
        result.append(
            NetworkSummary(
                network,
                tuple(sorted(accounts.get(network, ()))),
                len(published),
                with_link,
                x_cost(len(published) - with_link, with_link) if network == "x" else None,
            )
        )
    return result
