"""What Mastodon.py's failures mean for the outbox, and what the rate-limit headers say.

Mastodon.py wraps every requests failure in ``MastodonNetworkError`` (whose text
quotes the URL) and every HTTP error in ``MastodonAPIError(message, status,
reason, error)``. ``publish_error`` turns them into ``PublishError`` with an
operator message that quotes the instance's own explanation (``error``) but
never a request, header or token.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

import requests
from mastodon import (
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonRatelimitError,
)

from livetweet.i18n import _
from livetweet.publishing.networks.requests_failures import failed_before_sending, reason_name
from livetweet.publishing.publisher import FailureKind, PublishError, Quota

#: Failures that happen before anything is sent: the status surely did not leave.


def parse_reset(value: str | None) -> float | None:
    """``X-RateLimit-Reset``: an ISO timestamp on Mastodon (epoch seconds on a few
    other servers); None when absent or unreadable."""
    if not value:
        return None
    try:
        return float(int(value))
    except ValueError:
        pass
    try:
        when = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when.timestamp()


def quota_from_headers(headers: Any) -> Quota | None:
    """The quota a response's headers announce (None: they say nothing)."""

    def number(name: str) -> int | None:
        try:
            return int(headers[name])
        except (KeyError, TypeError, ValueError):
            return None

    remaining, limit = number("X-RateLimit-Remaining"), number("X-RateLimit-Limit")
    reset = parse_reset(headers.get("X-RateLimit-Reset"))
    if remaining is None and limit is None and reset is None:
        return None
    return Quota(remaining=remaining, limit=limit, reset_at=reset)


def publish_error(
    exc: MastodonError, *, replying: bool, timeout: float, reset_at: float | None
) -> PublishError:
    """The ``PublishError`` for a failed call; ``reset_at`` is the last response's
    ``X-RateLimit-Reset`` (epoch seconds), for a 429."""
    if isinstance(exc, MastodonRatelimitError):
        return _rate_limited(reset_at)
    if isinstance(exc, MastodonNetworkError):
        return _network_error(exc.__context__, timeout)
    if isinstance(exc, MastodonAPIError) and len(exc.args) >= 2 and isinstance(exc.args[1], int):
        status = exc.args[1]
        detail = exc.args[3] if len(exc.args) >= 4 and isinstance(exc.args[3], str) else ""
        reason = exc.args[2] if len(exc.args) >= 3 and isinstance(exc.args[2], str) else ""
        return _http_error(status, (detail or reason)[:300], replying=replying)
    # An answer Mastodon.py could not read (not JSON...): the status may exist.
    return PublishError(
        FailureKind.TIMEOUT,
        _(
            "Unreadable answer from Mastodon ({reason}); the post may or may not be published."
        ).format(reason=type(exc).__name__),
    )


def _http_error(status: int, detail: str, *, replying: bool) -> PublishError:
    said = f"Mastodon {status}: {detail}" if detail else f"Mastodon {status}"
    if status == 401:
        kind, hint = (
            FailureKind.UNAUTHORIZED,
            _("the token was refused or revoked: run `livetweet auth mastodon`"),
        )
    elif status == 403:
        kind, hint = FailureKind.FORBIDDEN, _("the instance forbids this action for the account")
    elif status == 404 and replying:
        kind, hint = (
            FailureKind.REPLY_REFUSED,
            _("the status this one replies to no longer exists"),
        )
    elif status == 429:
        return _rate_limited(None, said)
    elif status >= 500:
        kind, hint = FailureKind.SERVER, ""
    else:  # 422 above all: Mastodon's own text says what is wrong
        kind, hint = FailureKind.REJECTED, ""
    message = f"{said} ({hint})" if hint else said
    return PublishError(kind, message, status=status)


def _rate_limited(reset_at: float | None, said: str = "Mastodon 429") -> PublishError:
    """429: wait for the reset the instance gave; a reset already past (clock skew,
    or the window just turned) tells nothing, so the outbox's own back-off applies."""
    if reset_at is None or reset_at <= time.time():
        return PublishError(
            FailureKind.RATE_LIMITED,
            _("{said} (rate limit reached; the instance gave no usable reset time)").format(
                said=said
            ),
            status=429,
        )
    when = time.strftime("%H:%M:%S", time.localtime(reset_at))
    return PublishError(
        FailureKind.RATE_LIMITED,
        _("{said} (rate limit reached until {when})").format(said=said, when=when),
        status=429,
        retry_after=float(reset_at),
    )


def _network_error(cause: BaseException | None, timeout: float) -> PublishError:
    if isinstance(cause, requests.ConnectTimeout):
        return PublishError(
            FailureKind.CONNECTION,
            _("Mastodon could not be reached within {s:g} s.").format(s=timeout),
        )
    if isinstance(cause, requests.Timeout):
        return PublishError(
            FailureKind.TIMEOUT,
            _(
                "Mastodon did not answer within {s:g} s; the post may or may not be published."
            ).format(s=timeout),
        )
    if isinstance(cause, requests.ConnectionError) and failed_before_sending(cause):
        return PublishError(
            FailureKind.CONNECTION,
            _("Could not connect to Mastodon ({reason}).").format(reason=reason_name(cause)),
        )
    # Dropped after the request left, or an unreadable answer: outcome unknown.
    return PublishError(
        FailureKind.TIMEOUT,
        _(
            "The connection to Mastodon broke before its answer ({reason}); "
            "the post may or may not be published."
        ).format(reason=reason_name(cause) if cause is not None else "?"),
    )
