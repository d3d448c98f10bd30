"""Uploading a prepared photo to Mastodon, with its description (alt text).

``MastodonPublisher.upload_media`` calls it: it returns the media id a status
attaches with ``media_ids``, which the outbox journals with the photo's hash
(uploads are not idempotent). Mastodon 3.1.4+ answers ``POST /api/v2/media`` with 202 while
it processes the file, and refuses (422) a status attaching an unprocessed
media; Mastodon.py's own wait sleeps 5 s per poll, so this polls with a short
back-off of its own.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any, Final

from mastodon import Mastodon, MastodonError

from livetweet.i18n import _
from livetweet.media import ImageLimits, PreparedImage, mastodon_limits
from livetweet.publishing.networks.mastodon_http import publish_error
from livetweet.publishing.networks.mastodon_instance import InstanceLimits
from livetweet.publishing.publisher import FailureKind, PublishError

#: Waits between polls of a media still processing (then the last one, repeated).
POLL_DELAYS: Final = (0.2, 0.4, 0.8, 1.5)
MAX_PROCESSING_SECONDS: Final = 60.0
_EXTENSIONS: Final = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
}


def image_limits(instance: InstanceLimits) -> ImageLimits:
    """The instance's own photo limits (as read or cached), Mastodon's defaults otherwise."""
    return mastodon_limits(
        instance.image_size_limit, instance.image_matrix_limit, instance.description_limit
    )


def upload_image(
    client: Mastodon,
    image: PreparedImage,
    *,
    focus: tuple[float, float] | None = None,
    timeout: float = 15.0,
    max_processing: float = MAX_PROCESSING_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> str:
    """Upload ``image`` with its alt text and return its media id once the instance
    has processed it; raises PublishError (never with the token in it)."""
    try:
        media: Any = client.media_post(
            io.BytesIO(image.data),
            mime_type=image.mime_type,
            description=image.alt or None,
            focus=focus,
            file_name=f"photo.{_EXTENSIONS.get(image.mime_type, 'jpg')}",
        )
        media_id = str(media["id"])
        wait_processed(client, media, max_processing=max_processing, sleep=sleep, clock=clock)
    except MastodonError as exc:
        raise publish_error(exc, replying=False, timeout=timeout, reset_at=None) from None
    return media_id


def wait_processed(
    client: Mastodon,
    media: Any,
    *,
    max_processing: float = MAX_PROCESSING_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """Poll ``media`` (as the instance last gave it) until it has a URL: processed.
    Raises PublishError TIMEOUT after ``max_processing`` s, MastodonError as it comes."""
    media_id = str(media["id"])
    deadline = clock() + max_processing
    polls = 0
    while media.get("url") is None:
        if clock() >= deadline:
            raise PublishError(
                FailureKind.TIMEOUT,
                _("Mastodon is still processing the photo after {s:g} s.").format(s=max_processing),
            )
        sleep(POLL_DELAYS[min(polls, len(POLL_DELAYS) - 1)])
        polls += 1
        media = client.media(media_id)
