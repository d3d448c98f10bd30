"""Posting from the TUI: the send delay, then the outbox, all network I/O off the UI thread.

A post request waits ``send_delay_seconds`` (the operator can cancel it with
Escape and gets the draft back), then goes to a *submitter* thread that
queues it in the outbox (journal writes, in request order). Until the journal
holds it, the drafts file holds it (``draft_keeping``): quitting, or any exit,
during the delay sends nothing, on any network, and the text comes back in the
editor at the next start. A journal that cannot be written gives the text back
too (``journal_watch``). A *processor*
thread runs ``Outbox.process`` for the whole session; the outbox reports each
change through its listener, from that thread, and the controller hands it
to the UI with ``call_from_thread``.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from livetweet.i18n import _
from livetweet.publishing.drafts import already_queued
from livetweet.text.networks import DISPLAY_NAMES
from livetweet.tui.draft_keeping import draft_of_request
from livetweet.tui.messages import CountdownChanged, PostGivenBack, PostHandedOver, PostRequest
from livetweet.tui.models.outbox_view import PostedNotices

if TYPE_CHECKING:
    from livetweet.publishing import JournalError, Outbox, OutboxEvent
    from livetweet.publishing.attachments import MediaAttachment
    from livetweet.tui.app import LiveTweetApp
    from livetweet.tui.draft_keeping import DraftKeeper
    from livetweet.tui.journal_watch import JournalWatch

#: Seconds between two redraws of the countdown.
TICK = 0.25
#: At exit, how long to wait for the submitter (journal writes only) and for a send
#: in flight (bounded by the network timeout; if it is cut short the post is
#: reconciled or shown as uncertain at the next start, never sent twice).
SUBMITTER_GRACE = 5.0
PROCESSOR_GRACE = 20.0


class PostingController:
    """One per app. Without an outbox (tests of the screens) requests are only kept."""

    def __init__(
        self,
        app: LiveTweetApp,
        outbox: Outbox | None,
        send_delay: float,
        keeper: DraftKeeper,
        journal: JournalWatch,
    ) -> None:
        self.app = app
        self.outbox = outbox
        self.keeper = keeper  # the drafts file: what is not in the journal yet
        self.journal = journal
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
        self._prepared: set[Path] = set()  # photos already handed to ``prepare_photos``

    # -- life cycle -----------------------------------------------------------------

    def start(self) -> None:
        """Start the submitter and processor threads (the app is mounted)."""
        if self.outbox is None:
            return
        self.outbox.listener = self._from_outbox_thread
        self.app.run_worker(
            self._submit_loop, thread=True, group="publish", name="submitter", exit_on_error=False
        )
        self._start_processor()

    def _start_processor(self) -> None:
        self._processor_done.clear()
        self.app.run_worker(
            self._process_loop, thread=True, group="publish", name="processor", exit_on_error=False
        )

    def journal_back(self) -> None:
        """The journal was reopened: the processor (stopped by the failure) goes on."""
        if self.outbox is not None and self._processor_done.is_set() and not self._closing.is_set():
            self._start_processor()

    def stop(self) -> None:
        """Stop both threads (the screens are gone). A post still counting down is
        not sent: it stays in the drafts file and comes back as the draft at the
        next start (the same rule for every network)."""
        self._closing.set()  # from now on the threads never wait for the UI thread
        self.pending = None
        for timer in (self._timer, self._ticker):
            if timer is not None:
                timer.stop()
        self._submissions.put(None)
        if self.outbox is not None:
            self._submitter_done.wait(SUBMITTER_GRACE)  # every request is journalled
        self._stop.set()
        if self.outbox is not None:
            self._processor_done.wait(PROCESSOR_GRACE)  # the journal closes after this

    # -- the send delay ---------------------------------------------------------------

    def request(self, request: PostRequest) -> None:
        self.keeper.counting_down(request)  # on disk before anything else
        if self.journal.down:
            self._not_journalled(request, None)
            return
        if self.pending is not None:
            self.send_now()  # one countdown at a time: the earlier post goes now
        if self.send_delay <= 0:
            self._submit(request)
            return
        self.pending = request
        self._prefetch(request)
        self.deadline = time.monotonic() + self.send_delay
        self._timer = self.app.set_timer(self.send_delay, self.send_now)
        self._ticker = self.app.set_interval(TICK, self._show_countdown)
        self._show_countdown()

    def _prefetch(self, request: PostRequest) -> None:
        """Let the publishers prepare what the post needs while the countdown runs, in
        a worker thread: its photos for each account (if not done when attached), else
        a Bluesky link card. The post, when it goes, only uploads and posts."""
        outbox = self.outbox
        if outbox is None:
            return
        self.app.run_worker(
            lambda: outbox.prefetch(request.parts, request.media),  # keyed by account id
            thread=True,
            group="prefetch",
            name=_("photos") if request.media else _("link card"),
            exit_on_error=False,
        )

    def prepare_photos(self, media: Sequence[MediaAttachment]) -> None:
        """Photos just attached to the draft: strip and fit them for every account in a
        worker thread now, rather than after the countdown."""
        outbox = self.outbox
        new = [photo for photo in media if photo.path not in self._prepared]
        if outbox is None or not new:
            return
        self._prepared.update(photo.path for photo in new)
        self.app.run_worker(
            lambda: outbox.prepare_media(new),
            thread=True,
            group="prefetch",
            name=_("photos"),
            exit_on_error=False,
        )

    def seconds_left(self) -> float:
        return max(0.0, self.deadline - time.monotonic()) if self.pending else 0.0

    def cancel(self) -> PostRequest | None:
        """Withdraw the pending post; the caller puts it back in the editor."""
        request = self.pending
        self._clear_pending()
        if request is not None:
            self.keeper.settled(request)
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
        self.app.main_screen.post_message(CountdownChanged(self.pending, self.seconds_left()))

    # -- to the outbox -----------------------------------------------------------------

    def _submit(self, request: PostRequest) -> None:
        if self.journal.down:
            self._not_journalled(request, None)
            return
        self.sent.append(request)
        self.app.main_screen.post_message(PostHandedOver(request))
        if self.outbox is None:
            return
        self._submissions.put(request)

    def _submit_loop(self) -> None:
        """Submitter thread: journal each request in order."""
        from livetweet.publishing import JournalError, OutboxError

        assert self.outbox is not None
        try:
            while (request := self._submissions.get()) is not None:
                try:
                    self._hand_over(request)
                except OutboxError as error:
                    self._to_ui(self._refused, request, str(error))
                except JournalError as error:  # the thread goes on: the next one may work
                    self._to_ui(self._not_journalled, request, error)
                except Exception as error:  # noqa: BLE001 - a bug must not stop later posts
                    self._to_ui(self._failed_unexpectedly, request, error)
                else:
                    self._to_ui(self.keeper.settled, request)
        finally:
            self._submitter_done.set()

    def _hand_over(self, request: PostRequest) -> None:
        """Journal ``request`` as queued: a post, or a correction on each account."""
        assert self.outbox is not None
        if not request.corrects:
            self.outbox.submit(
                request.parts,  # keyed by account id
                request.item_id,
                request.stage,
                override=request.override,
                media=request.media,
            )
            return
        from livetweet.publishing import PublishError

        for account_id, ref in request.corrects.items():
            if account_id not in request.edit_in_place:
                self.outbox.post_correction(ref, request.parts[account_id])
                continue
            try:  # a network call in this thread: the posts after it wait at most its timeout
                self.outbox.edit_in_place(ref, request.parts[account_id][0])
            except PublishError as error:  # journalled; the post keeps its text
                self._to_ui(self._action_failed, error.message)

    def _process_loop(self) -> None:
        """Processor thread: send what is queued, for the whole session."""
        assert self.outbox is not None
        try:
            self.outbox.process(self._stop, idle_exit=False)
        finally:
            self._processor_done.set()

    def _refused(self, request: PostRequest, message: str) -> None:
        self.app.notify(message, title=_("Not posted"), severity="error", timeout=10)
        self.app.main_screen.post_message(PostGivenBack(request))
        self.keeper.settled(request)

    def _not_journalled(self, request: PostRequest, error: JournalError | None) -> None:
        """The journal cannot take the post: it goes back to the editor, unsent."""
        if error is not None:
            self.journal.failed(error)
        self.app.notify(
            _("Not sent: the journal cannot be written. The text is back in the editor."),
            title=_("Not posted"),
            severity="error",
            timeout=10,
        )
        self.app.main_screen.post_message(PostGivenBack(request))
        self.keeper.settled(request)

    def _failed_unexpectedly(self, request: PostRequest, error: Exception) -> None:
        """A bug in the outbox: said once; the text goes back unless it was queued."""
        self.app.report_failure(error, "submitter")
        assert self.outbox is not None
        queued = [(r.account_id, r.text, r.queued_at) for r in self.outbox.timeline()]
        if not already_queued(draft_of_request(request), queued):
            self.app.main_screen.post_message(PostGivenBack(request))
        self.keeper.settled(request)

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
        name = self._account_name(event)
        post = event.post
        where = f"{name} {post.position}/{post.count}" if post.count > 1 else name
        if event.kind == "posted":
            if (notice := self._notices.posted(event, name)) is not None:
                self.app.notify(notice, title=_("Posted"), timeout=3)
            for warning in post.warnings:
                self.app.notify(
                    warning,
                    title=_("Posted: {where}").format(where=where),
                    severity="warning",
                    timeout=15,
                )
        elif event.kind == "failed":
            self.app.notify(
                event.message, title=_("Failed: {where}").format(where=where), severity="error"
            )
        elif event.kind == "edited":
            self.app.notify(event.message, title=_("Corrected: {where}").format(where=where))
        elif event.kind == "retrying" and self._waits_for_photo_budget(event):
            until = datetime.fromtimestamp(
                event.retry_at or 0.0, self.app.model.agenda.session.start.tzinfo
            )
            self.app.notify(
                event.message + " " + _("Next try at {time}.").format(time=f"{until:%H:%M:%S}"),
                title=_("Waiting: {where}").format(where=where),
                severity="warning",
                timeout=15,
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

    def _waits_for_photo_budget(self, event: OutboxEvent) -> bool:
        """The post waits because its account may upload no more photos for now (not
        a network failure retried: those say nothing until they fail)."""
        if self.outbox is None or not event.post.media or event.retry_at is None:
            return False
        state = self.outbox.network_states().get(event.account_id)
        return state is not None and state.media_remaining == 0

    def _account_name(self, event: OutboxEvent) -> str:
        """Its network, or where a network has several accounts, which one."""
        accounts = self.app.accounts
        if accounts.several and event.account_id in accounts:
            return accounts.status_label(event.account_id)  # notify() shows it safely
        return DISPLAY_NAMES[event.network]

    # -- the timeline's actions (every one journalled by the outbox) --------------------

    def retry(self, ref: str) -> None:
        self._act(lambda outbox: outbox.retry(ref))

    def cancel_post(self, ref: str) -> None:
        self._act(lambda outbox: outbox.cancel(ref))

    def resolve(self, ref: str, *, published: bool) -> None:
        self._act(lambda outbox: outbox.resolve_uncertain(ref, published=published))

    def delete(self, ref: str) -> None:
        self._act(lambda outbox: outbox.delete(ref))  # a network call: off the UI thread

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

        self.app.run_worker(work, thread=True, group="timeline", exit_on_error=False)

    def _action_failed(self, message: str) -> None:
        self.app.notify(message, title=_("Not done"), severity="error", timeout=10)

    def _refresh(self) -> None:
        self.app.refresh_status()
        self.app.refresh_timeline()
