"""X's PIN-based OAuth 1.0a flow (tweepy's ``OAuth1UserHandler``, callback "oob").

The operator opens the authorization URL, approves the app, and types the PIN X
shows; the PIN is exchanged for the account's access token and secret. Every
call goes through ``api_base_url`` with a timeout, like the publisher's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests
import tweepy

from livetweet.i18n import _
from livetweet.publishing.networks.x import X_API_BASE_URL
from livetweet.publishing.networks.x_http import route_session


class XAuthError(Exception):
    """The flow failed; the message is for the operator and holds no secret."""


@dataclass(frozen=True)
class XTokens:
    access_token: str
    access_token_secret: str
    username: str | None  # the account the operator approved, without "@"

    def __repr__(self) -> str:
        return f"XTokens(username={self.username!r})"


class _RoutedOAuth1UserHandler(tweepy.OAuth1UserHandler):  # type: ignore[misc]
    """tweepy's handler, with every OAuth session it creates routed to ``base_url``
    (it replaces its session when exchanging the PIN, hence the property)."""

    def __init__(self, *args: Any, base_url: str, timeout: float, **kwargs: Any) -> None:
        self._route = (base_url, timeout)
        super().__init__(*args, **kwargs)

    @property
    def oauth(self) -> requests.Session:
        return self._oauth

    @oauth.setter
    def oauth(self, session: requests.Session) -> None:
        route_session(session, *self._route)
        self._oauth = session


class XPinAuthorization:
    """One run of the PIN flow for the app ``consumer_key``."""

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        *,
        api_base_url: str = X_API_BASE_URL,
        timeout_seconds: float = 15.0,
    ) -> None:
        self._consumer = (consumer_key, consumer_secret)
        self._route = (api_base_url, timeout_seconds)
        self._handler = _RoutedOAuth1UserHandler(
            consumer_key,
            consumer_secret,
            callback="oob",
            base_url=api_base_url,
            timeout=timeout_seconds,
        )

    def authorization_url(self) -> str:
        """Where the operator approves the app (asks X for a request token first)."""
        try:
            url: str = self._handler.get_authorization_url()
        except tweepy.TweepyException as exc:
            if _unreachable(exc):
                raise XAuthError(_("Could not reach X ({why}).").format(why=_cause(exc))) from None
            raise XAuthError(
                _(
                    "X refused to start the authorization "
                    "(check the consumer key and secret): {why}"
                ).format(why=_cause(exc))
            ) from None
        return url

    def exchange(self, pin: str) -> XTokens:
        """The account's tokens for the PIN X showed the operator."""
        try:
            token, secret = self._handler.get_access_token(pin.strip())
        except tweepy.TweepyException as exc:
            if _unreachable(exc):
                raise XAuthError(
                    _("Could not reach X ({why}); start again.").format(why=_cause(exc))
                ) from None
            raise XAuthError(
                _("X refused the PIN (mistyped, or too old: start again): {why}").format(
                    why=_cause(exc)
                )
            ) from None
        return XTokens(str(token), str(secret), self._username(str(token), str(secret)))

    def _username(self, token: str, secret: str) -> str | None:
        """Who approved: asked to X with the new tokens, which also proves they work."""
        client = tweepy.Client(
            consumer_key=self._consumer[0],
            consumer_secret=self._consumer[1],
            access_token=token,
            access_token_secret=secret,
            return_type=dict,
        )
        route_session(client.session, *self._route)
        try:
            answer = client.get_me(user_auth=True)
        except (tweepy.TweepyException, requests.RequestException):
            return None
        data = answer.get("data") if isinstance(answer, dict) else None
        username = data.get("username") if isinstance(data, dict) else None
        return str(username) if username else None


def _inner(exc: BaseException) -> BaseException | str:
    """The original error under tweepy's wrappers (it wraps twice for the URL)."""
    inner: BaseException | str = exc
    while isinstance(inner, tweepy.TweepyException) and inner.args:
        inner = inner.args[0]
    return inner


def _cause(exc: tweepy.TweepyException) -> str:
    """What went wrong, without the request."""
    inner = _inner(exc)
    if isinstance(inner, requests.RequestException):
        return type(inner).__name__
    return str(inner)[:300]


def _unreachable(exc: tweepy.TweepyException) -> bool:
    return isinstance(_inner(exc), requests.RequestException)
