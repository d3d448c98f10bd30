"""When the journal cannot be written (disk full, file removed, permissions): say
so, keep the live screen, the draft and the queue, and go on once it can.

The outbox stops writing at the first failure (nothing is ever sent without its
journal entry). The operator sees why, in their language; posting is refused
and the text stays in the editor; the journal is reopened every few seconds, or
at once with the retry key, and the writes the screen made meanwhile (current
item, votes) are journalled then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.timer import Timer

from livetweet.i18n import _, os_error
from livetweet.publishing import JournalError

if TYPE_CHECKING:
    from livetweet.publishing import Outbox
    from livetweet.tui.app import LiveTweetApp

#: Seconds between two automatic attempts to reopen the journal.
RETRY_EVERY = 10.0
_log = logging.getLogger(__name__)


class JournalWatch:
    """One per app: whether the journal is writable, and what waits for it."""

    def __init__(
        self, app: LiveTweetApp, outbox: Outbox | None, *, on_back: Callable[[], None]
    ) -> None:
        self.app = app
        self.outbox = outbox
        self._on_back = on_back  # the posting controller resumes sending
        self.error: str | None = None
        self._waiting: list[Callable[[Outbox], object]] = []
        self._timer: Timer | None = None
        self._reopening = False

    @property
    def down(self) -> bool:
        return self.error is not None

    def failed(self, error: JournalError, *, quiet: bool = False) -> None:
        """The one place a journal failure is shown (from any worker or handler)."""
        _log.warning("journal failure: %s", error)
        first = self.error is None
        self.error = str(error)
        if first or not quiet:
            self.app.notify(
                _(
                    "{error}\n\nNothing is sent until it can be written; the draft and "
                    "the queue are kept. Fix the cause, then press F12 (or wait: "
                    "it is tried again every {seconds} s)."
                ).format(error=self.error, seconds=int(RETRY_EVERY)),
                title=_("The journal cannot be written"),
                severity="error",
                timeout=20,
            )
        if self._timer is None:
            self._timer = self.app.set_interval(RETRY_EVERY, self._retry_quietly)
        self.app.refresh_bindings()

    def record(self, action: Callable[[Outbox], object]) -> None:
        """Journal ``action`` (from the UI thread) now, or once the journal is back."""
        if self.outbox is None:
            return
        if self.down:
            self._waiting.append(action)
            return
        try:
            action(self.outbox)
        except JournalError as error:
            self._waiting.append(action)
            self.failed(error)

    # -- going on ----------------------------------------------------------------

    def retry(self, *, quiet: bool = False) -> None:
        """Reopen the journal, off the UI thread (a sick disk can be slow)."""
        if not self.down or self._reopening or self.outbox is None:
            return
        self._reopening = True
        outbox = self.outbox

        def reopen() -> None:
            try:
                try:
                    outbox.reopen_journal()
                except OSError as error:
                    raise JournalError(
                        _(
                            "{path}: cannot write the journal ({reason}); nothing more is sent"
                        ).format(path=outbox.journal.path, reason=os_error(error))
                    ) from None
            except JournalError as error:
                self.app.call_from_thread(self._still_down, error, quiet)
                return
            self.app.call_from_thread(self._back)

        self.app.run_worker(reopen, thread=True, group="journal", exit_on_error=False)

    def _retry_quietly(self) -> None:
        self.retry(quiet=True)

    def _still_down(self, error: JournalError, quiet: bool) -> None:
        self._reopening = False
        self.failed(error, quiet=quiet)

    def _back(self) -> None:
        self._reopening = False
        self.error = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            self.record(action)
        if self.down:
            return
        self._on_back()
        self.app.notify(
            _("The journal is written again: sending resumes."),
            title=_("Journal"),
            timeout=5,
        )
        self.app.refresh_bindings()
        self.app.refresh_status()
        self.app.refresh_timeline()
