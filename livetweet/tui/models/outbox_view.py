"""Reading the outbox for the screens: status figures, timeline rows, resume data,
and the plain rows and figures the timeline and the status bar show.

Only reads; the posting controller owns every call that changes the outbox.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from livetweet.i18n import _, ngettext
from livetweet.publishing.budget import MASTODON_UPLOADS
from livetweet.text.networks import DISPLAY_NAMES, NETWORKS, Network
from livetweet.tui.models.accounts import AccountBook
from livetweet.tui.models.session import OUTCOME_OF_STAGE, SessionModel

if TYPE_CHECKING:
    from livetweet.publishing import Outbox, OutboxEvent


@dataclass(frozen=True)
class TimelineRow:
    """One post as the timeline shows it."""

    key: str  # the outbox's reference of the post
    time: str  # "HH:MM:SS"
    network: Network
    item: str  # item number, or "" for the session
    state: str  # posted | queued | sending | failed | uncertain | deleted | cancelled
    text: str
    detail: str = ""  # URL when posted, reason when failed
    thread: str = ""  # the outbox's thread id
    #: Where a network has several accounts: which one ("Mastodon @VilleMobilite").
    account: str = ""

    @property
    def where(self) -> str:
        """Its account where that matters, else its network."""
        return self.account or DISPLAY_NAMES[self.network]


@dataclass(frozen=True)
class NetworkStatus:
    """One account's state as the status bar shows it."""

    state: str = "online"  # online | retrying | blocked | offline | disabled
    dry_run: bool = False  # posts go to a local file: "simulation", never "online"
    queued: int = 0
    uncertain: int = 0
    failed: int = 0
    #: What the bar calls it where a network has several accounts
    #: ("Mastodon @VilleMobilite"); "": its key is a network's name.
    label: str = ""
    network: Network | None = None
    #: Photo uploads left (Mastodon: 30 per 30 minutes); None where there is no budget.
    media_remaining: int | None = None
    media_limit: int = MASTODON_UPLOADS
    #: None left: when the next one frees ("HH:MM:SS", the session's time).
    media_until: str = ""


@dataclass(frozen=True)
class StatusFigures:
    #: Keyed by account id (a network's name for its default account).
    networks: Mapping[str, NetworkStatus] = field(default_factory=dict)
    quota: str | None = None  # e.g. "X 47/50 (24 h)"
    posts: int | None = None
    posts_with_urls: int | None = None
    dry_run: bool = True


#: The outbox's "blocked" means a failed or uncertain post waits for the operator
#: (a refused post, a duplicate): the network is not offline.
STATES = {"online": "online", "retrying": "retrying", "blocked": "blocked"}


def status_figures(
    outbox: Outbox, accounts: AccountBook | None = None, zone: tzinfo | None = None
) -> StatusFigures:
    """Each account's state and quota; ``accounts`` names them where a network has
    several (else the network's name, as before accounts existed); times in ``zone``
    (the session's)."""
    networks: dict[str, NetworkStatus] = {}
    quotas: list[str] = []
    several = accounts is not None and accounts.several
    by_network = sorted(outbox.network_states().items(), key=lambda i: NETWORKS.index(i[1].network))
    for account_id, state in by_network:  # a network's accounts side by side
        network = state.network
        label = ""
        if several and accounts is not None and account_id in accounts:
            label = accounts.status_label(account_id)
        networks[account_id] = NetworkStatus(
            state=STATES.get(state.status, state.status),
            dry_run=state.dry_run,
            queued=state.queued,
            uncertain=state.uncertain,
            failed=state.failed,
            label=label,
            network=network,
            media_remaining=state.media_remaining,
            media_until=_clock_at(state.media_frees_at, zone),
        )
        q = state.quota
        name = label or DISPLAY_NAMES[network]
        if network == "x" and q.user_24h_remaining is not None and q.user_24h_limit:
            quotas.append(f"{name} {q.user_24h_remaining}/{q.user_24h_limit}")
        elif network in ("x", "mastodon") and q.remaining is not None and q.limit:
            quotas.append(f"{name} {q.remaining}/{q.limit}")
    quota = " · ".join(quotas) or None
    counts = outbox.counts()
    return StatusFigures(
        networks=networks,
        quota=quota,
        posts=counts.posts,
        posts_with_urls=counts.posts_with_urls,
        dry_run=outbox.dry_run,
    )


def timeline_rows(
    outbox: Outbox, model: SessionModel, accounts: AccountBook | None = None
) -> list[TimelineRow]:
    """Oldest first; times in the session's time zone (the agenda's UTC offset), as
    the posts' ``{time}`` says them, whatever the computer's zone; ``accounts``
    names each post's account where a network has several."""
    several = accounts is not None and accounts.several
    zone = model.agenda.session.start.tzinfo
    now = outbox.clock.now()
    rows = []
    for record in outbox.timeline():
        item = model.agenda.item(record.item_id) if record.item_id else None
        when = record.posted_at or record.queued_at
        detail = record.url or record.reason or ""
        if record.state == "queued" and record.retry_at is not None and record.retry_at > now:
            retry = _("Next try at {time}.").format(time=_clock_at(record.retry_at, zone))
            detail = f"{detail} {retry}" if detail else retry
        rows.append(
            TimelineRow(
                key=record.ref,
                time=_clock(when, zone),
                network=record.network,
                item=item.number if item else "",
                state=record.state,
                text=record.text,
                detail=detail,
                thread=record.thread_id,
                account=accounts.status_label(record.account_id)
                if several and accounts is not None and record.account_id in accounts
                else "",
            )
        )
    return rows


def _clock(iso: str | None, zone: tzinfo | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone(zone).strftime("%H:%M:%S")
    except ValueError:
        return iso


def _clock_at(epoch: float | None, zone: tzinfo | None) -> str:
    if epoch is None:
        return ""
    return datetime.fromtimestamp(epoch, zone).strftime("%H:%M:%S")


def restore_model(outbox: Outbox, model: SessionModel) -> None:
    """Current item, votes and decisions come back from the journal on restart."""
    snapshot = outbox.session_state()
    votes = {
        item_id: (v.votes_for, v.against, v.abstain, v.outcome)
        for item_id, v in snapshot.votes.items()
    }
    outcomes = {
        record.item_id: record.stage
        for record in outbox.timeline()
        if record.item_id and record.stage in OUTCOME_OF_STAGE and record.state != "cancelled"
    }
    model.restore(snapshot.current_item, snapshot.items_started, votes, outcomes)


class PostedNotices:
    """What to say when a post is published: one notice per post, but one per thread
    (per account) when its last post is out. A thread of twelve posts made twelve
    notices, stacked over the draft for a minute."""

    def __init__(self) -> None:
        self._first_link: dict[tuple[str, str], str] = {}  # (thread, account): its URL

    def posted(self, event: OutboxEvent, name: str | None = None) -> str | None:
        """The notice for this "posted" event, or None while its thread goes on;
        ``name``: what to call its account (default: its network)."""
        post = event.post
        name = name or DISPLAY_NAMES[event.network]
        link = post.url or post.post_id or ""
        if post.count <= 1:
            return f"{name} — {link}"
        key = (post.submission or post.thread_id, event.account_id)
        first = self._first_link.setdefault(key, link)
        if post.position < post.count:
            return None
        del self._first_link[key]
        thread = ngettext(
            "{network}: thread of {n} post — {link}",
            "{network}: thread of {n} posts — {link}",
            post.count,
        )
        return thread.format(network=name, n=post.count, link=first)
