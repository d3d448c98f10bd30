"""What a failed call to a Bluesky PDS means for the outbox.

The atproto SDK raises its own exceptions around httpx's; ``publish_error`` maps
them to ``PublishError`` kinds with an operator message that quotes the PDS's
own ``error: message`` (made terminal-safe) and never a header or a token.
"""

from __future__ import annotations

import time
from typing import Final

import httpx
from atproto_client import exceptions as sdk
from atproto_client.models.common import XrpcError
from atproto_core.exceptions import AtProtocolError

from livetweet.i18n import _
from livetweet.publishing.publisher import FailureKind, PublishError
from livetweet.text.display import terminal_safe

#: XRPC error names that mean the session (not the request) is the problem.
SESSION_ERRORS: Final = frozenset(
    {"ExpiredToken", "InvalidToken", "AuthMissing", "AuthenticationRequired", "AccountTakedown"}
)
#: A record refers to a blob the PDS does not have (unreferenced blobs are dropped
#: after a while): the photo must be uploaded again.
MEDIA_GONE_ERRORS: Final = frozenset({"BlobNotFound"})
_BEFORE_SENDING: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def xrpc_error(exc: BaseException) -> tuple[int | None, str, str]:
    """(HTTP status, XRPC error name, message) of an SDK error; status None: no answer."""
    if not isinstance(exc, sdk.RequestErrorBase) or exc.response is None:
        return None, "", ""
    content = exc.response.content
    if isinstance(content, XrpcError):
        return exc.response.status_code, content.error or "", content.message or ""
    return exc.response.status_code, "", ""


def is_session_failure(exc: BaseException) -> bool:
    """True when the PDS refused the session's token (expired, revoked, unknown)."""
    status, error, _message = xrpc_error(exc)
    if isinstance(exc, sdk.LoginRequiredError):
        return True
    return status == 401 or (status == 400 and error in SESSION_ERRORS)


def is_not_found(exc: BaseException) -> bool:
    status, error, _message = xrpc_error(exc)
    return status == 400 and error == "RecordNotFound"


def said(exc: BaseException) -> str:
    """ "Bluesky 400: InvalidRecord: ..." — what the PDS said, safe to show."""
    status, error, message = xrpc_error(exc)
    detail = ": ".join(part for part in (error, message) if part)
    detail = terminal_safe(detail[:300])
    return f"Bluesky {status}: {detail}" if detail else f"Bluesky {status}"


def publish_error(exc: BaseException, *, timeout: float, sent: bool = True) -> PublishError:
    """The ``PublishError`` for ``exc``. ``sent=False``: nothing that could publish
    was sent yet (a login, a look-up), so a timeout cannot have posted anything."""
    status, _error, _message = xrpc_error(exc)
    if status is not None:
        return _http_error(exc, status)
    cause = exc.__cause__ if isinstance(exc, sdk.RequestErrorBase) else exc
    if isinstance(cause, _BEFORE_SENDING):
        return PublishError(
            FailureKind.CONNECTION,
            _("Could not connect to Bluesky ({reason}).").format(reason=type(cause).__name__),
        )
    if isinstance(cause, httpx.TimeoutException) or isinstance(exc, sdk.InvokeTimeoutError):
        if not sent:
            return PublishError(
                FailureKind.CONNECTION,
                _("Bluesky did not answer within {s:g} s.").format(s=timeout),
            )
        return PublishError(
            FailureKind.TIMEOUT,
            _(
                "Bluesky did not answer within {s:g} s; the post may or may not be published."
            ).format(s=timeout),
        )
    if isinstance(cause, httpx.HTTPError) or isinstance(exc, (sdk.NetworkError, AtProtocolError)):
        reason = type(cause).__name__ if cause is not None else type(exc).__name__
        if not sent:
            return PublishError(
                FailureKind.CONNECTION,
                _("The connection to Bluesky broke ({reason}).").format(reason=reason),
            )
        return PublishError(
            FailureKind.TIMEOUT,
            _(
                "The connection to Bluesky broke before its answer ({reason}); "
                "the post may or may not be published."
            ).format(reason=reason),
        )
    return PublishError(
        FailureKind.TIMEOUT,
        _("Unexpected failure talking to Bluesky ({reason}).").format(reason=type(exc).__name__),
    )


def _http_error(exc: BaseException, status: int) -> PublishError:
    message = said(exc)
    if status == 400 and xrpc_error(exc)[1] in MEDIA_GONE_ERRORS:
        return PublishError(
            FailureKind.MEDIA_GONE,
            _("{said} (the server no longer has the photo)").format(said=message),
            status=status,
        )
    if status == 429:
        return _rate_limited(exc, message)
    if is_session_failure(exc):
        return PublishError(
            FailureKind.UNAUTHORIZED,
            _("{said} (the session was refused: run `livetweet auth bluesky`)").format(
                said=message
            ),
            status=status,
        )
    if status >= 500:
        return PublishError(FailureKind.SERVER, message, status=status)
    if status == 403:
        return PublishError(FailureKind.FORBIDDEN, message, status=status)
    return PublishError(FailureKind.REJECTED, message, status=status)


def _rate_limited(exc: BaseException, message: str) -> PublishError:
    reset = exc.reset_at if isinstance(exc, sdk.RateLimitExceededError) else None
    if reset is None:
        return PublishError(
            FailureKind.RATE_LIMITED,
            _("{said} (rate limit reached; Bluesky gave no reset time)").format(said=message),
            status=429,
        )
    at = max(int(reset.timestamp()), int(time.time()) + 1)
    when = time.strftime("%H:%M:%S", time.localtime(at))
    return PublishError(
        FailureKind.RATE_LIMITED,
        _("{said} (rate limit reached until {when})").format(said=message, when=when),
        status=429,
        retry_after=float(at),
    )
