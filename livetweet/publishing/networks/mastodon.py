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

import hashlib
import threading
import time
from collections.abc import Sequence
from typing import Any, Final, Literal

import requests
from mastodon import Mastodon, MastodonError, MastodonNotFoundError

from livetweet.i18n import _
from livetweet.publishing.networks.mastodon_http import publish_error, quota_from_headers
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


def status_key(idempotency_key: str, text: str, reply_to: str | None) -> str:
    """The ``Idempotency-Key`` sent to the instance (hex, no journal detail leaks)."""
    material = "\x1f".join((idempotency_key, reply_to or "", text))
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
        if media:  # wired in issue 16; the outbox does not pass photos yet
            raise NotImplementedError("photos")
        self._replying[idempotency_key] = reply_to
        try:
            status = self._client.status_post(
                text,
                in_reply_to_id=reply_to,
                visibility=self._reply_visibility if reply_to else self._visibility,
                language=self._language,
                idempotency_key=status_key(idempotency_key, text, reply_to),
            )
        except MastodonError as exc:
            raise self._error(exc, replying=reply_to is not None) from None
        published = self._published(status)
        if published is None:
            raise PublishError(
                FailureKind.TIMEOUT,
                _("Mastodon answered without a status id; the post may or may not be published."),
            )
        return published

    def delete(self, post_id: str) -> None:
        try:
            self._client.status_delete(post_id)
        except MastodonNotFoundError:
            return  # already gone (e.g. a repeat after a lost answer): deleted all the same
        except MastodonError as exc:
            raise self._error(exc, replying=False) from None

    def edit(self, post_id: str, text: str) -> Published:
        """Replace a status's text in place (the instance keeps a public edit history).
        Beyond the Publisher interface: the outbox still corrects with a reply."""
        try:
            status = self._client.status_update(post_id, status=text)
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

    def _error(self, exc: MastodonError, *, replying: bool) -> PublishError:
        return publish_error(
            exc, replying=replying, timeout=self._timeout, reset_at=self.quota().reset_at
        )

    def _remember_quota(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        """Response hook: what the rate-limit headers last said (a missing reset is
        recorded as unknown, so a 429 never waits on an older answer's reset)."""
        quota = quota_from_headers(response.headers)
        with self._lock:
            if quota is not None:
                self._quota = quota
            elif self._quota.reset_at is not None:
                self._quota = Quota(self._quota.remaining, self._quota.limit, None)


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
