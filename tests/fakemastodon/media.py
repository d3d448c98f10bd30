"""The fake Mastodon's media attachments: uploads with a description, processed later.

``POST /api/v2/media`` answers 202 with ``url: null`` while the server "processes"
the file; ``GET /api/v1/media/:id`` then answers 206 until it is done, and 200
with the URL after. ``processing_polls`` says how many 206 answers come first.
``POST /api/v1/media`` (older servers) answers 200, processed at once.

Each upload's bytes are kept (``items[media_id].data``) so a test can open them. A
media attached to a status is the status's: it cannot be attached again, nor read
through ``/api/v1/media/:id`` (404), as on Mastodon. ``forget`` drops uploads (as an
instance's clean-up of unattached media does): a status attaching one then gets
Mastodon 4.3's 422 "Media ... not found or already attached to another post".
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, cast

from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart/form-data body."""

    filename: str | None
    content_type: str
    data: bytes


def parse_form_data(content_type: str, raw: bytes) -> dict[str, Any]:
    """The fields of a multipart/form-data body: text as str, files as Upload."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw
    )
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        # multipart/form-data: a plain name, and bytes once the transfer encoding is undone
        name = cast(str, part.get_param("name", header="content-disposition"))
        data = cast(bytes, part.get_payload(decode=True) or b"")
        if part.get_filename() is not None:
            fields[name] = Upload(part.get_filename(), part.get_content_type(), data)
        else:
            fields[name] = data.decode("utf-8")
    return fields


@dataclass
class Media:
    id: str
    data: bytes
    content_type: str
    description: str | None
    focus: str | None
    polls_left: int  # 206 answers still to give
    status_id: str | None = None  # the status it is attached to

    @property
    def processed(self) -> bool:
        return self.polls_left <= 0

    def as_api(self, base_url: str) -> dict[str, Any]:
        url = f"{base_url}/system/media/{self.id}" if self.processed else None
        return {
            "id": self.id,
            "type": "image",
            "url": url,
            "preview_url": url,
            "description": self.description,
            "meta": {"focus": self.focus},
            "blurhash": None,
        }


class MediaStore:
    def __init__(self, processing_polls: int = 2) -> None:
        self.processing_polls = processing_polls
        self.items: dict[str, Media] = {}
        self.lock = threading.Lock()
        self._next = 110_000_000_000_000_001

    def add(
        self, upload: Upload, description: str | None, focus: str | None, *, sync: bool
    ) -> Media:
        with self.lock:
            media_id = str(self._next)
            self._next += 1
            media = Media(
                media_id,
                upload.data,
                upload.content_type,
                description,
                focus,
                0 if sync else self.processing_polls,
            )
            self.items[media_id] = media
            return media

    def refusal(self, media_ids: list[str], *, legacy: bool = False) -> str | None:
        """Why a status may not attach ``media_ids`` (Mastodon's own words), or None."""
        with self.lock:
            unknown = [m for m in media_ids if self._free(m) is None]
            if unknown and not legacy:
                return f"Media {', '.join(unknown)} not found or already attached to another post"
            if any(not media.processed for m in media_ids if (media := self._free(m))):
                return (
                    "Cannot attach files that have not finished processing. Try again in a moment!"
                )
        return None

    def usable(self, media_ids: list[str]) -> list[str]:
        with self.lock:
            return [m for m in media_ids if self._free(m) is not None]

    def attach(self, media_ids: list[str], status_id: str) -> None:
        with self.lock:
            for media_id in media_ids:
                self.items[media_id].status_id = status_id

    def forget(self, *media_ids: str) -> None:
        """Drop ``media_ids`` (every unattached one when none is given)."""
        with self.lock:
            for media_id in media_ids or [m.id for m in self.items.values() if not m.status_id]:
                self.items.pop(media_id, None)

    def _free(self, media_id: str) -> Media | None:
        media = self.items.get(media_id)
        return media if media is not None and media.status_id is None else None

    def poll(self, media_id: str) -> Media | None:
        """The media as one GET sees it: each GET while processing uses up one 206;
        None (a 404) once it is attached to a status or forgotten."""
        with self.lock:
            media = self._free(media_id)
            if media is not None and not media.processed:
                media.polls_left -= 1
                return Media(**{**vars(media), "polls_left": media.polls_left + 1})
            return media


def image_pixels(data: bytes) -> int | None:
    """Width x height of an uploaded image, None when it is not one."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return int(image.width * image.height)
    except (UnidentifiedImageError, OSError):
        return None
