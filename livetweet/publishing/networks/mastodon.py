"""Posting to a Mastodon instance through Mastodon.py.

Every status carries an ``Idempotency-Key``: Mastodon keeps it an hour per
account and answers a repeat with the first status, so a retry after a lost
answer (timeout, reset connection, crash) cannot double a post within that
hour. The key is derived from the outbox's (journalled, stable) key, the text
and the status replied to: two different posts never share one, even from two
journals that reuse a session id. Past the hour, or whenever the outcome is in
doubt, the outbox reconciles first (``find_posted`` reads the account's recent
statuses) and only then sends again.

The publisher never retries and never sleeps (``ratelimit_method="throw"``):
the outbox decides from the ``PublishError`` kinds. Every response's rate-limit
headers update ``quota()``, which the UI may read from any thread.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Final, Literal

import requests
from mastodon import Mastodon, MastodonAPIError, MastodonError, MastodonNotFoundError

from livetweet.i18n import _
from livetweet.media import ImageLimits, PreparedImage
from livetweet.publishing.networks import mastodon_media
from livetweet.publishing.networks.mastodon_http import publish_error, quota_from_headers
from livetweet.publishing.networks.mastodon_instance import (
    FETCH_TIMEOUT_SECONDS,
    InstanceLimits,
    instance_limits,
)
from livetweet.publishing.networks.mastodon_text import comparable, html_to_text
from livetweet.publishing.publisher import (
    FailureKind,
    Published,
    PublishError,
    Quota,
    UploadedMedia,
)
from livetweet.text.networks import Network

Visibility = Literal["public", "unlisted", "private", "direct"]

#: How far back ``find_posted`` looks: a crash is resumed within the evening.
RECONCILE_WINDOW_SECONDS: Final = 24 * 3600
#: Mastodon gives at most 40 statuses a page; a thread of a session fits in a few.
RECONCILE_PAGE: Final = 40
RECONCILE_PAGES: Final = 3
USER_AGENT: Final = "livetweet"
#: Mastodon's words for a status attaching a media not processed yet (422)...
NOT_PROCESSED: Final = ("not finished processing",)
#: ...and for a media it does not have (4.3+: 422 "Media 1, 2 not found or already
#: attached to another post"; a 404 when the media itself is asked for).
MEDIA_GONE_MARKERS: Final = ("not found",)


def status_key(
    idempotency_key: str, text: str, reply_to: str | None, media_ids: Sequence[str] = ()
) -> str:
    """The ``Idempotency-Key`` sent to the instance (hex, no journal detail leaks). The
    photos count: the same post with photos uploaded again is another request."""
    material = "\x1f".join((idempotency_key, reply_to or "", text, *media_ids))
    return "livetweet-" + hashlib.sha256(material.encode("utf-8")).hexdigest()[:40]


class MastodonPublisher:
    """Posts to one account on one Mastodon instance."""

    dry_run = False

    def __init__(
        self,
        *,
        access_token: str,
        api_base_url: str,
        account: str | None = None,
        timeout_seconds: float = 15.0,
        visibility: Visibility = "public",
        reply_visibility: Visibility | None = None,
        language: str | None = None,
        account_id: str = "mastodon",
    ) -> None:
        if not timeout_seconds or timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be a positive number")
        self.network: Network = "mastodon"
        self.account_id = account_id
        self.account = account or "Mastodon"
        self.api_base_url = api_base_url.rstrip("/")
        self._timeout = float(timeout_seconds)
        self._visibility: Visibility = visibility
        self._reply_visibility: Visibility = reply_visibility or visibility
        self._language = language
        session = requests.Session()
        session.hooks["response"].append(self._remember_quota)
        self._client = Mastodon(
            access_token=access_token,
            api_base_url=self.api_base_url,
            request_timeout=self._timeout,
            ratelimit_method="throw",
            version_check_mode="none",
            session=session,
            user_agent=USER_AGENT,
        )
        self._lock = threading.Lock()
        self._quota = Quota()
        self._instance: InstanceLimits | None = None
        self._media_quota = Quota()
        self._sleep: Callable[[float], None] = time.sleep  # tests count the waits
        self._user_id: str | None = None
        #: What each post of this process replied to, so reconciling can match it.
        self._replying: dict[str, str | None] = {}

    def __repr__(self) -> str:  # never the client: it holds the token
        return f"MastodonPublisher(account={self.account!r}, instance={self.api_base_url!r})"

    # -- Publisher -------------------------------------------------------------------
    def publish(
        self,
        text: str,
        *,
        reply_to: str | None,
        idempotency_key: str,
        media: Sequence[UploadedMedia] = (),
    ) -> Published:
        self._replying[idempotency_key] = reply_to
        media_ids = [m.media_id for m in media]
        try:
            status = self._post(text, reply_to, idempotency_key, media_ids)
        except MastodonAPIError as exc:
            if not (media_ids and _status_of(exc) == 422 and _says(exc, *NOT_PROCESSED)):
                raise self._error(exc, replying=reply_to is not None, media=media_ids) from None
            # Processed when uploaded, yet the instance says not (another node, or
            # a re-processing): wait for it as the upload does, then once more.
            self._wait_processed(media_ids)
            try:
                status = self._post(text, reply_to, idempotency_key, media_ids)
            except MastodonError as again:
                raise self._error(again, replying=reply_to is not None, media=media_ids) from None
        except MastodonError as exc:
            raise self._error(exc, replying=reply_to is not None, media=media_ids) from None
        published = self._published(status)
        if published is None:
            raise PublishError(
                FailureKind.TIMEOUT,
                _("Mastodon answered without a status id; the post may or may not be published."),
            )
        attached = status.get("media_attachments") if hasattr(status, "get") else None
        if media_ids and isinstance(attached, list) and len(attached) < len(media_ids):
            return self._without_photos(published, len(media_ids) - len(attached))
        return published

    def _post(
        self, text: str, reply_to: str | None, idempotency_key: str, media_ids: list[str]
    ) -> Any:
        return self._client.status_post(
            text,
            in_reply_to_id=reply_to,
            media_ids=media_ids or None,
            visibility=self._reply_visibility if reply_to else self._visibility,
            language=self._language,
            idempotency_key=status_key(idempotency_key, text, reply_to, media_ids),
        )

    def _wait_processed(self, media_ids: list[str]) -> None:
        """Poll each media until processed (our own short back-off), bounded: a media the
        instance no longer has is MEDIA_GONE; one still processing, a retryable failure."""
        try:
            for media_id in media_ids:
                mastodon_media.wait_processed(
                    self._client,
                    self._client.media(media_id),
                    max_processing=self._timeout,
                    sleep=self._sleep,
                )
        except MastodonError as exc:  # a 404 here: the media is gone
            raise self._error(exc, replying=False, media=media_ids) from None
        except PublishError as error:  # still processing: nothing was posted
            raise PublishError(FailureKind.SERVER, error.message, status=422) from None

    def _without_photos(self, published: Published, missing: int) -> Published:
        """An older instance left out photos it no longer had and posted the text: the
        status is deleted so that the outbox uploads them again and posts once more;
        when it cannot be deleted, it stays published and the operator is told."""
        try:
            self._client.status_delete(published.post_id)
        except MastodonError:
            return dataclasses.replace(
                published,
                warnings=(
                    *published.warnings,
                    _(
                        "Mastodon: {n} photo(s) were not attached: the instance no longer had them."
                    ).format(n=missing),
                ),
            )
        raise PublishError(
            FailureKind.MEDIA_GONE,
            _(
                "Mastodon no longer had {n} of the photos and posted the text without them; "
                "that status was deleted."
            ).format(n=missing),
        )

    # -- MediaUploader ---------------------------------------------------------------
    def upload_media(self, image: PreparedImage) -> UploadedMedia:
        """``POST /api/v2/media`` with the alt text as description, then polls until the
        instance has processed it (a status cannot attach it before)."""
        media_id = mastodon_media.upload_image(
            self._client,
            image,
            focus=image.focus,
            timeout=self._timeout,
            sleep=self._sleep,
            reset_at=lambda: self._media_quota.reset_at,
        )
        return UploadedMedia.of(image, media_id)

    def media_limits(self) -> ImageLimits:
        """The instance's own limits, asked once per publisher (and cached per instance
        on disk, so a launch without network uses the last known ones)."""
        with self._lock:
            known = self._instance
        if known is None:  # asked outside the lock: quota() must not wait for it
            known = instance_limits(
                self.api_base_url, timeout=min(self._timeout, FETCH_TIMEOUT_SECONDS)
            )
            with self._lock:
                self._instance = known
        return mastodon_media.image_limits(known)

    def delete(self, post_id: str) -> None:
        try:
            self._client.status_delete(post_id)
        except MastodonNotFoundError:
            return  # already gone (e.g. a repeat after a lost answer): deleted all the same
        except MastodonError as exc:
            raise self._error(exc, replying=False) from None

    def edit(self, post_id: str, text: str, *, media: Sequence[UploadedMedia] = ()) -> Published:
        """Replace a status's text in place (the instance keeps a public edit history).
        Beyond the Publisher interface: the outbox still corrects with a reply. The
        photos are named again: an edit that names none strips them from the status."""
        try:
            status = self._client.status_update(
                post_id, status=text, media_ids=[m.media_id for m in media] or None
            )
        except MastodonError as exc:
            raise self._error(exc, replying=False) from None
        return self._published(status) or Published(
            post_id, f"{self.api_base_url}/statuses/{post_id}"
        )

    def find_posted(self, idempotency_key: str, text: str) -> Published | None:
        """The account's recent status with ``text`` (replying to the same status, when
        this process knows which). Raises a retryable ``PublishError`` when the instance
        cannot be asked right now, ``LookupError`` when it cannot tell at all."""
        wanted = comparable(text)
        known_reply = idempotency_key in self._replying
        reply_to = self._replying.get(idempotency_key)
        since = time.time() - RECONCILE_WINDOW_SECONDS
        try:
            account_id = self._own_user_id()
            max_id: str | None = None
            for _page in range(RECONCILE_PAGES):
                statuses = self._client.account_statuses(
                    account_id, exclude_reblogs=True, limit=RECONCILE_PAGE, max_id=max_id
                )
                if not statuses:
                    return None
                for status in statuses:
                    created = status.get("created_at")
                    if hasattr(created, "timestamp") and created.timestamp() < since:
                        return None
                    if known_reply and _str_or_none(status.get("in_reply_to_id")) != reply_to:
                        continue
                    if comparable(html_to_text(str(status.get("content") or ""))) == wanted:
                        return self._published(status)
                max_id = _str_or_none(statuses[-1].get("id"))
                if max_id is None:
                    return None
        except MastodonError as exc:
            error = self._error(exc, replying=False)
            if error.retryable:
                raise error from None
            raise LookupError(
                _("Mastodon could not list the account's recent statuses: {why}").format(
                    why=error.message
                )
            ) from None
        raise LookupError(
            _("The post is not among the account's {n} latest statuses.").format(
                n=RECONCILE_PAGE * RECONCILE_PAGES
            )
        )

    def quota(self) -> Quota:
        with self._lock:
            return self._quota

    def whoami(self) -> str:
        """ "@username" these credentials post as, asked to the instance (a start-up check
        that the configured ``account`` is the one that will speak; raises PublishError)."""
        try:
            me = self._client.account_verify_credentials()
        except MastodonError as exc:
            raise self._error(exc, replying=False) from None
        self._user_id = _str_or_none(me.get("id")) or self._user_id
        return "@" + str(me.get("acct") or me.get("username") or "?")

    # -- helpers -----------------------------------------------------------------------
    def _own_user_id(self) -> str:
        if self._user_id is None:
            me = self._client.account_verify_credentials()
            account_id = _str_or_none(me.get("id"))
            if account_id is None:
                raise LookupError(_("Mastodon did not say which account this token is."))
            self._user_id = account_id
        return self._user_id

    def _published(self, status: Any) -> Published | None:
        post_id = _str_or_none(status.get("id")) if hasattr(status, "get") else None
        if post_id is None:
            return None
        url = status.get("url") or status.get("uri") or f"{self.api_base_url}/statuses/{post_id}"
        return Published(post_id=post_id, url=str(url))

    def _error(
        self, exc: MastodonError, *, replying: bool, media: Sequence[str] = ()
    ) -> PublishError:
        gone = _status_of(exc) == 422 and _says(exc, *MEDIA_GONE_MARKERS)
        if media and (gone or (isinstance(exc, MastodonNotFoundError) and not replying)):
            return PublishError(
                FailureKind.MEDIA_GONE,
                _("Mastodon {status}: {said} (the instance no longer has the photo)").format(
                    status=_status_of(exc), said=_detail(exc)
                ),
                status=_status_of(exc),
            )
        return publish_error(
            exc, replying=replying, timeout=self._timeout, reset_at=self.quota().reset_at
        )

    def _remember_quota(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        """Response hook: what the rate-limit headers last said (a missing reset is
        recorded as unknown, so a 429 never waits on an older answer's reset). Media
        calls have a bucket of their own (30 uploads per 30 minutes), kept apart."""
        quota = quota_from_headers(response.headers)
        if "/media" in (response.request.path_url or ""):
            with self._lock:
                self._media_quota = quota or Quota()
            return
        with self._lock:
            if quota is not None:
                self._quota = quota
            elif self._quota.reset_at is not None:
                self._quota = Quota(self._quota.remaining, self._quota.limit, None)


def _status_of(exc: MastodonError) -> int | None:
    args = exc.args
    return args[1] if len(args) >= 2 and isinstance(args[1], int) else None


def _detail(exc: MastodonError) -> str:
    """The instance's own explanation (never the request)."""
    args = exc.args
    for index in (3, 2):
        if len(args) > index and isinstance(args[index], str) and args[index]:
            return str(args[index])[:300]
    return ""


def _says(exc: MastodonError, *markers: str) -> bool:
    said = _detail(exc).lower()
    return any(marker in said for marker in markers)


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
