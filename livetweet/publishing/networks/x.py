"""Posting to X through tweepy's ``Client`` (OAuth 1.0a user context).

The publisher never retries and never sleeps (``wait_on_rate_limit=False``): the
outbox decides from the ``PublishError`` kinds. Every response's rate-limit
headers update ``quota()``, which the UI may read from any thread.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import re
import threading
import time
import unicodedata
from collections.abc import Sequence
from typing import Any, Final

import requests
import tweepy

from livetweet.i18n import _
from livetweet.media import ImageLimits, PreparedImage, x_limits
from livetweet.publishing.networks import x_media
from livetweet.publishing.networks.x_http import header_int, publish_error, route_session
from livetweet.publishing.publisher import (
    FailureKind,
    Published,
    PublishError,
    Quota,
    UploadedMedia,
)
from livetweet.text.networks import Network
from livetweet.text.urls import extract_urls

X_API_BASE_URL: Final = "https://api.x.com"
#: How far back ``find_posted`` looks: a crash is resumed within the evening, and X
#: itself refuses a duplicate of a recent post, so an identical older text is not ours.
RECONCILE_WINDOW_SECONDS: Final = 24 * 3600
RECONCILE_MAX_RESULTS: Final = 100
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class XPublisher:
    """Posts to one X account."""

    dry_run = False

    def __init__(
        self,
        *,
        consumer_key: str,
        consumer_secret: str,
        access_token: str,
        access_token_secret: str,
        account: str | None = None,
        api_base_url: str = X_API_BASE_URL,
        timeout_seconds: float = 15.0,
        reconcile: bool = True,
        account_id: str = "x",
    ) -> None:
        if not timeout_seconds or timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be a positive number")
        self.network: Network = "x"
        self.account_id = account_id
        self.account = account or "X"
        self._handle = account.strip().lstrip("@") if account else None
        self._timeout = float(timeout_seconds)
        self._reconcile = reconcile
        self._client = tweepy.Client(
            consumer_key=consumer_key,
            consumer_secret=consumer_secret,
            access_token=access_token,
            access_token_secret=access_token_secret,
            return_type=dict,
            wait_on_rate_limit=False,
        )
        route_session(self._client.session, api_base_url, self._timeout)
        self._client.session.hooks["response"].append(self._remember_quota)
        self._lock = threading.Lock()
        self._quota = Quota()
        self._user_id: str | None = None

    def __repr__(self) -> str:  # never the client: it holds the credentials
        return f"XPublisher(account={self.account!r})"

    # -- Publisher -------------------------------------------------------------------
    def publish(
        self,
        text: str,
        *,
        reply_to: str | None,
        idempotency_key: str,
        media: Sequence[UploadedMedia] = (),
    ) -> Published:
        try:
            answer = self._client.create_tweet(
                text=text,
                in_reply_to_tweet_id=reply_to,
                media_ids=[m.media_id for m in media] or None,
                user_auth=True,
            )
        except (tweepy.TweepyException, requests.RequestException) as exc:
            raise publish_error(
                exc, replying=reply_to is not None, timeout=self._timeout, with_media=bool(media)
            ) from None
        post_id = _data(answer).get("id")
        if not isinstance(post_id, str) or not post_id:
            raise PublishError(
                FailureKind.TIMEOUT,
                _("X answered without a post id; the post may or may not be published."),
            )
        return Published(post_id=post_id, url=self.post_url(post_id))

    # -- MediaUploader ---------------------------------------------------------------
    def upload_media(self, image: PreparedImage) -> UploadedMedia:
        """``POST /2/media/upload``, then the alt text with ``POST /2/media/metadata``."""
        media_id = x_media.upload_image(self._client, image, timeout=self._timeout)
        if image.alt:
            x_media.set_alt_text(self._client, media_id, image.alt, timeout=self._timeout)
        return UploadedMedia.of(image, media_id)

    def media_limits(self) -> ImageLimits:
        return x_limits()

    def delete(self, post_id: str) -> None:
        try:
            answer = self._client.delete_tweet(post_id, user_auth=True)
        except (tweepy.TweepyException, requests.RequestException) as exc:
            raise publish_error(exc, replying=False, timeout=self._timeout) from None
        if _data(answer).get("deleted") is not True:
            raise PublishError(FailureKind.REJECTED, _("X did not confirm the deletion."))

    def find_posted(self, idempotency_key: str, text: str) -> Published | None:
        """The account's post with exactly ``text`` among its recent posts.

        Raises a retryable ``PublishError`` when X cannot be asked right now (the
        outbox asks again later) and ``LookupError`` when it cannot tell at all.
        """
        if not self._reconcile:
            raise LookupError(_("reconciliation with X is off (networks.x.reconcile: false)"))
        since = datetime.datetime.fromtimestamp(
            time.time() - RECONCILE_WINDOW_SECONDS, tz=datetime.UTC
        )
        try:
            user_id = self._own_user_id()
            answer = self._client.get_users_tweets(
                user_id,
                user_auth=True,
                max_results=RECONCILE_MAX_RESULTS,
                start_time=since,
                exclude=["retweets"],
                tweet_fields=["created_at", "entities"],
            )
        except (tweepy.TweepyException, requests.RequestException) as exc:
            error = publish_error(exc, replying=False, timeout=self._timeout)
            if error.retryable:
                raise error from None
            raise LookupError(
                _("X could not list the account's recent posts: {why}").format(why=error.message)
            ) from None
        data = answer.get("data") if isinstance(answer, dict) else None
        wanted = _comparable(text)
        for post in data or []:
            if isinstance(post, dict) and _comparable(_expanded_text(post)) == wanted:
                post_id = str(post["id"])
                return Published(post_id=post_id, url=self.post_url(post_id))
        return None

    def quota(self) -> Quota:
        with self._lock:
            return self._quota

    def whoami(self) -> str:
        """The "@username" these tokens post as, asked to X: a start-up check that the
        configured ``account`` is really the one that will speak (raises PublishError)."""
        try:
            me = _data(self._client.get_me(user_auth=True))
        except (tweepy.TweepyException, requests.RequestException) as exc:
            raise publish_error(exc, replying=False, timeout=self._timeout) from None
        if not me.get("username"):
            raise PublishError(FailureKind.REJECTED, _("X did not say who these tokens are."))
        self._user_id = str(me["id"]) if me.get("id") else self._user_id
        return "@" + str(me["username"])

    def account_matches(self, username: str) -> bool:
        """Whether ``username`` (from ``whoami``) is the configured account."""
        return self._handle is None or self._handle.lower() == username.lstrip("@").lower()

    # -- helpers -----------------------------------------------------------------------
    def post_url(self, post_id: str) -> str:
        if self._handle:
            return f"https://x.com/{self._handle}/status/{post_id}"
        return f"https://x.com/i/web/status/{post_id}"

    def _own_user_id(self) -> str:
        if self._user_id is None:
            me = _data(self._client.get_me(user_auth=True))
            if not me.get("id"):
                raise LookupError(_("X did not say which account these tokens belong to."))
            self._user_id = str(me["id"])
            if self._handle is None and me.get("username"):
                self._handle = str(me["username"])
        return self._user_id

    def _remember_quota(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        """Response hook: keep what the rate-limit headers say. The 15-minute window is
        the posting endpoint's (other endpoints have their own); the 24-hour cap is the
        account's, whatever the endpoint."""
        headers = response.headers
        changes: dict[str, Any] = {}
        request = response.request
        if request.method == "POST" and (request.path_url or "").split("?")[0].endswith(
            "/2/tweets"
        ):
            for field, name in (
                ("remaining", "x-rate-limit-remaining"),
                ("limit", "x-rate-limit-limit"),
                ("reset_at", "x-rate-limit-reset"),
            ):
                value = header_int(headers, name)
                if value is not None:
                    changes[field] = float(value) if field == "reset_at" else value
        for field, name in (
            ("user_24h_remaining", "x-user-limit-24hour-remaining"),
            ("user_24h_limit", "x-user-limit-24hour-limit"),
        ):
            value = header_int(headers, name)
            if value is not None:
                changes[field] = value
        if changes:
            with self._lock:
                self._quota = dataclasses.replace(self._quota, **changes)


def _data(answer: Any) -> dict[str, Any]:
    data = answer.get("data") if isinstance(answer, dict) else None
    return data if isinstance(data, dict) else {}


def _expanded_text(post: dict[str, Any]) -> str:
    """The post's text with X's t.co links put back to the URLs the operator wrote."""
    text = str(post.get("text", ""))
    entities = post.get("entities")
    urls = entities.get("urls") if isinstance(entities, dict) else None
    for url in urls or []:
        if isinstance(url, dict) and url.get("url") and url.get("expanded_url"):
            text = text.replace(str(url["url"]), str(url["expanded_url"]))
    return text


def _comparable(text: str) -> str:
    """``text`` as X may give it back: entities unescaped, NFC, and each link in a
    canonical form (X adds a scheme to a bare domain, a "/" to a bare host...)."""
    plain = unicodedata.normalize("NFC", html.unescape(text)).strip()
    for start, end in reversed(extract_urls(plain)):
        plain = plain[:start] + _canonical_url(plain[start:end]) + plain[end:]
    return plain


def _canonical_url(url: str) -> str:
    bare = _SCHEME.sub("", url)
    host, slash, rest = bare.partition("/")
    return (host.lower() + slash + rest).rstrip("/")
