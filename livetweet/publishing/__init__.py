"""Publishing that never loses or doubles a post. Textual-free.

The journal is the queue: every intention (queued), attempt (sending) and
outcome (posted, failed, uncertain...) is appended and fsynced to a
hash-chained JSON Lines journal *before* the network call it describes, and
the state of the session is rebuilt by replaying it. A post whose outcome is
unknown (the process died while sending, or a timeout) is reconciled with the
network (``Publisher.find_posted``) or shown to the operator as *uncertain*;
it is never sent again blindly.

The facade for the TUI and the CLI is :class:`Outbox` (thread-safe; every
method may be called from any thread; the listener is called without the
outbox's lock held, from the thread that caused the change)::

    from livetweet.publishing import Outbox, OutboxEvent
    from livetweet.publishing.factory import build_publishers

    outbox = Outbox.open(
        journal_path,            # Path; created 0600 if new, verified + replayed if it exists
        build_publishers(config, journal_path=journal_path),  # dry-run unless configured
        session_id="cm-2026-12-15",  # None: the journal's own, else the file name
        operator=config.operator,    # None: getpass.getuser()
        thread_mode=config.thread_mode,  # "session" | "item" | "none"
        agenda=agenda,           # optional: closed / do-not-post items need override=True
        listener=on_event,       # Callable[[OutboxEvent], None]
        secrets=[...],           # config secret values: redacted from the journal, belt and braces
        accept_missing=None,     # N: go on with a journal that lacks its last N entries
    )                            # raises JournalError (broken chain, in use, not a file),
                                 # JournalCut (shorter than its mark: .missing entries)
    refs = outbox.submit({"x": ["1/2 ...", "2/2 ..."]}, "d2026-001", "adopted",
                         reply_to_id=None, override=False,
                         media=[MediaAttachment(Path("vote.jpg"), "Les élus votent")])
        # -> list[PostRef] ("p12"); journalled as queued (one fsync); the photos (<= 4,
        # alt text unless Outbox.open(require_alt_text=False)) go with each thread's
        # first part, copied first into <journal>.media/; raises ItemNotPostable / OutboxError
    report = outbox.process(stop_event)   # blocking: run it in a thread worker
        # -> ProcessReport(posted, queued, failed, uncertain, stopped, found, unknown)
        # process(stop, idle_exit=False): keeps running, woken by submit(), until stop is set
        # process(stop, max_wait=0): returns as soon as everything left must wait

    outbox.cancel(ref)                  # a queued post (not one being sent)
    outbox.retry(ref)                   # a failed post, after the operator fixed the cause
    outbox.resolve_uncertain(ref, published=True, post_id="18..")  # or url=...
        # published=False puts it back in the queue: it will be sent
    outbox.convert_thread_to_standalone(record.thread_id)  # after REPLY_REFUSED
    outbox.delete(ref)                  # network call: use a worker; raises PublishError
    outbox.post_correction(ref, "Rectificatif : ...")  # replies to the corrected post;
        # journal "corrected" points at the corrected entry; then process()
    outbox.record_item_started(item_id)
    outbox.record_vote(item_id, votes_for, against, abstain, outcome)
    outbox.timeline() -> list[PostRecord]   # state queued/sending/posted/failed/uncertain/
        # deleted/cancelled, post_id, url, reason, failure_kind, retry_at, thread_id...
    outbox.post(ref) -> PostRecord; outbox.blocked_by(ref) -> PostRef | None
    outbox.network_states() -> dict[Network, NetworkState]  # online/retrying/blocked, counts,
        # media_remaining: photo uploads left (Mastodon: 30 per 30 min; None elsewhere)
    outbox.counts() -> Counts                # posts and posts with URLs (X bills them)
    outbox.session_state() -> SessionSnapshot  # current item, votes, thread tails
    outbox.dry_run -> bool                   # nothing is published: say so loudly
    outbox.close()                           # or use it as a context manager

``OutboxEvent(kind, ref, network, message, post, retry_at)``: ``kind`` is one of
``queued``, ``sending``, ``posted``, ``failed``, ``retrying`` (``retry_at`` set),
``uncertain``, ``reconciled``, ``cancelled``, ``deleted``, ``resolved``;
``message`` is for the operator (no secret).

Modules: ``publisher`` (the interface), ``journal`` (hash-chained file) and
``watermark`` (its high-water mark, kept outside it), ``state`` (replay of
entries into post records), ``ledger`` (the journal and its replayed state: the
one way to record), ``outbox`` (the facade and the operator's actions),
``queueing`` (what a new post replies to), ``sending`` (the worker loop),
``views`` (read-only queries), ``reports`` (plain data it returns), ``retry``
(backoff, clock, operator messages), ``dryrun`` (the default publisher),
``networks/`` (one module or a few per network: X today) and ``factory`` (the
publishers from the configuration: the only place that knows the networks).
"""

from __future__ import annotations

from livetweet.publishing.dryrun import DryRunPublisher
from livetweet.publishing.journal import Journal, JournalCut, JournalError, verify_journal
from livetweet.publishing.outbox import ItemNotPostable, Outbox, OutboxError
from livetweet.publishing.publisher import (
    RETRYABLE,
    FailureKind,
    Published,
    Publisher,
    PublishError,
    Quota,
)
from livetweet.publishing.reports import (
    Counts,
    NetworkState,
    OutboxEvent,
    PostRef,
    ProcessReport,
    SessionSnapshot,
    ThreadMode,
)
from livetweet.publishing.retry import RetryPolicy
from livetweet.publishing.state import PostRecord, Vote

__all__ = [
    "RETRYABLE",
    "Counts",
    "DryRunPublisher",
    "FailureKind",
    "ItemNotPostable",
    "Journal",
    "JournalCut",
    "JournalError",
    "NetworkState",
    "Outbox",
    "OutboxError",
    "OutboxEvent",
    "PostRecord",
    "PostRef",
    "ProcessReport",
    "PublishError",
    "Published",
    "Publisher",
    "Quota",
    "RetryPolicy",
    "SessionSnapshot",
    "ThreadMode",
    "Vote",
    "verify_journal",
]
