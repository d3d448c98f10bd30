"""Photos uploaded once, across retries and crashes: what the sender does before
``sending`` for a post that carries photos.

Uploads are not idempotent (each call makes a new media on the network, and
Mastodon counts them against a budget), so each one is journalled, fsynced,
right after it returns and before any other network call: ``media_uploaded``
with the post's ref, the photo's index, the account, the network's media id
and the hashes (never the bytes). A retry or a resume reuses it. Only when the
network answers that it no longer knows an upload (``FailureKind.MEDIA_GONE``:
an X media id expired, a Bluesky blob dropped, a Mastodon media deleted) is
``media_forgotten`` journalled and the photos uploaded again, once: gone again
right after a fresh upload, the post fails.

Mastodon allows 30 uploads per 30 minutes per account. The budget is counted
from the journal's ``media_uploaded`` entries; when it is spent the post waits,
queued (``media_waiting``, with the time it frees), rather than fail.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from livetweet.i18n import _
from livetweet.media import MediaError, PreparationCache
from livetweet.publishing.budget import MASTODON_UPLOADS, MASTODON_WINDOW, media_budget
from livetweet.publishing.ledger import Ledger
from livetweet.publishing.publisher import (
    FailureKind,
    MediaUploader,
    Publisher,
    PublishError,
    UploadedMedia,
)
from livetweet.publishing.retry import Clock
from livetweet.publishing.spool import spooled_source
from livetweet.publishing.state import PostRecord


class Uploads:
    """The uploads of the posts the sender is about to send."""

    def __init__(
        self,
        ledger: Ledger,
        clock: Clock,
        *,
        failed: Callable[[PostRecord, PublishError, int], None],
        preparations: PreparationCache | None = None,
    ) -> None:
        self._ledger = ledger
        self._clock = clock
        self._failed = failed  # journals a failed upload (to retry after attempt n, or final)
        self._failures: dict[str, int] = {}  # ref -> uploads failed in a row (backoff)
        self._preparations = preparations or PreparationCache()
        self._fresh: dict[str, bool] = {}  # ref -> every photo of its last attempt was new

    def ready(self, record: PostRecord, publisher: Publisher) -> Sequence[UploadedMedia] | None:
        """The photos to attach to ``record`` (none for most posts), uploading those
        not uploaded yet; None when it cannot be sent now (not due, waiting for the
        upload budget, or an upload failed: journalled)."""
        if not record.media:
            return ()
        with self._ledger.lock:
            if record.state != "queued" or self._ledger.state.parent_post_id(record)[1]:
                return None
            done = dict(record.uploaded)
        if not isinstance(publisher, MediaUploader):
            self._final(record, _("This account cannot attach photos."))
            return None
        media: list[UploadedMedia] = []
        fresh = True
        for index, photo in enumerate(record.media):
            if index in done:
                media.append(done[index])
                fresh = False
                continue
            if self._budget_spent(record, publisher):
                return None
            try:
                source = spooled_source(self._journal_path, photo)
                prepared = self._preparations.prepared(source, publisher.media_limits(), photo.alt)
                if photo.focus is not None:
                    prepared = replace(prepared, focus=photo.focus)
            except MediaError as error:
                self._final(
                    record,
                    _("Photo {name}: {reason}.").format(name=photo.name, reason=error),
                )
                return None
            self._ledger.journal.sync()  # a lazy ``posted`` before it: on disk first
            try:
                uploaded = publisher.upload_media(prepared)
            except PublishError as error:
                self._failures[record.ref] = self._failures.get(record.ref, 0) + 1
                self._failed(record, error, self._failures[record.ref])
                return None
            except Exception as error:  # noqa: BLE001 - a publisher bug: nothing was posted
                self._final(
                    record,
                    _("Unexpected error in the publisher ({error}): check the account.").format(
                        error=type(error).__name__
                    ),
                )
                return None
            with self._ledger.lock:  # fsynced before any other network call
                self._ledger.record(
                    "media_uploaded",
                    ref=record.ref,
                    index=index,
                    account_id=publisher.account_id,
                    source_sha256=photo.source_sha256,
                    at=self._clock.now(),
                    **dataclasses.asdict(uploaded),
                )
            self._failures.pop(record.ref, None)
            media.append(uploaded)
        self._fresh[record.ref] = fresh
        return media

    def gone(self, record: PostRecord, error: PublishError) -> bool:
        """After a refused post: True when the network had forgotten its photos and
        they will be uploaded again (journalled); False to handle ``error`` as usual."""
        fresh = self._fresh.pop(record.ref, True)
        if error.kind is not FailureKind.MEDIA_GONE or not record.media or fresh:
            return False
        with self._ledger.lock:
            self._ledger.record("media_forgotten", ref=record.ref, reason=error.message)
            self._ledger.event(
                "queued", record.ref, _("The network no longer had its photos: uploading again.")
            )
        self._ledger.flush_events()
        return True

    @property
    def _journal_path(self) -> Path:
        return self._ledger.journal.path

    def _budget_spent(self, record: PostRecord, publisher: Publisher) -> bool:
        """Journal ``media_waiting`` and say True when the account may upload no more now."""
        now = self._clock.now()
        with self._ledger.lock:
            remaining, frees_at = media_budget(self._ledger.state, publisher, now)
            if remaining != 0 or frees_at is None:
                return False
            reason = _(
                "Mastodon allows {count} photo uploads per {minutes} minutes: the post "
                "waits {wait} min for the next one."
            ).format(
                count=MASTODON_UPLOADS,
                minutes=int(MASTODON_WINDOW // 60),
                wait=max(1, math.ceil((frees_at - now) / 60)),
            )
            self._ledger.record(
                "media_waiting",
                ref=record.ref,
                account_id=publisher.account_id,
                until=frees_at,
                reason=reason,
            )
            self._ledger.event("retrying", record.ref, reason, retry_at=frees_at)
        self._ledger.flush_events()
        return True

    def _final(self, record: PostRecord, reason: str) -> None:
        with self._ledger.lock:
            self._ledger.record(
                "failed", ref=record.ref, kind="local", status=None, retryable=False, reason=reason
            )
            self._ledger.event("failed", record.ref, reason)
        self._ledger.flush_events()
