"""The outbox: the facade the TUI and the CLI drive (see the package docstring).

Three parts with one owner each: the ``Ledger`` (the journal and the state
replayed from it: every change is a journal entry first, fsynced, then applied
to the state through the code that replays a journal, and only then acted on),
the ``Sender`` (the worker loop: it reads the state and asks the ledger to
record), and the ``SessionView`` (read-only queries). The outbox holds them
and carries out the operator's actions. Publishers are called without holding
the lock, and the listener is called without it too, so a UI thread may query
the outbox from inside its callback.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from livetweet.agenda.model import Agenda
from livetweet.config.model import default_operator
from livetweet.i18n import _
from livetweet.media import ImageLimits, MediaError, PreparationCache, load_image
from livetweet.publishing.attachments import MediaAttachment
from livetweet.publishing.journal import Journal, JournalError, gc_paused
from livetweet.publishing.ledger import Ledger, Listener
from livetweet.publishing.publisher import (
    Editor,
    FailureKind,
    MediaUploader,
    Prefetcher,
    Publisher,
    PublishError,
)
from livetweet.publishing.queueing import ItemNotPostable, check_item, queue_thread
from livetweet.publishing.reports import (
    Counts,
    NetworkState,
    PostRef,
    ProcessReport,
    SessionSnapshot,
    ThreadMode,
)
from livetweet.publishing.retry import Clock, RealClock, RetryPolicy, operator_message
from livetweet.publishing.sending import Sender
from livetweet.publishing.spool import spool_photos, sweep
from livetweet.publishing.state import PostRecord, SessionState
from livetweet.publishing.views import OutboxError, SessionView
from livetweet.text import numbered
from livetweet.text.networks import Network

_log = logging.getLogger(__name__)


class Outbox:
    """One session's queue of posts, its journal and its publishers. Thread-safe."""

    def __init__(
        self,
        journal: Journal,
        state: SessionState,
        publishers: Sequence[Publisher],
        *,
        operator: str,
        thread_mode: ThreadMode,
        agenda: Agenda | None,
        clock: Clock,
        policy: RetryPolicy,
        listener: Listener | None,
        require_alt_text: bool = True,
        preparations: PreparationCache | None = None,
    ) -> None:
        self.operator = operator
        #: False (``require_alt_text: false``): a photo may go without alt text;
        #: its ``queued`` entry says so (``"alt_required": false``).
        self.require_alt_text = require_alt_text
        self.thread_mode: ThreadMode = thread_mode
        self.agenda = agenda
        self.clock = clock
        self.policy = policy
        self._publishers: dict[str, Publisher] = {}  # by account id, in the given order
        for publisher in publishers:
            if publisher.account_id in self._publishers:
                raise ValueError(f"two publishers for the account {publisher.account_id!r}")
            self._publishers[publisher.account_id] = publisher
        self._ledger = Ledger(journal, state, operator=operator, listener=listener)
        self._view = SessionView(self._ledger, self._publishers, clock)
        #: Photos prepared for each network's limits, shared with the sender: what
        #: ``prepare_media`` prepared ahead is only uploaded when the post goes.
        self.preparations = preparations or PreparationCache()
        self._sender = Sender(
            self._ledger,
            self._publishers,
            clock=clock,
            policy=policy,
            preparations=self.preparations,
        )
        self._failed_submissions: list[str] = []  # submit() raised: the text was given back

    @classmethod
    def open(
        cls,
        journal_path: Path,
        publishers: Sequence[Publisher],
        *,
        session_id: str | None = None,
        operator: str | None = None,
        thread_mode: ThreadMode = "item",
        agenda: Agenda | None = None,
        clock: Clock | None = None,
        policy: RetryPolicy | None = None,
        listener: Listener | None = None,
        secrets: Iterable[str] = (),
        accept_missing: int | None = None,
        require_alt_text: bool = True,
        preparations: PreparationCache | None = None,
    ) -> Outbox:
        """Open or create the journal at ``journal_path`` and replay it.

        Raises ``JournalError`` (broken chain, journal in use, not a file, disk
        error) and ``JournalCut`` (shorter than its mark, see ``Journal.open``).
        ``require_alt_text``: the configuration's (a photo without alt text is refused
        unless False); ``preparations``: photos already prepared (the CLI's check).
        """
        journal, entries = Journal.open(
            journal_path, session_id=session_id, secrets=secrets, accept_missing=accept_missing
        )
        state = SessionState(session_id=journal.session_id)
        with gc_paused():
            for entry in entries:
                state.apply(entry)
        outbox = cls(
            journal,
            state,
            publishers,
            operator=operator or default_operator(),
            thread_mode=thread_mode,
            agenda=agenda,
            clock=clock or RealClock(),
            policy=policy or RetryPolicy(),
            listener=listener,
            require_alt_text=require_alt_text,
            preparations=preparations,
        )
        opened = [e for e in entries if e.type in ("session_opened", "session_resumed")]
        if opened and publishers and bool(opened[0].get("dry_run")) != outbox.dry_run:
            journal.close()
            raise JournalError(
                (
                    _("{path}: this journal is a dry-run rehearsal; start a new journal to publish")
                    if opened[0].get("dry_run")
                    else _("{path}: this journal records real posts; it cannot go on in dry-run")
                ).format(path=journal_path)
            )
        with outbox._ledger.lock:
            outbox._drop_incomplete_submission()
            outbox._ledger.record(
                "session_resumed" if opened else "session_opened",
                accounts={p.account_id: p.account for p in publishers},
                account_networks={p.account_id: p.network for p in publishers},
                dry_run=outbox.dry_run,
                thread_mode=thread_mode,
                whole=journal.proven_whole,
            )
        return outbox

    def _drop_incomplete_submission(self) -> None:
        """Cancel the parts of a submission the journal could not hold entirely (the
        disk failed during ``submit``, which then raised): the operator was told it
        failed, so none of it goes out, not half a thread."""
        last = next(reversed(self._ledger.state.posts.values()), None)
        if last is None or last.submission is None:
            return
        parts = [r for r in self._ledger.state.posts.values() if r.submission == last.submission]
        if len(parts) >= (last.submission_size or 0):
            return
        for part in parts:
            if part.state == "queued":
                self._ledger.record(
                    "cancelled",
                    ref=part.ref,
                    reason=_("Incomplete submission: the journal could not be written."),
                )

    def reopen_journal(self) -> bool:
        """Go on after a journal write failed (disk full, file removed...), once the
        cause is fixed: reopen the journal, rebuild the state from it, and cancel
        whatever a failed ``submit`` had queued (the caller was told it failed and
        gave the text back). False if the journal was not broken.

        Raises ``JournalError`` or ``OSError`` while the cause remains.
        """
        with self._ledger.lock:
            if not self._ledger.journal.broken:
                return False
            self._ledger.reopen()
            self._drop_incomplete_submission()
            for record in list(self._ledger.state.posts.values()):
                if record.submission in self._failed_submissions and record.state == "queued":
                    self._ledger.record(
                        "cancelled",
                        ref=record.ref,
                        reason=_(
                            "The journal could not be written: the text went back to the operator."
                        ),
                    )
            self._failed_submissions.clear()
        self._sender.wake()
        return True

    # -- properties ------------------------------------------------------------

    @property
    def journal(self) -> Journal:
        """The session's journal (a new object after ``reopen_journal``)."""
        return self._ledger.journal

    @property
    def listener(self) -> Listener | None:
        """Called with each ``OutboxEvent``, without the outbox's lock held."""
        return self._ledger.listener

    @listener.setter
    def listener(self, listener: Listener | None) -> None:
        self._ledger.listener = listener

    @property
    def session_id(self) -> str:
        return self.journal.session_id

    @property
    def dry_run(self) -> bool:
        """True when nothing at all is really published: say so loudly."""
        return all(p.dry_run for p in self._publishers.values())

    @property
    def accounts(self) -> list[str]:
        """The accounts' ids, in the publishers' order (a network's name for its
        default account)."""
        return list(self._publishers)

    @property
    def networks(self) -> list[Network]:
        """The networks posted to, each once, in the publishers' order."""
        return list(dict.fromkeys(p.network for p in self._publishers.values()))

    def publisher(self, account_id: str) -> Publisher:
        """The publisher of the account ``account_id``; ``KeyError`` if none."""
        return self._publishers[account_id]

    def by_account(self, texts_by_network: Mapping[Network, Sequence[str]]) -> dict[str, list[str]]:
        """``texts_by_network`` for ``submit``: every account of each network given
        gets that network's texts (how a post went out before routing)."""
        return {
            account_id: list(texts_by_network[publisher.network])
            for account_id, publisher in self._publishers.items()
            if publisher.network in texts_by_network
        }

    # -- the operator's actions ---------------------------------------------------

    def submit(
        self,
        texts_by_account: Mapping[str, Sequence[str]],
        item_id: str | None = None,
        stage: str | None = None,
        *,
        reply_to_id: str | None = None,
        override: bool = False,
        corrects: PostRef | None = None,
        media: Sequence[MediaAttachment] = (),
    ) -> list[PostRef]:
        """Queue posts (a thread per account; the keys of ``texts_by_account`` are
        account ids, a network's name for its default account); the photos ``media``
        go with the first part of each thread: checked (at most 4, alt text unless
        ``require_alt_text`` is False) and copied into the spool next to the journal
        first, so the post goes out even if the files move. Nothing is sent until
        ``process``."""
        unknown = [a for a in texts_by_account if a not in self._publishers]
        if unknown:
            raise OutboxError(_("No publisher for {networks}.").format(networks=", ".join(unknown)))
        if any(not text.strip() for texts in texts_by_account.values() for text in texts):
            raise OutboxError(_("Nothing to post: the text is empty."))
        photos = []
        if media:
            for account_id in texts_by_account:
                if not isinstance(self._publishers[account_id], MediaUploader):
                    raise OutboxError(
                        _("{account} cannot attach photos: nothing was queued.").format(
                            account=self._publishers[account_id].account or account_id
                        )
                    )
            photos = spool_photos(media, self.journal.path, require_alt_text=self.require_alt_text)
        refs: list[PostRef] = []
        with self._ledger.lock:
            check_item(self._ledger, self.agenda, item_id, override)
            submission = (
                f"p{len(self._ledger.state.posts) + 1}",
                sum(map(len, texts_by_account.values())),
            )
            try:
                for account_id, texts in texts_by_account.items():
                    refs.extend(
                        queue_thread(
                            self._ledger,
                            self._publishers[account_id],
                            self.thread_mode,
                            list(texts),
                            item_id=item_id,
                            stage=stage,
                            reply_to_id=reply_to_id,
                            corrects=corrects,
                            submission=submission,
                            media=photos,
                            alt_required=self.require_alt_text,
                        )
                    )
                self._ledger.journal.sync()
            except JournalError:
                self._failed_submissions.append(submission[0])
                raise
        self._sender.wake()
        self._ledger.flush_events()
        return refs

    def cancel(self, ref: PostRef) -> None:
        """Withdraw a queued or failed post (not one being sent, nor an uncertain one:
        that needs ``resolve_uncertain``). The rest of its thread replies to the
        post before it."""
        with self._ledger.lock:
            record = self._view.find(ref)
            if record.state not in ("queued", "failed"):
                raise OutboxError(
                    _(
                        "Post {ref} is {state}: only a queued or failed post can be cancelled."
                    ).format(ref=ref, state=record.state)
                )
            self._ledger.record("cancelled", ref=ref)
            self._ledger.event("cancelled", ref, _("Cancelled: it will not be posted."))
        self._sender.wake()  # the rest of its thread may go on
        self._ledger.flush_events()

    def retry(self, ref: PostRef) -> None:
        """Put a failed post back in the queue (the operator fixed the cause)."""
        with self._ledger.lock:
            record = self._view.find(ref)
            if record.state not in ("failed", "queued"):
                raise OutboxError(
                    _("Post {ref} is {state}: only a failed post can be retried.").format(
                        ref=ref, state=record.state
                    )
                )
            self._ledger.record("retried", ref=ref)
            self._ledger.event("queued", ref, _("Queued again."))
        self._sender.wake()
        self._ledger.flush_events()

    def resolve_uncertain(
        self, ref: PostRef, published: bool, post_id: str | None = None, url: str | None = None
    ) -> None:
        """The operator checked the account: the post is there (give its id if
        known, so the rest of the thread can reply to it) or it is not (it goes
        back to the queue and will be sent)."""
        with self._ledger.lock:
            record = self._view.find(ref)
            if record.state != "uncertain":
                raise OutboxError(
                    _("Post {ref} is {state}, not uncertain.").format(ref=ref, state=record.state)
                )
            if post_id is None and url:
                post_id = url.rstrip("/").rsplit("/", 1)[-1]
            self._ledger.record(
                "resolved", ref=ref, published=published, post_id=post_id, url=url, by="operator"
            )
            message = (
                _("Marked as published by the operator.")
                if published
                else _("Marked as not published: queued again.")
            )
            self._ledger.event("resolved", ref, message)
        self._sender.wake()
        self._ledger.flush_events()

    def convert_thread_to_standalone(self, thread_id: str) -> list[PostRef]:
        """After a refused reply: the rest of the thread goes out as standalone
        numbered posts (nothing is lost). Returns the posts converted."""
        with self._ledger.lock:
            rest = [
                r
                for r in self._ledger.state.posts.values()
                if r.thread_id == thread_id and r.state in ("queued", "failed")
            ]
            texts = {r.ref: numbered(r.text, r.position, r.count, r.network) for r in rest}
            self._ledger.record("thread_converted", thread=thread_id, texts=texts)
            for r in rest:
                self._ledger.event("queued", r.ref, _("Will be posted as a standalone post."))
        self._sender.wake()
        self._ledger.flush_events()
        return [r.ref for r in rest]

    def delete(self, ref: PostRef) -> None:
        """Delete a published post (a network call: use a worker), or cancel a queued one.

        Raises ``PublishError`` if the network refuses (journalled).
        """
        if self.post(ref).state == "queued":
            self.cancel(ref)
            return
        with self._ledger.lock:
            record = self._view.find(ref)
            if record.state != "posted" or not record.post_id:
                raise OutboxError(
                    _("Post {ref} is {state}: nothing to delete.").format(
                        ref=ref, state=record.state
                    )
                )
            post_id = record.post_id
            self._ledger.record("deleting", ref=ref, post_id=post_id)
        try:
            self._publishers[record.account_id].delete(post_id)
        except PublishError as error:
            with self._ledger.lock:
                self._ledger.record("delete_failed", ref=ref, reason=operator_message(error.kind))
            raise
        with self._ledger.lock:
            self._ledger.record("deleted", ref=ref, post_id=post_id)
            self._ledger.event("deleted", ref, _("Deleted from the network."))
        self._ledger.flush_events()

    def post_correction(
        self, ref: PostRef, texts: str | Sequence[str] | Mapping[str, str | Sequence[str]]
    ) -> list[PostRef]:
        """Queue a correction replying to the post it corrects, from that post's account
        (``texts`` may be given by account id or by network: only the text of that
        post's account, or else of its network, is used)."""
        with self._ledger.lock:
            record = self._view.find(ref)
        if isinstance(texts, Mapping):
            texts = texts[record.account_id if record.account_id in texts else record.network]
        parts = [texts] if isinstance(texts, str) else list(texts)
        refs = self.submit(
            {record.account_id: parts}, record.item_id, "correction", corrects=ref, override=True
        )
        with self._ledger.lock:
            try:
                self._ledger.record(
                    "corrected",
                    ref=ref,
                    entry=record.posted_seq or record.queued_seq,
                    by=refs,
                )
            except JournalError:
                self._failed_submissions.append(self._ledger.state.posts[refs[0]].submission or "")
                raise
        return refs

    def prefetch(
        self, texts_by_account: Mapping[str, Sequence[str]], media: Sequence[MediaAttachment] = ()
    ) -> None:
        """Let the publishers prepare these posts while the send delay runs: the photos
        ``media`` prepared for each account's network (see ``prepare_media``), else
        Bluesky's link card fetched (photos take the card's place: none is fetched
        for a post with photos). Blocking for a few seconds at most, so call it from
        a worker thread, before ``submit``. Nothing is journalled; nothing is sent."""
        if media:
            self.prepare_media(media, texts_by_account)
            return
        for account_id, texts in texts_by_account.items():
            publisher = self._publishers.get(account_id)
            if isinstance(publisher, Prefetcher):
                for text in texts:
                    publisher.prefetch(text)

    def prepare_media(
        self, media: Sequence[MediaAttachment], account_ids: Iterable[str] | None = None
    ) -> None:
        """Strip and fit ``media`` to the limits of each account's network (every
        account by default) ahead of sending, into the cache the sender uploads from:
        a phone photo takes seconds to decode and re-encode, which would otherwise
        come after the countdown. Blocking (and the first call may ask a Mastodon
        instance its limits): call it from a worker thread. A photo that cannot be
        read is left for ``submit`` and the sender to report."""
        limits: list[ImageLimits] = []
        for account_id in self.accounts if account_ids is None else account_ids:
            publisher = self._publishers.get(account_id)
            if isinstance(publisher, MediaUploader):
                limits.append(publisher.media_limits())
        for photo in media:
            try:
                source = load_image(photo.path)
                for network_limits in dict.fromkeys(limits):
                    self.preparations.prepared(source, network_limits, photo.alt)
            except MediaError as error:  # refused with its reason by submit or the sender
                _log.info("photo %s not prepared ahead: %s", photo.path.name, error)

    def can_edit(self, account_id: str) -> bool:
        """Whether the posts of the account ``account_id`` can be corrected by an edit
        in place."""
        publisher = self._publishers.get(account_id)
        return isinstance(publisher, Editor) and not publisher.dry_run

    def edit_in_place(self, ref: PostRef, text: str) -> None:
        """Correct a published post by changing its text on the network (Mastodon keeps
        a public edit history), journalled as a correction like a reply would be.

        The intent (``editing``, with the new text) is journalled and fsynced before
        the call: after a crash in it, the next ``process`` makes the edit again (the
        same text twice is one result). A network call: use a worker. Raises
        ``PublishError`` if the network refuses (journalled, the post keeps its text).
        """
        if not text.strip():
            raise OutboxError(_("Nothing to post: the text is empty."))
        with self._ledger.lock:
            record = self._view.find(ref)
            publisher = self._publishers.get(record.account_id)
            if not isinstance(publisher, Editor) or publisher.dry_run:
                raise OutboxError(
                    _("Posts on {network} cannot be edited: correct with a reply.").format(
                        network=record.network
                    )
                )
            if record.state != "posted" or not record.post_id:
                raise OutboxError(
                    _("Post {ref} is {state}: only a published post can be edited.").format(
                        ref=ref, state=record.state
                    )
                )
            self._ledger.record("editing", ref=ref, post_id=record.post_id, text=text)
        self._finish_edit(ref)

    def _finish_edit(self, ref: PostRef) -> None:
        """Make the journalled edit of ``ref`` and journal its outcome."""
        with self._ledger.lock:
            record = self._view.find(ref)
            post_id, text, entry = record.post_id, record.pending_edit, record.posted_seq
            publisher = self._publishers.get(record.account_id)
            media = [record.uploaded[index] for index in sorted(record.uploaded)]
        if post_id is None or text is None or not isinstance(publisher, Editor):
            return
        try:
            published = publisher.edit(post_id, text, media=media)
        except PublishError as error:
            with self._ledger.lock:
                reason = _("Not edited: {why}").format(why=error.message)
                self._ledger.record("edit_failed", ref=ref, post_id=post_id, reason=reason)
            raise
        with self._ledger.lock:
            self._ledger.record("edited", ref=ref, post_id=post_id, url=published.url, text=text)
            self._ledger.record("corrected", ref=ref, entry=entry, by=[ref], edited=True)
            self._ledger.event("edited", ref, _("Edited in place on the network."))
        self._ledger.flush_events()

    def finish_edits(self) -> list[PostRef]:
        """Make the edits in place a crash interrupted (journalled, no outcome); the
        refs of those done. ``process`` calls it first. Raises ``PublishError``."""
        with self._ledger.lock:
            pending = [r.ref for r in self._ledger.state.posts.values() if r.pending_edit]
        for ref in pending:
            self._finish_edit(ref)
        return pending

    def record_item_started(self, item_id: str) -> None:
        with self._ledger.lock:
            self._ledger.record("item_started", item=item_id)

    def record_vote(
        self, item_id: str, votes_for: int, against: int, abstain: int, outcome: str
    ) -> None:
        with self._ledger.lock:
            fields: dict[str, Any] = {"for": votes_for, "against": against, "abstain": abstain}
            self._ledger.record("vote_recorded", item=item_id, outcome=outcome, **fields)

    # -- sending -----------------------------------------------------------------

    def process(
        self,
        stop: threading.Event | None = None,
        *,
        idle_exit: bool = True,
        max_wait: float | None = None,
    ) -> ProcessReport:
        """Send what is queued, in order, until nothing more can be sent now.

        Blocking: run it in a worker thread. ``idle_exit=False`` keeps it
        running (woken by ``submit``) until ``stop`` is set; ``max_wait``
        bounds the total time spent waiting for retries. Edits in place a crash
        interrupted are made first (one the network refuses stays journalled as failed).
        """
        with contextlib.suppress(PublishError):  # journalled as edit_failed, with its reason
            self.finish_edits()
        return self._sender.run(stop or threading.Event(), idle_exit=idle_exit, max_wait=max_wait)

    # -- what the outbox shows (read-only, see ``SessionView``) ----------------------

    def timeline(self) -> list[PostRecord]:
        return self._view.timeline()

    def post(self, ref: PostRef) -> PostRecord:
        return self._view.post(ref)

    def blocked_by(self, ref: PostRef) -> PostRef | None:
        """The earlier post this one waits for (failed, uncertain or not sent yet)."""
        return self._view.blocked_by(ref)

    def network_states(self) -> dict[str, NetworkState]:
        """Each account's state, keyed by account id, in the publishers' order."""
        return self._view.network_states()

    def counts(self) -> Counts:
        return self._view.counts()

    def session_state(self) -> SessionSnapshot:
        return self._view.session_state()

    def close(self, timeout: float = 30.0) -> None:
        """Stop a running ``process`` (after the call in flight, if any: at most
        ``timeout`` seconds) and close the journal."""
        self._sender.close()
        stopped = self._sender.stopped(timeout)
        if stopped and not self.journal.broken:
            self._sweep_spool()
        self.journal.close()
        if not stopped:
            _log.warning("outbox closed while a network call was still in flight")

    def _sweep_spool(self) -> None:
        """Drop the spooled photos of posts that will not be sent any more (posted,
        cancelled, deleted); those of a waiting, failed or uncertain post stay."""
        with self._ledger.lock:
            needed = {
                photo.source_sha256
                for record in self._ledger.state.posts.values()
                if record.state in ("queued", "sending", "failed", "uncertain")
                for photo in record.media
            }
        try:
            sweep(self.journal.path, needed)
        except OSError as error:  # a copy left behind is kept for later, never fatal
            _log.warning("photo spool not swept: %s", error)

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["FailureKind", "ItemNotPostable", "Listener", "Outbox", "OutboxError", "numbered"]
