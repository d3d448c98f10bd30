"""What the outbox tells its callers: events, reports and snapshots (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from livetweet.publishing.publisher import Quota
from livetweet.publishing.state import PostRecord, Vote
from livetweet.text.networks import Network

#: The name of a post within its session, e.g. "p12".
PostRef = str

ThreadMode = Literal["session", "item", "none"]
THREAD_MODES: tuple[ThreadMode, ...] = ("session", "item", "none")

EventKind = Literal[
    "queued",
    "sending",
    "posted",
    "failed",
    "retrying",
    "uncertain",
    "reconciled",
    "cancelled",
    "deleted",
    "resolved",
    "edited",
]


@dataclass(frozen=True)
class OutboxEvent:
    """A status change, sent to the listener from the thread that caused it."""

    kind: EventKind
    ref: PostRef
    network: Network
    message: str  # for the operator; never a secret
    post: PostRecord
    retry_at: float | None = None  # epoch seconds, for "retrying"

    @property
    def account_id(self) -> str:
        """The account the post goes to (a network's name for its default account)."""
        return self.post.account_id


@dataclass(frozen=True)
class NetworkState:
    """One account's state (``Outbox.network_states`` is keyed by account id)."""

    network: Network
    account: str  # the handle, e.g. "@VilleDeVilleneuve"
    dry_run: bool
    status: Literal["online", "retrying", "blocked"]  # blocked: failed/uncertain posts wait
    queued: int
    uncertain: int
    failed: int
    retry_at: float | None
    quota: Quota
    #: The configuration's id of the account; "" stands for the network's default one.
    account_id: str = ""
    #: Photo uploads left in the account's budget now (Mastodon: 30 per 30 minutes);
    #: None where the network has no such budget.
    media_remaining: int | None = None
    #: When the next upload frees, where none is left now (epoch seconds).
    media_frees_at: float | None = None

    def __post_init__(self) -> None:
        if not self.account_id:
            object.__setattr__(self, "account_id", self.network)


@dataclass(frozen=True)
class Counts:
    """Posts published this session (X bills per post, more for posts with a URL)."""

    posts: int
    posts_with_urls: int
    by_network: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class ProcessReport:
    posted: list[PostRef]  # during this call
    queued: list[PostRef]  # still waiting (retry later, or behind a failed/uncertain post)
    failed: list[PostRef]  # need the operator: retry, cancel, convert thread
    uncertain: list[PostRef]  # need the operator: resolve_uncertain
    stopped: bool  # the stop event was set
    #: found on the network during this call (already published: not sent again)
    found: list[PostRef] = field(default_factory=list)
    #: outcome still unknown: the network could not be asked yet (asked again later)
    unknown: list[PostRef] = field(default_factory=list)


@dataclass(frozen=True)
class SessionSnapshot:
    """What a restarted UI needs to pick up where it was."""

    session_id: str
    current_item: str | None
    items_started: list[str]
    votes: dict[str, Vote]
    thread_tails: dict[str, PostRecord]  # thread id -> its last post
