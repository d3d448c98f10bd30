"""The outbox's worker loop: reconcile, send, schedule retries, wait.

The sender reads the ledger's state and asks the ledger to record each step; it
owns only its own bookkeeping (when a network may be asked again, whose turn it
is) and the events that wake it or stop it.

The order of writes is what makes a crash harmless: ``sending`` is fsynced
before ``publish`` is called, and ``posted`` right after it returns. A post
found in ``sending`` state with nobody sending it (the process died, or a
timeout left the outcome unknown) is looked up on the network with
``find_posted``; if the network cannot tell, it becomes *uncertain* and
waits for the operator. It is never sent again without that check. After a
reopen, every post still waiting is looked up the same way before it is sent
(``PostRecord.check_first``), in case the journal lost its later entries.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, Literal

from livetweet.i18n import _
from livetweet.media import PreparationCache
from livetweet.publishing.ledger import Ledger
from livetweet.publishing.publisher import FailureKind, Publisher, PublishError
from livetweet.publishing.reports import PostRef, ProcessReport
from livetweet.publishing.retry import Clock, RetryPolicy, operator_message
from livetweet.publishing.state import PostRecord
from livetweet.publishing.uploading import Uploads
from livetweet.text.networks import Network

#: 5xx answers after which the post surely was not created; other 5xx are ambiguous.
_SURELY_NOT_CREATED = frozenset({502, 503})
_EPOCH_THRESHOLD = 1e9  # a retry_after this large is a date, not a duration


class Sender:
    """Sends what the ledger's state says is due, one post at a time; records every
    step through the ledger and never changes the state otherwise."""

    def __init__(
        self,
        ledger: Ledger,
        publishers: Mapping[Network, Publisher],
        *,
        clock: Clock,
        policy: RetryPolicy,
        preparations: PreparationCache | None = None,
    ) -> None:
        self._ledger = ledger
        self._uploads = Uploads(
            ledger, clock, failed=self._upload_failed, preparations=preparations
        )
        self._publishers = publishers
        self._networks = list(publishers)
        self._clock = clock
        self._policy = policy
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._running = threading.Lock()
        self._lookup_wait: dict[str, float] = {}  # network -> when to try find_posted again
        self._lookup_attempts: dict[str, int] = {}
        self._last_network: str | None = None

    def run(
        self, stop: threading.Event, *, idle_exit: bool, max_wait: float | None
    ) -> ProcessReport:
        with self._running:
            posted: list[PostRef] = []
            found: list[PostRef] = []
            waited = 0.0
            while not (stop.is_set() or self._closing.is_set()):
                self._wake.clear()
                stale = self._next_stale()
                if stale is not None:
                    if self._reconcile(stale, _("The app stopped while this post was being sent.")):
                        found.append(stale.ref)
                    continue
                record = self._next()
                if record is not None:
                    if record.check_first:  # waiting since before a reopen: ask first
                        outcome = "found" if self._reconcile(record, _before_reopen()) else None
                    else:
                        outcome = self._send(record)
                    if outcome is not None:
                        (posted if outcome == "posted" else found).append(record.ref)
                    continue
                self._ledger.journal.sync()  # nothing lazy is left unsynced while idle
                now = self._clock.now()
                wake_at = self._next_wake()
                if wake_at is None:
                    if idle_exit:
                        break
                    self._clock.wait(3600.0, stop, self._wake)
                    continue
                delay = max(0.0, wake_at - now)
                if max_wait is not None and waited + delay > max_wait:
                    break
                self._clock.wait(delay, stop, self._wake)
                waited += max(0.0, self._clock.now() - now)
            self._ledger.journal.sync()
            return self._report(posted, found, stop.is_set() or self._closing.is_set())

    def wake(self) -> None:
        """Something changed (a post queued, cancelled...): look again now."""
        self._wake.set()

    def close(self) -> None:
        """Make a running ``run`` return after the call in flight."""
        self._closing.set()
        self._wake.set()

    def stopped(self, timeout: float) -> bool:
        """Wait until no ``run`` is going on; False if one still is after ``timeout``."""
        if not self._running.acquire(timeout=timeout):
            return False
        self._running.release()
        return True

    # -- choosing ------------------------------------------------------------------

    def _next(self) -> PostRecord | None:
        """The next post to send, taking networks in turn so that X, Mastodon and
        Bluesky get each part of a thread at about the same time."""
        now = self._clock.now()
        networks = self._networks
        if self._last_network in networks:
            start = networks.index(self._last_network) + 1
            networks = networks[start:] + networks[:start]
        with self._ledger.lock:
            for network in networks:
                record = self._ledger.state.sendable(network, now)
                if record is None or (record.check_first and self._looking_up(network, now)):
                    continue
                self._last_network = network
                return record
        return None

    def _looking_up(self, network: str, now: float) -> bool:
        """The network could not be asked a moment ago: wait before asking again."""
        return self._lookup_wait.get(network, 0.0) > now

    def _next_wake(self) -> float | None:
        with self._ledger.lock:
            times = [self._ledger.state.next_wake(n) for n in self._networks]
            times += [t for n, t in self._lookup_wait.items() if self._to_look_up(n)]
        known = [t for t in times if t is not None]
        return min(known) if known else None

    def _to_look_up(self, network: str) -> list[PostRecord]:
        """Posts of ``network`` whose outcome the network must be asked about."""
        return [
            r
            for r in self._ledger.state.posts.values()
            if r.network == network
            and (r.state == "sending" or (r.state == "queued" and r.check_first))
        ]

    # -- reconciling ------------------------------------------------------------------

    def _next_stale(self) -> PostRecord | None:
        """A post left in ``sending`` (a crash) whose network may be asked now."""
        now = self._clock.now()
        with self._ledger.lock:
            for network in self._networks:
                if self._looking_up(network, now):
                    continue
                for record in self._ledger.state.posts.values():
                    if record.network == network and record.state == "sending":
                        return record
        return None

    def _reconcile(
        self, record: PostRecord, why: str, retry_if_absent: PublishError | None = None
    ) -> bool:
        """Ask the network whether ``record`` was published; journal the answer.
        True when it was found (published)."""
        publisher = self._publishers[record.network]
        try:
            found = publisher.find_posted(self._key(record), record.text)
        except LookupError:
            if record.state == "queued" and not self._ledger.state.doubted:
                # Never sent before the reopen (the journal is whole, and every send is
                # journalled first): nothing to look up.
                with self._ledger.lock:
                    self._ledger.record("reconciled", ref=record.ref, found=None, reason=why)
                return False
            self._uncertain(record, why + " " + _("Check the account, then mark it."))
            return False
        except PublishError as error:
            if error.retryable:
                n = self._lookup_attempts.get(record.network, 0) + 1
                self._lookup_attempts[record.network] = n
                delay = self._policy.delay(error.kind, n, error.retry_after)
                self._lookup_wait[record.network] = self._clock.now() + delay
                return False
            self._uncertain(record, why + " " + operator_message(error.kind, error.message))
            return False
        except Exception as error:  # noqa: BLE001 - a publisher bug: the outcome stays unknown
            self._uncertain(
                record,
                why
                + " "
                + _("Unexpected error in the publisher ({error}): check the account.").format(
                    error=type(error).__name__
                ),
            )
            return False
        self._lookup_attempts.pop(record.network, None)
        self._lookup_wait.pop(record.network, None)
        with self._ledger.lock:
            was_queued = record.state == "queued"
            if found is not None:
                self._ledger.record(
                    "reconciled",
                    ref=record.ref,
                    found=True,
                    post_id=found.post_id,
                    url=found.url,
                    reason=why,
                )
                self._ledger.event("reconciled", record.ref, _("Found on the network: published."))
            else:
                self._ledger.record("reconciled", ref=record.ref, found=False, reason=why)
                if not was_queued:
                    self._ledger.event(
                        "queued", record.ref, _("Not on the network: it will be sent.")
                    )
        self._ledger.flush_events()
        if found is None and retry_if_absent is not None:
            self._schedule(record, retry_if_absent)
        return found is not None

    def _uncertain(self, record: PostRecord, reason: str) -> None:
        with self._ledger.lock:
            self._ledger.record("uncertain", ref=record.ref, reason=reason)
            self._ledger.event("uncertain", record.ref, reason)
        self._ledger.flush_events()

    # -- sending ------------------------------------------------------------------------

    def _key(self, record: PostRecord) -> str:
        return f"{self._ledger.journal.session_id}/{record.ref}"

    def _send(self, record: PostRecord) -> Literal["posted", "found"] | None:
        """Send ``record``: "posted", "found" (the network had it after an ambiguous
        failure), or None (not published, or not known yet)."""
        publisher = self._publishers[record.network]
        media = self._uploads.ready(record, publisher)  # each upload journalled, fsynced
        if media is None:
            return None
        with self._ledger.lock:
            if record.state != "queued":
                return None
            reply_to, blocker = self._ledger.state.parent_post_id(record)
            if blocker is not None:
                return None
            self._ledger.record(
                "sending", ref=record.ref, attempt=record.attempts + 1, reply_to=reply_to
            )
            self._ledger.event("sending", record.ref)
            text = record.text
        self._ledger.flush_events()
        try:
            published = publisher.publish(
                text, reply_to=reply_to, idempotency_key=self._key(record), media=media
            )
        except PublishError as error:
            if self._uploads.gone(record, error):  # MEDIA_GONE: uploaded again, then sent
                return None
            return "found" if self._failed(record, error) else None
        except Exception as error:  # noqa: BLE001 - a publisher bug: the outcome is unknown
            self._uncertain(
                record,
                _("Unexpected error in the publisher ({error}): check the account.").format(
                    error=type(error).__name__
                ),
            )
            return None
        with self._ledger.lock:
            self._ledger.record(
                "posted",
                sync=False,  # synced with the next entry, before any other network call
                ref=record.ref,
                post_id=published.post_id,
                url=published.url,
                reply_to=reply_to,
                **({"warnings": list(published.warnings)} if published.warnings else {}),
            )
            self._ledger.event("posted", record.ref, published.url)
        self._ledger.flush_events()
        return "posted"

    def _failed(self, record: PostRecord, error: PublishError) -> bool:
        """Journal a failed call; True if reconciliation found the post published."""
        message = operator_message(error.kind, error.message)
        ambiguous = error.kind is FailureKind.TIMEOUT or (
            error.kind is FailureKind.SERVER and error.status not in _SURELY_NOT_CREATED
        )
        if ambiguous:
            return self._reconcile(record, message, retry_if_absent=error)
        if error.kind is FailureKind.DUPLICATE and (record.attempts > 1 or record.checked):
            # The network's list of posts can lag behind a post it accepted without
            # answering: reconciliation said "absent", and the network now refuses
            # the same text. Most likely the earlier attempt went out.
            self._uncertain(
                record,
                _(
                    "The network refuses it as a copy of a recent post: an earlier "
                    "attempt was most likely published. Check the account, then mark it."
                ),
            )
        elif error.retryable:
            self._schedule(record, error)
        else:
            self._record_failure(record, error, message, retry_at=None)
        return False

    def _upload_failed(self, record: PostRecord, error: PublishError) -> None:
        """A photo upload failed: nothing was posted, so no lookup is needed."""
        if error.retryable:
            self._schedule(record, error)
        else:
            self._record_failure(
                record, error, operator_message(error.kind, error.message), retry_at=None
            )

    def _schedule(self, record: PostRecord, error: PublishError) -> None:
        now = self._clock.now()
        retry_after = error.retry_after
        if retry_after is not None and retry_after > _EPOCH_THRESHOLD:
            retry_after = retry_after - now
        if retry_after is not None and retry_after <= 0:
            # A reset already past here (this clock is ahead of the network's): the
            # real reset is unknown, so back off instead of retrying every second.
            retry_after = None
        retry_at = now + self._policy.delay(error.kind, max(1, record.attempts), retry_after)
        self._record_failure(
            record, error, operator_message(error.kind, error.message), retry_at=retry_at
        )

    def _record_failure(
        self, record: PostRecord, error: PublishError, message: str, *, retry_at: float | None
    ) -> None:
        """Journal a failure: final (``retry_at`` None) or to be retried at ``retry_at``."""
        retryable = retry_at is not None
        extra: dict[str, Any] = {"retry_at": retry_at} if retryable else {}
        with self._ledger.lock:
            self._ledger.record(
                "failed",
                ref=record.ref,
                kind=error.kind.value,
                status=error.status,
                retryable=retryable,
                **extra,
                reason=message,
            )
            if retryable:
                self._ledger.event("retrying", record.ref, message, retry_at=retry_at)
            else:
                self._ledger.event("failed", record.ref, message)
        self._ledger.flush_events()

    def _report(self, posted: list[PostRef], found: list[PostRef], stopped: bool) -> ProcessReport:
        with self._ledger.lock:
            posts = list(self._ledger.state.posts.values())
            doubted = self._ledger.state.doubted
        unknown = [
            r.ref
            for r in posts
            if r.state == "sending" or (r.state == "queued" and r.check_first and doubted)
        ]
        return ProcessReport(
            posted=posted,
            queued=[r.ref for r in posts if r.state == "queued" and r.ref not in unknown],
            failed=[r.ref for r in posts if r.state == "failed"],
            uncertain=[r.ref for r in posts if r.state == "uncertain"],
            stopped=stopped,
            found=found,
            unknown=unknown,
        )


def _before_reopen() -> str:
    return _(
        "It was waiting when the journal was reopened; the network is asked first, "
        "in case the journal lost the entry saying it was sent."
    )
