"""A scripted network that takes photos: ``ScriptedNetwork`` plus ``MediaUploader``.

It keeps what a server would: each upload (bytes' hash, alt text), which media
each post attached, and which uploads it has forgotten (``forget``), answering a
post that attaches one of those with ``MEDIA_GONE`` as the real networks do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from livetweet.media import ImageLimits, PreparedImage, bluesky_limits, mastodon_limits, x_limits
from livetweet.publishing import FailureKind, Published, PublishError
from livetweet.publishing.publisher import UploadedMedia

from .conftest import Fault, ProcessDied, ScriptedNetwork


@dataclass
class Upload:
    media_id: str
    sha256: str
    alt: str
    size: int
    data: bytes


@dataclass
class PhotoNetwork(ScriptedNetwork):
    uploads: list[Upload] = field(default_factory=list)
    forgotten: set[str] = field(default_factory=set)
    attached: dict[str, list[str]] = field(default_factory=dict)  # post id -> media ids
    upload_faults: list[Fault] = field(default_factory=list)
    on_upload: Callable[[PreparedImage], None] | None = None
    forget_all: bool = False  # forget every upload as soon as it is made

    def media_limits(self) -> ImageLimits:
        return {"x": x_limits, "mastodon": mastodon_limits, "bluesky": bluesky_limits}[
            self.network
        ]()

    def upload_media(self, image: PreparedImage) -> UploadedMedia:
        if self.on_upload is not None:
            self.on_upload(image)
        if self.upload_faults:
            fault = self.upload_faults.pop(0)
            if fault.crash:
                raise ProcessDied
            raise PublishError(fault.kind, f"scripted upload {fault.kind}", status=fault.status)
        media_id = f"m{len(self.uploads) + 1}"
        digest = hashlib.sha256(image.data).hexdigest()
        self.uploads.append(Upload(media_id, digest, image.alt, image.size, image.data))
        return UploadedMedia(
            media_id, digest, image.mime_type, image.size, image.width, image.height, image.alt
        )

    def forget(self) -> None:
        """Drop every upload not attached yet (Bluesky's unreferenced blobs)."""
        used = {m for ids in self.attached.values() for m in ids}
        self.forgotten |= {u.media_id for u in self.uploads if u.media_id not in used}

    def publish(
        self,
        text: str,
        *,
        reply_to: str | None,
        idempotency_key: str,
        media: Sequence[UploadedMedia] = (),
    ) -> Published:
        if self.forget_all:
            self.forget()
        ids = [m.media_id for m in media]
        if set(ids) & self.forgotten:
            self.calls += 1
            raise PublishError(FailureKind.MEDIA_GONE, "media not found", status=400)
        published = super().publish(
            text, reply_to=reply_to, idempotency_key=idempotency_key, media=media
        )
        self.attached[published.post_id] = ids
        return published

    def upload(self, media_id: str) -> Upload:
        return next(u for u in self.uploads if u.media_id == media_id)
