"""The embedded default publisher: nothing leaves the machine.

Posts go through exactly the same outbox and journal as real ones, but land in
a local JSON Lines file (by default next to the journal, ``<journal>.dryrun.jsonl``)
with made-up ids and ``https://dry-run.invalid/...`` URLs; a photo is written down
as its hash, alt text, size and shape (``dry-media-…`` ids), never its bytes.
Because that file is written (and fsynced) before ``publish`` returns,
``find_posted`` can always tell whether a post "left", so crash recovery
reconciles dry-run posts automatically.

``LIVETWEET_DRY_RUN_DELAY`` (seconds, default 0) slows every call down: used by
the crash test to make SIGKILLs land in the middle of a thread, and handy for
rehearsing with the TUI.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from livetweet.config.dirs import private_dir
from livetweet.i18n import os_error
from livetweet.media import ImageLimits, PreparedImage, default_limits
from livetweet.publishing.publisher import (
    FailureKind,
    Published,
    PublishError,
    Quota,
    UploadedMedia,
)
from livetweet.text.networks import Network

DELAY_ENV = "LIVETWEET_DRY_RUN_DELAY"
URL_BASE = "https://dry-run.invalid"


def dry_run_outbox_path(journal_path: Path) -> Path:
    """Where the dry-run publisher of a journal writes its posts."""
    return journal_path.with_name(journal_path.name.removesuffix(".jsonl") + ".dryrun.jsonl")


class DryRunPublisher:
    """A publisher whose "network" is a local append-only file."""

    dry_run = True

    def __init__(
        self,
        network: Network,
        outbox_path: Path,
        account: str = "dry-run",
        *,
        delay: float | None = None,
        account_id: str | None = None,
    ) -> None:
        self.network: Network = network
        self.account_id = account_id or network
        self.account = account
        self.outbox_path = outbox_path
        self._lock = threading.Lock()
        if delay is None:
            try:
                delay = float(os.environ.get(DELAY_ENV, "0") or 0)
            except ValueError:
                delay = 0.0
        self._delay = max(0.0, delay)

    def publish(
        self,
        text: str,
        *,
        reply_to: str | None,
        idempotency_key: str,
        media: Sequence[UploadedMedia] = (),
    ) -> Published:
        self._pause()
        post_id = "dry-" + uuid.uuid4().hex[:16]
        url = f"{URL_BASE}/{self.network}/{post_id}"
        record: dict[str, Any] = {
            "op": "post",
            "id": post_id,
            "url": url,
            "network": self.network,
            "account": self.account,
            "account_id": self.account_id,
            "key": idempotency_key,
            "reply_to": reply_to,
            "text": text,
            "ts": time.time(),
        }
        if media:
            record["media"] = [_photo(photo) for photo in media]
        self._write(record)
        self._pause()
        return Published(post_id=post_id, url=url)

    def upload_media(self, image: PreparedImage) -> UploadedMedia:
        """The photo as it would be uploaded: its hash, alt text, size and shape are
        written down, never its bytes."""
        self._pause()
        uploaded = UploadedMedia.of(image, "dry-media-" + uuid.uuid4().hex[:16])
        self._write(
            {
                "op": "upload",
                "network": self.network,
                "account": self.account,
                "account_id": self.account_id,
                **_photo(uploaded),
                "source_sha256": image.source_sha256,
                "ts": time.time(),
            }
        )
        return uploaded

    def media_limits(self) -> ImageLimits:
        """The network's documented limits (a dry run asks no Mastodon instance)."""
        return default_limits()[self.network]

    def delete(self, post_id: str) -> None:
        self._write({"op": "delete", "id": post_id, "network": self.network, "ts": time.time()})

    def _write(self, record: dict[str, Any]) -> None:
        """Append ``record``; a file that cannot be written is named (the post did not
        "leave": a torn line is never read back as a post)."""
        try:
            self._append(record)
        except OSError as error:
            raise PublishError(
                FailureKind.LOCAL,
                f"{self.outbox_path}: {os_error(error)}",
            ) from None

    def find_posted(self, idempotency_key: str, text: str) -> Published | None:
        for record in read_dry_run_outbox(self.outbox_path):
            if (
                record.get("op") == "post"
                and record.get("network") == self.network
                and record.get("key") == idempotency_key
            ):
                return Published(post_id=str(record["id"]), url=str(record["url"]))
        return None

    def quota(self) -> Quota:
        return Quota()

    def _pause(self) -> None:
        if self._delay:
            time.sleep(self._delay)

    def _append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock:
            private_dir(self.outbox_path.parent)
            fd = os.open(self.outbox_path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                if _ends_without_newline(fd):  # a crash tore the last line: start afresh
                    line = "\n" + line
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)


def _photo(photo: UploadedMedia) -> dict[str, Any]:
    return {
        "id": photo.media_id,
        "sha256": photo.sha256,
        "alt": photo.alt,
        "mime_type": photo.mime_type,
        "bytes": photo.size,
        "width": photo.width,
        "height": photo.height,
    }


def _ends_without_newline(fd: int) -> bool:
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


def read_dry_run_outbox(path: Path) -> list[dict[str, Any]]:
    """Every complete record of a dry-run outbox file; torn lines are skipped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    records: list[dict[str, Any]] = []
    for line in raw.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records
