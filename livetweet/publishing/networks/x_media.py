"""Uploading a prepared photo to X through the v2 media endpoints, with its alt text.

tweepy 4.17 only has v1.1's ``media_upload``, which X has retired; so this calls
``POST /2/media/upload`` (one multipart request for an image) then
``POST /2/media/metadata`` for the alt text, over the tweepy client's own
session (whose URLs ``x_http.route_session`` rewrites to ``api_base_url``) and
signed with tweepy's own OAuth 1.0a handler. ``XPublisher.upload_media`` calls
it: it returns the media id a post attaches with ``media_ids``, which the outbox
journals with the photo's hash (an upload is not idempotent). X forgets a media id
after 24 hours: a post attaching it then fails with MEDIA_GONE.
"""

from __future__ import annotations

from typing import Any, Final

import requests
import tweepy

from livetweet.i18n import _
from livetweet.media import PreparedImage
from livetweet.publishing.networks.x_http import publish_error
from livetweet.publishing.publisher import FailureKind, PublishError

UPLOAD_URL: Final = "https://api.x.com/2/media/upload"
METADATA_URL: Final = "https://api.x.com/2/media/metadata"
_HTTP_ERRORS: Final[dict[int, type[tweepy.HTTPException]]] = {
    400: tweepy.BadRequest,
    401: tweepy.Unauthorized,
    403: tweepy.Forbidden,
    404: tweepy.NotFound,
    429: tweepy.TooManyRequests,
}


def _auth(client: tweepy.Client) -> Any:
    return tweepy.OAuth1UserHandler(
        client.consumer_key,
        client.consumer_secret,
        client.access_token,
        client.access_token_secret,
    ).apply_auth()


def _checked(response: requests.Response) -> dict[str, Any]:
    """The answer's JSON, or tweepy's exception for its status (so that ``publish_error``
    reads X's explanation as it does for posts)."""
    if response.status_code >= 500:
        raise tweepy.TwitterServerError(response)
    if not response.ok:
        raise _HTTP_ERRORS.get(response.status_code, tweepy.HTTPException)(response)
    answer = response.json()
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), dict):
        raise PublishError(FailureKind.TIMEOUT, _("Unreadable answer from X to a photo upload."))
    data: dict[str, Any] = answer["data"]
    return data


def upload_image(client: tweepy.Client, image: PreparedImage, *, timeout: float = 15.0) -> str:
    """Upload ``image`` (without its alt text: see ``set_alt_text``); return X's media
    id, to journal at once. Raises PublishError."""
    category = "tweet_gif" if image.mime_type == "image/gif" else "tweet_image"
    try:
        data = _checked(
            client.session.post(
                UPLOAD_URL,
                data={"media_category": category, "media_type": image.mime_type},
                files={"media": ("photo", image.data, image.mime_type)},
                auth=_auth(client),
                timeout=timeout,
            )
        )
    except (tweepy.HTTPException, requests.RequestException, ValueError) as exc:
        raise publish_error(exc, replying=False, timeout=timeout) from None
    media_id = str(data.get("id") or "")
    if not media_id:
        raise PublishError(FailureKind.TIMEOUT, _("X did not give the photo's media id."))
    return media_id


def set_alt_text(client: tweepy.Client, media_id: str, alt: str, *, timeout: float = 15.0) -> None:
    """Give an uploaded photo its alt text (repeatable: the last one stays)."""
    try:
        _checked(
            client.session.post(
                METADATA_URL,
                json={"id": media_id, "metadata": {"alt_text": {"text": alt}}},
                auth=_auth(client),
                timeout=timeout,
            )
        )
    except (tweepy.HTTPException, requests.RequestException, ValueError) as exc:
        raise publish_error(exc, replying=False, timeout=timeout) from None
