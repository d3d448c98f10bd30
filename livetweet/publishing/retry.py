"""When to try a failed post again, how to wait, and what to tell the operator.

Waiting goes through a ``Clock`` so tests never really sleep and the TUI can
interrupt a wait at once (a ``threading.Event``).
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from typing import Protocol

from livetweet.i18n import _
from livetweet.publishing.publisher import FailureKind


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch."""
        ...

    def wait(self, seconds: float, stop: threading.Event, wake: threading.Event) -> None:
        """Return after ``seconds``, or as soon as ``stop`` or ``wake`` is set."""
        ...


class RealClock:
    def now(self) -> float:
        return time.time()

    def wait(self, seconds: float, stop: threading.Event, wake: threading.Event) -> None:
        deadline = time.monotonic() + max(0.0, seconds)
        while not (stop.is_set() or wake.is_set()):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            wake.wait(min(remaining, 0.1))  # polls ``stop`` ten times a second


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter and a cap.

    A 429 without a reset time waits ``rate_limit_default`` seconds, doubling
    on each further 429 up to ``rate_limit_cap``: never a retry storm.
    """

    base: float = 2.0
    factor: float = 2.0
    cap: float = 120.0
    jitter: float = 0.25  # +/- this fraction
    rate_limit_default: float = 60.0
    rate_limit_cap: float = 900.0

    def delay(self, kind: FailureKind, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (``attempt`` >= 1)."""
        exponent = max(0, attempt - 1)
        if kind is FailureKind.RATE_LIMITED:
            if retry_after is not None and retry_after > 0:
                return min(max(retry_after, 1.0), self.rate_limit_cap * 4)
            raw = min(self.rate_limit_cap, self.rate_limit_default * self.factor**exponent)
        else:
            raw = min(self.cap, self.base * self.factor**exponent)
        return raw * (1 + random.uniform(-self.jitter, self.jitter))


def operator_message(kind: FailureKind, detail: str = "") -> str:
    """A clear sentence for the operator about a failure of ``kind``."""
    messages = {
        FailureKind.TIMEOUT: _("The network did not answer in time."),
        FailureKind.CONNECTION: _("Could not reach the network (Wi-Fi or proxy down?)."),
        FailureKind.SERVER: _("The network had a server error."),
        FailureKind.RATE_LIMITED: _("Rate limit reached: waiting for the network's reset."),
        FailureKind.UNAUTHORIZED: _(
            "Bad credentials: the account's tokens were refused. Run `livetweet auth`."
        ),
        FailureKind.PAYMENT_REQUIRED: _("The account is out of credit: the network wants payment."),
        FailureKind.DUPLICATE: _(
            "Duplicate content: the network refuses a post identical to a recent one."
        ),
        FailureKind.REPLY_REFUSED: _(
            "The network refused the reply in the thread. The rest of the thread can be "
            "posted as standalone numbered posts."
        ),
        FailureKind.FORBIDDEN: _("The network refused the post (forbidden)."),
        FailureKind.REJECTED: _("The network rejected the post as invalid."),
        FailureKind.MEDIA_GONE: _(
            "The network no longer has a photo uploaded for this post: it must be "
            "uploaded again (nothing was published)."
        ),
        FailureKind.LOCAL: _(
            "The dry-run file cannot be written (nothing was published): fix it, then retry."
        ),
    }
    message = messages[kind]
    return f"{message} ({detail})" if detail and detail not in message else message
