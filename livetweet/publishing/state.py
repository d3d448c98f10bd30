"""The session's state, rebuilt by replaying journal entries.

The ledger applies every entry it writes through the same ``SessionState.apply``
used to replay a journal at start-up, so the live state and the state after a
crash are the same by construction; nothing else changes it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from livetweet.publishing.attachments import SpooledPhoto
from livetweet.publishing.journal import Entry
from livetweet.publishing.publisher import UploadedMedia
from livetweet.text import extract_urls
from livetweet.text.networks import Network

PostState = Literal["queued", "sending", "posted", "failed", "uncertain", "deleted", "cancelled"]


@dataclass(slots=True)
class PostRecord:
    """One post of the session, as the journal tells it."""

    ref: str  # the session-unique name of this post, e.g. "p12"
    network: Network
    account: str
    text: str
    item_id: str | None
    stage: str | None
    thread_id: str
    position: int  # 1-based among the parts submitted together
    count: int
    operator: str
    reply_to_ref: str | None  # the post of this session it replies to (may not be sent yet)
    reply_to_id: str | None  # an outside post id to reply to, when reply_to_ref is None
    corrects: str | None
    queued_at: str
    queued_seq: int
    dry_run: bool
    state: PostState = "queued"
    post_id: str | None = None
    url: str | None = None
    replied_to: str | None = None  # the post id it was really sent in reply to
    reason: str | None = None
    failure_kind: str | None = None
    retry_at: float | None = None  # epoch seconds: queued, waiting for an automatic retry
    attempts: int = 0
    standalone: bool = False
    posted_at: str | None = None
    posted_seq: int | None = None
    submission: str | None = None  # the first ref of the submit() call it came in
    submission_size: int | None = None  # how many parts that call queued, every network
    corrected_by: list[str] = field(default_factory=list)
    #: The texts it had before each edit in place, oldest first.
    edited_from: list[str] = field(default_factory=list)
    #: An edit in place journalled but with no outcome yet (a crash in the call).
    pending_edit: str | None = None
    #: What the network's publisher said went out differently than typed.
    warnings: tuple[str, ...] = ()
    #: Queued (or failed) when the journal was reopened: the part of the journal that
    #: would tell whether it went out may have been lost, so the network is asked first.
    check_first: bool = field(default=False, compare=False)
    checked: bool = field(default=False, compare=False)  # asked, and the network had not it
    #: The photos it carries (the first part of a thread), as spooled at ``submit``.
    media: tuple[SpooledPhoto, ...] = ()
    alt_required: bool = True  # False: queued under ``require_alt_text: false``
    #: Photo index -> the upload journalled for it (``media_uploaded``), reused until
    #: the network forgets it (``media_forgotten``).
    uploaded: dict[int, UploadedMedia] = field(default_factory=dict)

    @property
    def has_url(self) -> bool:
        """As the network counts links (X bills a post with a link more)."""
        return bool(extract_urls(self.text, require_scheme=self.network == "mastodon"))

    def snapshot(self) -> PostRecord:
        """A copy the caller may keep: the ledger goes on changing the original."""
        copied = copy.copy(self)
        copied.corrected_by = list(self.corrected_by)
        copied.edited_from = list(self.edited_from)
        copied.uploaded = dict(self.uploaded)
        return copied


@dataclass(frozen=True)
class Vote:
    item_id: str
    votes_for: int
    against: int
    abstain: int
    outcome: str


@dataclass
class SessionState:
    """Everything the journal says about the session so far."""

    session_id: str = ""
    posts: dict[str, PostRecord] = field(default_factory=dict)  # in queue order
    current_item: str | None = None
    items_started: list[str] = field(default_factory=list)
    votes: dict[str, Vote] = field(default_factory=dict)
    thread_tails: dict[str, str] = field(default_factory=dict)  # thread id -> last ref
    standalone_threads: set[str] = field(default_factory=set)
    network_wait: dict[str, float] = field(default_factory=dict)  # network -> epoch seconds
    last_seq: int = 0
    #: The journal was once reopened without proof that it was whole (cut, or no mark):
    #: a post queued before then that the network cannot look up becomes uncertain.
    doubted: bool = False
    #: Account id -> when each photo was uploaded (epoch seconds, the outbox's clock):
    #: the Mastodon upload budget is counted from these.
    media_uploads: dict[str, list[float]] = field(default_factory=dict)

    def apply(self, entry: Entry) -> None:
        data = entry.data
        self.last_seq = data["seq"]
        if not self.session_id:
            self.session_id = str(data.get("session", ""))
        handler = _HANDLERS.get(data["type"])
        if handler is not None:
            handler(self, data)

    # -- queries -------------------------------------------------------------

    def parent_post_id(self, record: PostRecord) -> tuple[str | None, str | None]:
        """(post id to reply to, None) or (None, ref of the post it must wait for).

        Walks back the chain past posts that will never exist (cancelled,
        deleted, published with an unknown id) to the nearest one that does.
        """
        if record.standalone:
            return None, None
        current = record
        while current.reply_to_ref is not None:
            parent = self.posts.get(current.reply_to_ref)
            if parent is None:
                break
            if parent.state == "posted" and parent.post_id:
                return parent.post_id, None
            if parent.state in ("posted", "cancelled", "deleted"):
                current = parent
                continue
            return None, parent.ref
        return current.reply_to_id, None

    def sendable(self, network: str, now: float) -> PostRecord | None:
        """The first post of ``network`` that may be sent now, in queue order."""
        if self.network_wait.get(network, 0.0) > now:
            return None
        for record in self.posts.values():
            if record.network != network or record.state != "queued":
                continue
            if record.retry_at is not None and record.retry_at > now:
                continue
            if self.parent_post_id(record)[1] is None:
                return record
        return None

    def next_wake(self, network: str) -> float | None:
        """When the earliest waiting post of ``network`` may be tried again."""
        times = [
            max(r.retry_at or 0.0, self.network_wait.get(network, 0.0))
            for r in self.posts.values()
            if r.network == network and r.state == "queued" and self.parent_post_id(r)[1] is None
        ]
        return min(times) if times else None


def _post(state: SessionState, data: dict[str, Any]) -> PostRecord | None:
    return state.posts.get(str(data.get("ref")))


def _on_queued(state: SessionState, d: dict[str, Any]) -> None:
    record = PostRecord(
        ref=d["ref"],
        network=d["network"],
        account=d.get("account", ""),
        text=d["text"],
        item_id=d.get("item"),
        stage=d.get("stage"),
        thread_id=d["thread"],
        position=d.get("position", 1),
        count=d.get("count", 1),
        operator=d.get("operator", ""),
        reply_to_ref=d.get("reply_to_ref"),
        reply_to_id=d.get("reply_to_id"),
        corrects=d.get("corrects"),
        queued_at=d["ts"],
        queued_seq=d["seq"],
        dry_run=bool(d.get("dry_run", False)),
        standalone=d["thread"] in state.standalone_threads,
        submission=d.get("submission"),
        submission_size=d.get("submission_size"),
        media=tuple(SpooledPhoto.from_record(m) for m in d.get("media") or ()),
        alt_required=d.get("alt_required", True) is not False,
    )
    state.posts[record.ref] = record
    state.thread_tails[record.thread_id] = record.ref
    if record.corrects and record.corrects in state.posts:
        state.posts[record.corrects].corrected_by.append(record.ref)


def _on_sending(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is not None:
        r.state, r.attempts, r.retry_at = "sending", r.attempts + 1, None


def _mark_posted(state: SessionState, r: PostRecord, d: dict[str, Any]) -> None:
    r.state, r.reason, r.failure_kind, r.retry_at = "posted", None, None, None
    r.post_id, r.url = d.get("post_id"), d.get("url")
    r.replied_to = d.get("reply_to", r.replied_to)
    r.posted_at, r.posted_seq = d["ts"], d["seq"]
    r.warnings = tuple(d.get("warnings") or ())
    state.network_wait.pop(r.network, None)


def _on_posted(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is not None:
        _mark_posted(state, r, d)


def _on_failed(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is None:
        return
    r.reason, r.failure_kind = d.get("reason"), d.get("kind")
    if d.get("retryable"):
        r.state, r.retry_at = "queued", d.get("retry_at")
        if r.retry_at is not None:
            state.network_wait[r.network] = r.retry_at
    else:
        r.state, r.retry_at = "failed", None


def _on_uncertain(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is not None:
        r.state, r.reason, r.retry_at = "uncertain", d.get("reason"), None


def _on_reconciled(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is None:
        return
    r.check_first = False
    if d.get("found"):
        _mark_posted(state, r, d)
    else:  # the network surely does not have it (found None: it was never sent)
        r.state, r.checked = "queued", d.get("found") is False
        r.reason = d.get("reason", r.reason)


def _on_media_uploaded(state: SessionState, d: dict[str, Any]) -> None:
    at = d.get("at")
    if not isinstance(at, int | float):
        at = datetime.fromisoformat(d["ts"]).timestamp()
    state.media_uploads.setdefault(str(d.get("account_id")), []).append(float(at))
    if (r := _post(state, d)) is not None:
        r.uploaded[int(d["index"])] = UploadedMedia(
            media_id=str(d["media_id"]),
            sha256=str(d["sha256"]),
            mime_type=str(d["mime_type"]),
            size=int(d["size"]),
            width=int(d["width"]),
            height=int(d["height"]),
            alt=str(d.get("alt") or ""),
        )


def _on_media_forgotten(state: SessionState, d: dict[str, Any]) -> None:
    """The network refused the post because it no longer has its photos: it surely
    did not publish it; the photos are uploaded again before the next attempt."""
    if (r := _post(state, d)) is not None:
        r.uploaded.clear()
        if r.state == "sending":
            r.state = "queued"


def _on_media_waiting(state: SessionState, d: dict[str, Any]) -> None:
    """The account's upload budget is spent: the post waits, queued, until it frees."""
    if (r := _post(state, d)) is not None and r.state == "queued":
        r.retry_at, r.reason = d.get("until"), d.get("reason", r.reason)


def _on_session_opened(state: SessionState, d: dict[str, Any]) -> None:
    """After any reopen, whatever is still to be sent is looked up before it is."""
    if d.get("whole") is False:
        state.doubted = True
    for r in state.posts.values():
        if r.state in ("queued", "failed"):
            r.check_first = True


def _on_entries_missing(state: SessionState, d: dict[str, Any]) -> None:
    state.doubted = True


def _on_resolved(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is None:
        return
    if d.get("published"):
        _mark_posted(state, r, d)
    else:
        r.state, r.reason, r.retry_at, r.attempts = "queued", None, None, 0


def _on_retried(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is not None:
        r.state, r.reason, r.failure_kind, r.retry_at, r.attempts = "queued", None, None, None, 0
        state.network_wait.pop(r.network, None)


def _on_cancelled(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is not None:
        r.state, r.retry_at = "cancelled", None
        r.reason = d.get("reason", r.reason)


def _on_deleted(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is not None:
        r.state, r.reason = "deleted", None


def _on_delete_failed(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is not None:
        r.reason = d.get("reason")


def _on_editing(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is not None:
        r.pending_edit = d.get("text")


def _on_edited(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is not None:
        r.edited_from.append(r.text)
        r.text, r.pending_edit, r.reason = d["text"], None, None
        r.url = d.get("url") or r.url


def _on_edit_failed(state: SessionState, d: dict[str, Any]) -> None:
    if (r := _post(state, d)) is not None:
        r.pending_edit, r.reason = None, d.get("reason")


def _on_thread_converted(state: SessionState, d: dict[str, Any]) -> None:
    state.standalone_threads.add(d["thread"])
    for ref, text in dict(d.get("texts", {})).items():
        if (r := state.posts.get(ref)) is not None:
            r.standalone, r.text = True, text
            if r.state == "failed":
                r.state, r.reason, r.failure_kind = "queued", None, None


def _on_item_started(state: SessionState, d: dict[str, Any]) -> None:
    state.current_item = d.get("item")
    if state.current_item and state.current_item not in state.items_started:
        state.items_started.append(state.current_item)


def _on_vote(state: SessionState, d: dict[str, Any]) -> None:
    item = str(d["item"])
    state.votes[item] = Vote(item, d["for"], d["against"], d["abstain"], d["outcome"])


_HANDLERS = {
    "queued": _on_queued,
    "sending": _on_sending,
    "posted": _on_posted,
    "failed": _on_failed,
    "uncertain": _on_uncertain,
    "reconciled": _on_reconciled,
    "resolved": _on_resolved,
    "retried": _on_retried,
    "cancelled": _on_cancelled,
    "deleted": _on_deleted,
    "delete_failed": _on_delete_failed,
    "editing": _on_editing,
    "edited": _on_edited,
    "edit_failed": _on_edit_failed,
    "thread_converted": _on_thread_converted,
    "session_opened": _on_session_opened,
    "session_resumed": _on_session_opened,
    "entries_missing": _on_entries_missing,
    "item_started": _on_item_started,
    "vote_recorded": _on_vote,
    "media_uploaded": _on_media_uploaded,
    "media_forgotten": _on_media_forgotten,
    "media_waiting": _on_media_waiting,
}
