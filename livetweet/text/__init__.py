"""The text engine: per-network counting, thread splitting. Textual-free.

PLACEHOLDER: naive implementations until the text-engine issue lands; the
signatures are the contract the rest of the code relies on.
"""

from __future__ import annotations

from livetweet.text.networks import DISPLAY_NAMES, HARD_LIMITS, NETWORKS, Network


def weighted_length(text: str, network: str = "x") -> int:
    """The length ``network`` will count for ``text`` (X: weighted, 280 max)."""
    return len(text)


def split_thread(text: str, network: Network = "x", *, limit: int | None = None) -> list[str]:
    """``text`` as the posts of a thread that each fit ``network``'s limit."""
    return [text]


__all__ = [
    "DISPLAY_NAMES",
    "HARD_LIMITS",
    "NETWORKS",
    "Network",
    "split_thread",
    "weighted_length",
]
