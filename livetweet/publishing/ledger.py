"""The ledger: what the session has recorded, and the only way to record more.

It owns the journal, the ``SessionState`` replayed from it, the lock that
guards both, and the events waiting for the listener. ``record`` journals an
entry (fsynced unless told otherwise) and then applies it to the state through
the same ``SessionState.apply`` that replays a journal at start-up, so the live
state and the state after a crash are the same by construction. Nothing else
changes the state: the outbox's actions, the queueing functions and the sender
read ``state`` and ask the ledger to record.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from livetweet.publishing.journal import Journal, gc_paused
from livetweet.publishing.reports import EventKind, OutboxEvent, PostRef
from livetweet.publishing.state import SessionState

Listener = Callable[[OutboxEvent], None]
_log = logging.getLogger(__name__)


class Ledger:
    """The journal, its replayed state, and the listener's pending events. Thread-safe:
    hold ``lock`` while reading ``state`` or recording."""

    def __init__(
        self,
        journal: Journal,
        state: SessionState,
        *,
        operator: str,
        listener: Listener | None = None,
    ) -> None:
        self.journal = journal
        self.operator = operator
        self.listener = listener
        self.lock = threading.RLock()
        self._state = state
        self._pending: list[OutboxEvent] = []

    @property
    def state(self) -> SessionState:
        """The session as the journal tells it. Read it (under ``lock``), never change
        it: only ``record`` does."""
        return self._state

    def record(self, type_: str, *, sync: bool = True, **fields: Any) -> None:
        """Journal one entry (fsynced unless ``sync`` is False, see ``Journal.append``),
        then apply it. Call with ``lock`` held."""
        self._state.apply(self.journal.append(type_, sync=sync, operator=self.operator, **fields))

    def reopen(self) -> None:
        """After a journal write failed and its cause was fixed: the journal opened
        again and the state replayed from it, as at start-up. Call with ``lock`` held."""
        journal, entries = self.journal.reopen()
        state = SessionState(session_id=journal.session_id)
        with gc_paused():
            for entry in entries:
                state.apply(entry)
        self.journal, self._state = journal, state

    def event(self, kind: EventKind, ref: PostRef, message: str = "", **extra: Any) -> None:
        """Queue an event about ``ref`` for the listener (sent by ``flush_events``).
        Call with ``lock`` held."""
        if self.listener is None:
            return
        record = self._state.posts[ref]
        self._pending.append(
            OutboxEvent(kind, ref, record.network, message, record.snapshot(), **extra)
        )

    def flush_events(self) -> None:
        """Tell the listener, without the lock held: it may query the outbox."""
        with self.lock:
            events, self._pending = self._pending, []
        if self.listener is not None:
            for event in events:
                try:
                    self.listener(event)
                except Exception:  # noqa: BLE001 - a UI bug must not stop the posting worker
                    _log.exception("outbox listener failed on %s %s", event.kind, event.ref)
