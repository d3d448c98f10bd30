"""The fake X's v2 media endpoints: ``POST /2/media/upload`` (multipart, one request
for an image) and ``POST /2/media/metadata`` (the alt text, at most 1,000 characters).

Each upload's bytes are kept (``items[media_id].data``) so a test can open them.
``forget`` plays X dropping media ids after their 24 hours: a post attaching one
then gets X's "Your media IDs are invalid." (``invalid_media``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, cast

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_ALT_TEXT = 1000


@dataclass(frozen=True)
class Upload:
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
class XMedia:
    id: str
    data: bytes
    media_type: str
    media_category: str
    alt_text: str | None = None


class XMediaStore:
    def __init__(self) -> None:
        self.items: dict[str, XMedia] = {}
        self.lock = threading.Lock()
        self._next = 1_880_000_000_000_000_001

    def upload(self, form: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        upload = form.get("media")
        if not isinstance(upload, Upload):
            return 400, _problem("One or more parameters to your request was invalid.")
        if len(upload.data) > MAX_IMAGE_BYTES:
            return 400, _problem("File size exceeds 5242880 bytes.")
        media_type = str(form.get("media_type") or upload.content_type)
        with self.lock:
            media_id = str(self._next)
            self._next += 1
            self.items[media_id] = XMedia(
                media_id, upload.data, media_type, str(form.get("media_category", ""))
            )
        data = {
            "id": media_id,
            "media_key": f"3_{media_id}",
            "size": len(upload.data),
            "expires_after_secs": 86400,
            "image": {"image_type": media_type},
        }
        return 200, {"data": data}

    def forget(self, *media_ids: str) -> None:
        """Expire ``media_ids`` (every media when none is given), as X does after 24 h."""
        with self.lock:
            for media_id in media_ids or tuple(self.items):
                self.items.pop(media_id, None)

    def metadata(self, body: Any) -> tuple[int, dict[str, Any]]:
        media_id = str(body.get("id")) if isinstance(body, dict) else ""
        alt = ((body.get("metadata") or {}).get("alt_text") or {}).get("text") if body else None
        with self.lock:
            media = self.items.get(media_id)
            if media is None:
                return 400, _problem("The media id is not valid.")
            if not isinstance(alt, str) or len(alt) > MAX_ALT_TEXT:
                return 400, _problem("Alt text must be at most 1000 characters.")
            media.alt_text = alt
        return 200, {"data": {"id": media_id, "associated_metadata": {"alt_text": {"text": alt}}}}


def invalid_media(media_ids: list[str]) -> dict[str, Any]:
    """X's answer to a post attaching a media id it does not know (expired or never
    uploaded): a 400 whose error names the parameter."""
    return {
        "errors": [
            {"parameters": {"media.media_ids": media_ids}, "message": "Your media IDs are invalid."}
        ],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }


def _problem(detail: str) -> dict[str, Any]:
    return {"title": "Invalid Request", "detail": detail, "type": "about:blank", "status": 400}
