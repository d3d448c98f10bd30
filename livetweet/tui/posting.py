"""Posting from the TUI: the send delay, then the outbox, all network I/O off the UI thread.

A post request waits ``send_delay_seconds`` (the operator can cancel it with
Escape and gets the draft back), then goes to a *submitter* thread that
queues it in the outbox (journal writes, in request order). A *processor*
thread runs ``Outbox.process`` for the whole session; the outbox reports each
change through its listener, from that thread, and the controller hands it
to the UI with ``call_from_thread``.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.timer import Timer

from livetweet.i18n import _
from livetweet.text.networks import DISPLAY_NAMES
from livetweet.tui.messages import PostRequest
from livetweet.tui.outbox_view import PostedNotices

if TYPE_CHECKING:
    from livetweet.publishing import Outbox, OutboxEvent
    from livetweet.tui.app import LiveTweetApp

#: Seconds between two redraws of the countdown.
TICK = 0.25
#: At exit, how long to wait for the submitter (journal writes only) and for a send
#: in flight (bounded by the network timeout; if it is cut short the post is
#: reconciled or shown as uncertain at the next start, never sent twice).
SUBMITTER_GRACE = 5.0
PROCESSOR_GRACE = 20.0


class PostingController:
    """One per app. Without an outbox (tests of the screens) requests are only kept."""

    def __init__(self, app: LiveTweetApp, outbox: Outbox | None, send_delay: float) -> None:
        self.app = app
        self.outbox = outbox
        self.send_delay = send_delay
        self.pending: PostRequest | None = None
        self.deadline = 0.0
        self.sent: list[PostRequest] = []  # in order, as handed to the outbox
        self._timer: Timer | None = None
        self._ticker: Timer | None = None
        self._stop = threading.Event()
        self._submissions: queue.Queue[PostRequest | None] = queue.Queue()
        self._closing = threading.Event()
        self._submitter_done = threading.Event()
        self._processor_done = threading.Event()
        self._notices = PostedNotices()  # one notice per thread, not per post

    # -- life cycle -----------------------------------------------------------------

    def start(self) -> None:
        """Start the submitter and processor threads (the app is mounted)."""
        if self.outbox is None:
            return
        self.outbox.listener = self._from_outbox_thread
        self.app.run_worker(self._submit_loop, thread=True, group="publish", name="submitter")
        self.app.run_worker(self._process_loop, thread=True, group="publish", name="processor")

    def stop(self) -> None:
        """Stop both threads (the screens are gone). A pending post is journalled as
        queued first: never lost, it goes out when the session is resumed."""
        self._closing.set()  # from now on the threads never wait for the UI thread
        request, self.pending = self.pending, None
        for timer in (self._timer, self._ticker):
            if timer is not None:
                timer.stop()
        if request is not None:
            self.sent.append(request)
            if self.outbox is not None:
                self._submissions.put(request)
        self._submissions.put(None)
        if self.outbox is not None:
            self._submitter_done.wait(SUBMITTER_GRACE)  # every request is journalled
        self._stop.set()
        if self.outbox is not None:
            self._processor_done.wait(PROCESSOR_GRACE)  # the journal closes after this

    # -- the send delay ---------------------------------------------------------------

    def request(self, request: PostRequest) -> None:
        if self.pending is not None:
            self.send_now()  # one countdown at a time: the earlier post goes now
        if self.send_delay <= 0:
            self._submit(request)
            return
        self.pending = request
        self.deadline = time.monotonic() + self.send_delay
        self._timer = self.app.set_timer(self.send_delay, self.send_now)
        self._ticker = self.app.set_interval(TICK, self._show_countdown)
        self._show_countdown()

    def seconds_left(self) -> float:
        return max(0.0, self.deadline - time.monotonic()) if self.pending else 0.0

    def cancel(self) -> PostRequest | None:
        """Withdraw the pending post; the caller puts it back in the editor."""
        request = self.pending
        self._clear_pending()
        if request is not None:
            self.app.notify(_("Cancelled: nothing was sent."), timeout=3)
        return request

    def send_now(self) -> None:
        request = self.pending
        self._clear_pending()
        if request is not None:
            self._submit(request)

    def _clear_pending(self) -> None:
        self.pending = None
        for timer in (self._timer, self._ticker):
            if timer is not None:
                timer.stop()
        self._timer = self._ticker = None
        self._show_countdown()

    def _show_countdown(self) -> None:
        self.app.main_screen.show_countdown(self.pending, self.seconds_left())

    # -- to the outbox -----------------------------------------------------------------

    def _submit(self, request: PostRequest) -> None:
        self.sent.append(request)
        self.app.main_screen.note_sent(request)
        if self.outbox is None:
            return
        self._submissions.put(request)

    def _submit_loop(self) -> None:
        """Submitter thread: journal each request in order."""
        from livetweet.publishing import OutboxError

        assert self.outbox is not None
        try:
            while (request := self._submissions.get()) is not None:
                try:
                    self.outbox.submit(
                        request.parts, request.item_id, request.stage, override=request.override
                    )
                except OutboxError as error:
                    self._to_ui(self._refused, request, str(error))
        finally:
            self._submitter_done.set()

    def _process_loop(self) -> None:
        """Processor thread: send what is queued, for the whole session."""
        assert self.outbox is not None
        try:
            self.outbox.process(self._stop, idle_exit=False)
        finally:
            self._processor_done.set()

    def _refused(self, request: PostRequest, message: str) -> None:
        self.app.notify(message, title=_("Not posted"), severity="error", timeout=10)
        self.app.main_screen.restore_draft(request)

    # -- from the outbox -----------------------------------------------------------------

    def _from_outbox_thread(self, event: OutboxEvent) -> None:
        self._to_ui(self.show_event, event)

    def _to_ui(self, callback: Callable[..., object], *args: object) -> None:
        """Run ``callback`` on the UI thread, unless the app is closing (then the UI
        thread is waiting for this thread: calling it would deadlock)."""
        if not self._closing.is_set():
            self.app.call_from_thread(callback, *args)

    def show_event(self, event: OutboxEvent) -> None:
        """Tell the operator what matters, and refresh the status bar and timeline."""
        name = DISPLAY_NAMES[event.network]
        post = event.post
        where = f"{name} {post.position}/{post.count}" if post.count > 1 else name
        if event.kind == "posted":
            if (notice := self._notices.posted(event)) is not None:
                self.app.notify(notice, title=_("Posted"), timeout=3)
        elif event.kind == "failed":
            self.app.notify(
                event.message, title=_("Failed: {where}").format(where=where), severity="error"
            )
        elif event.kind == "uncertain":
            self.app.notify(
                event.message,
                title=_("Uncertain: {where}").format(where=where),
                severity="warning",
                timeout=15,
            )
        self.app.refresh_status()
        self.app.refresh_timeline()

    # -- the timeline's actions (every one journalled by the outbox) --------------------

    def retry(self, ref: str) -> None:
        self._act(lambda outbox: outbox.retry(ref))

    def cancel_post(self, ref: str) -> None:
        self._act(lambda outbox: outbox.cancel(ref))

    def resolve(self, ref: str, *, published: bool) -> None:
        self._act(lambda outbox: outbox.resolve_uncertain(ref, published=published))

    def delete(self, ref: str) -> None:
        self._act(lambda outbox: outbox.delete(ref))  # a network call: off the UI thread

    def correct(self, ref: str, parts: list[str]) -> None:
        self._act(lambda outbox: outbox.post_correction(ref, parts))

    def standalone(self, thread_id: str) -> None:
        self._act(lambda outbox: outbox.convert_thread_to_standalone(thread_id))

    def _act(self, action: Callable[[Outbox], object]) -> None:
        if self.outbox is None:
            return
        outbox = self.outbox

        def work() -> None:
            from livetweet.publishing import OutboxError, PublishError

            try:
                action(outbox)
            except PublishError as error:
                self._to_ui(self._action_failed, error.message)
            except OutboxError as error:
                self._to_ui(self._action_failed, str(error))
            self._to_ui(self._refresh)

        self.app.run_worker(work, thread=True, group="timeline")

    def _action_failed(self, message: str) -> None:
        self.app.notify(message, title=_("Not done"), severity="error", timeout=10)

    def _refresh(self) -> None:
        self.app.refresh_status()
        self.app.refresh_timeline()
