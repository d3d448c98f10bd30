"""Publishing that never loses or doubles a post. Textual-free.

The journal is the queue: every intention (queued), attempt (sending) and
outcome (posted, failed, uncertain...) is appended and fsynced to a
hash-chained JSON Lines journal *before* the network call it describes, and
the state of the session is rebuilt by replaying it. A post whose outcome is
unknown (the process died while sending, or a timeout) is reconciled with the
network (``Publisher.find_posted``) or shown to the operator as *uncertain*;
it is never sent again blindly.

The facade for the TUI and the CLI is :class:`Outbox` (thread-safe; every
method may be called from any thread)::

    from livetweet.publishing import Outbox, OutboxEvent

    outbox = Outbox.open(
        journal_path,            # Path; created 0600 if new, replayed if it exists
        publishers,              # list[Publisher], one per network (dry-run by default)
        session_id="cm-2026-12-15",  # None: the journal's own, or the file name
        operator=None,           # None: getpass.getuser()
        thread_mode="item",      # "session" | "item" | "none"
        agenda=agenda,           # optional: refuses closed / do-not-post items
        listener=on_event,       # called from the worker thread with an OutboxEvent
    )
    refs = outbox.submit({"x": ["part 1", "part 2"]}, item_id="d2026-001",
                         stage="adopted", override=False, reply_to_id=None)
    report = outbox.process(stop_event)   # blocking: run it in a thread worker
    # process(stop, idle_exit=False) keeps running and wakes on every submit();
    # process(stop, max_wait=0) returns as soon as everything left must wait.

    outbox.cancel(ref)                  # a queued post not yet being sent
    outbox.retry(ref)                   # a failed post (non-retryable ones included)
    outbox.resolve_uncertain(ref, published=True, post_id="18..")  # operator's call;
        # published=False puts it back in the queue (it will be sent)
    outbox.convert_thread_to_standalone(thread_id)  # after REPLY_REFUSED
    outbox.delete(ref)                  # calls the network (blocking: use a worker)
    outbox.post_correction(ref, ["Rectificatif : ..."])  # replies to the post it corrects
    outbox.record_item_started(item_id); outbox.record_vote(item_id, 28, 3, 2, "adopted")
    outbox.timeline() -> list[PostRecord]        # states, ids, URLs, reasons
    outbox.network_states() -> dict[Network, NetworkState]
    outbox.counts() -> Counts                   # posts, posts with URLs (X bills them)
    outbox.session_state() -> SessionSnapshot   # current item, votes, threads
    outbox.dry_run -> bool                      # every publisher is a dry run: say so loudly
    outbox.close()

``OutboxEvent.kind`` is one of ``queued``, ``sending``, ``posted``, ``failed``,
``retrying`` (``retry_at`` set), ``uncertain``, ``reconciled``, ``cancelled``,
``deleted``, ``resolved``; ``message`` is for the operator (no secret).

Modules: ``publisher`` (the interface), ``journal`` (hash-chained file),
``state`` (replay of entries into post records), ``retry`` (backoff, clock,
operator messages), ``outbox`` (the facade), ``dryrun`` (the default publisher).
"""

from __future__ import annotations

from livetweet.publishing.dryrun import DryRunPublisher
from livetweet.publishing.journal import Journal, JournalError, verify_journal
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
