"""HTTP plumbing under tweepy: where its calls go, how long they may take, and what
their failures mean for the outbox.

tweepy calls a fixed host and sets no timeout. ``route_session`` rewrites each
URL to the configured ``api_base_url`` *before* the request is signed (so the
OAuth 1.0a signature matches the URL really called, proxy or test server) and
gives every call a timeout (connect and each read). ``publish_error`` turns
tweepy/requests exceptions into ``PublishError`` with an operator message that
quotes X's own explanation but never a request, header or credential.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Final

import requests
import tweepy

from livetweet.i18n import _
from livetweet.publishing.networks.requests_failures import failed_before_sending, reason_name
from livetweet.publishing.publisher import FailureKind, PublishError

# requests-oauthlib and oauthlib log signed headers and decoded tokens (secrets) at
# DEBUG: whatever level the application sets, they never log below INFO.
for _name in ("requests_oauthlib", "oauthlib"):
    logging.getLogger(_name).setLevel(logging.INFO)

#: Hosts tweepy (and its OAuth handler) call; rewritten to ``api_base_url``.
TWEEPY_HOSTS: Final = ("https://api.twitter.com", "https://api.x.com")

DUPLICATE_MARKERS: Final = ("duplicate content",)
REPLY_REFUSED_MARKERS: Final = (
    "reply to this conversation is not allowed",
    "not been mentioned or otherwise engaged",
    "not allowed to reply",
    "only reply to or quote posts where you are mentioned",
    "restricted who can reply",
)
#: X's words for an attached media id it does not know (expired after 24 hours, or
#: never uploaded): a 400 on a post that attaches photos.
MEDIA_GONE_MARKERS: Final = (
    "media ids are invalid",
    "media id is invalid",
    "media ids are not valid",
    "media id is not valid",
)


def route_session(session: requests.Session, base_url: str, timeout: float) -> None:
    """Send every call ``session`` makes to tweepy's hosts to ``base_url`` instead,
    with ``timeout`` seconds unless the caller gave one."""
    base = base_url.rstrip("/")
    original: Callable[..., requests.Response] = session.request

    def request(method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        for host in TWEEPY_HOSTS:
            if url == host or url.startswith(host + "/"):
                url = base + url[len(host) :]
                break
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = timeout
        return original(method, url, *args, **kwargs)

    session.request = request  # type: ignore[method-assign,assignment]


def header_int(headers: Any, name: str) -> int | None:
    try:
        return int(headers[name])
    except (KeyError, TypeError, ValueError):
        return None


def publish_error(
    exc: Exception, *, replying: bool, timeout: float, with_media: bool = False
) -> PublishError:
    """The ``PublishError`` for a failed call to X (``exc`` from tweepy or requests);
    ``with_media``: the call attached photos (a refused media id means MEDIA_GONE)."""
    if isinstance(exc, tweepy.HTTPException):
        return _http_error(exc, replying=replying, with_media=with_media)
    if isinstance(exc, requests.ConnectTimeout):
        return PublishError(
            FailureKind.CONNECTION, _("X could not be reached within {s:g} s.").format(s=timeout)
        )
    if isinstance(exc, requests.Timeout):
        return PublishError(
            FailureKind.TIMEOUT,
            _("X did not answer within {s:g} s; the post may or may not be published.").format(
                s=timeout
            ),
        )
    if isinstance(exc, requests.ConnectionError) and failed_before_sending(exc):
        return PublishError(
            FailureKind.CONNECTION,
            _("Could not connect to X ({reason}).").format(reason=reason_name(exc)),
        )
    if isinstance(exc, (requests.ConnectionError, requests.RequestException)):
        # Dropped after the request left, or an unreadable answer: outcome unknown.
        return PublishError(
            FailureKind.TIMEOUT,
            _(
                "The connection to X broke before its answer ({reason}); "
                "the post may or may not be published."
            ).format(reason=reason_name(exc)),
        )
    return PublishError(
        FailureKind.TIMEOUT,
        _("Unexpected failure talking to X ({reason}).").format(reason=type(exc).__name__),
    )


def _x_detail(exc: tweepy.HTTPException) -> str:
    """X's own explanation (its ``detail``/``errors`` text), never the request."""
    messages = [str(m) for m in exc.api_messages if m]
    try:
        body = exc.response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        for key in ("detail", "reason", "title"):  # the title only when nothing else
            value = body.get(key)
            wanted = key != "title" or not messages
            if wanted and isinstance(value, str) and value and value not in messages:
                messages.append(value)
    return " — ".join(messages)[:300]


def _http_error(exc: tweepy.HTTPException, *, replying: bool, with_media: bool) -> PublishError:
    status = int(exc.response.status_code)
    detail = _x_detail(exc)
    said = f"X {status}: {detail}" if detail else f"X {status}"
    lowered = detail.lower()
    if status == 429:
        return _rate_limited(exc.response, said)
    if status == 401:
        kind, hint = (
            FailureKind.UNAUTHORIZED,
            _("check the keys and tokens or run `livetweet auth x`"),
        )
    elif status == 402:
        kind, hint = FailureKind.PAYMENT_REQUIRED, _("add credit to the X developer account")
    elif status == 403 and any(m in lowered for m in DUPLICATE_MARKERS):
        kind, hint = FailureKind.DUPLICATE, _("X refuses a post identical to a recent one")
    elif (
        status == 403
        and (replying or "reply" in lowered)
        and any(m in lowered for m in REPLY_REFUSED_MARKERS)
    ):
        kind, hint = FailureKind.REPLY_REFUSED, _("X refuses this reply")
    elif status == 403:
        kind, hint = FailureKind.FORBIDDEN, ""
    elif status >= 500:
        kind, hint = FailureKind.SERVER, ""
    elif status == 400 and with_media and any(m in lowered for m in MEDIA_GONE_MARKERS):
        kind, hint = FailureKind.MEDIA_GONE, _("X no longer knows a photo uploaded for it")
    else:
        kind, hint = FailureKind.REJECTED, ""
    message = f"{said} ({hint})" if hint else said
    return PublishError(kind, message, status=status)


def _rate_limited(response: requests.Response, said: str) -> PublishError:
    """429: wait for the reset X gives (the later of the 15-minute window and the
    24-hour user cap when that one is exhausted); None when X gave no reset."""
    headers = response.headers
    resets = [header_int(headers, "x-rate-limit-reset")]
    daily = header_int(headers, "x-user-limit-24hour-remaining") == 0
    if daily:
        resets.append(header_int(headers, "x-user-limit-24hour-reset"))
    known = [r for r in resets if r is not None]
    if not known:
        return PublishError(
            FailureKind.RATE_LIMITED,
            _("{said} (rate limit reached; X gave no reset time)").format(said=said),
            status=429,
        )
    reset = max(known)
    if reset < int(time.time()):
        # A reset already past here: this clock is ahead of X's, so the real reset is
        # unknown. The outbox backs off (60 s, doubling) rather than retry every second.
        return PublishError(
            FailureKind.RATE_LIMITED,
            _(
                "{said} (rate limit reached; X's reset time has already passed by this "
                "computer's clock: is it ahead?)"
            ).format(said=said),
            status=429,
        )
    reset = max(reset, int(time.time()) + 1)  # the window resets this very second
    when = time.strftime("%H:%M:%S", time.localtime(reset))
    template = (
        _("{said} (the account's 24-hour posting cap is spent until {when})")
        if daily
        else _("{said} (rate limit reached until {when})")
    )
    return PublishError(
        FailureKind.RATE_LIMITED,
        template.format(said=said, when=when),
        status=429,
        retry_after=float(reset),
    )
