"""What a failed ``requests`` call says about a post: did it surely not leave?

X (under tweepy) and Mastodon (under Mastodon.py) both talk through ``requests``.
A failure before the request was sent (no connection, DNS, TLS, proxy) means the
post surely did not leave and can be sent again; any later failure leaves the
outcome unknown, to be reconciled before a retry. Messages name the failure by
class only: exception texts quote URLs.
"""

from __future__ import annotations

from typing import Final

import requests
import urllib3

#: urllib3 failures that happen before a byte of the request is sent.
BEFORE_SENDING: Final = (
    urllib3.exceptions.NewConnectionError,
    urllib3.exceptions.ConnectTimeoutError,
    urllib3.exceptions.NameResolutionError,
    urllib3.exceptions.SSLError,
    urllib3.exceptions.ProxyError,
)


def failed_before_sending(exc: requests.ConnectionError) -> bool:
    """True when the request never left: a retry cannot double the post."""
    if isinstance(exc, (requests.exceptions.SSLError, requests.exceptions.ProxyError)):
        return True
    cause = exc.args[0] if exc.args else None
    reason = getattr(cause, "reason", cause)
    return isinstance(reason, BEFORE_SENDING)


def reason_name(exc: BaseException) -> str:
    """The kind of network failure, by class name only (messages may quote URLs)."""
    cause = exc.args[0] if exc.args else None
    reason = getattr(cause, "reason", None)
    if isinstance(reason, BaseException):
        return type(reason).__name__
    if isinstance(cause, BaseException):
        return type(cause).__name__
    return type(exc).__name__
