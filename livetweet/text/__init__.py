"""The text engine: per-network counting, entity checks, thread splitting. Textual-free.

Counting follows each network's own rules (see :mod:`livetweet.text.counting`);
:func:`count` gives the UI everything it shows (length, limit, where the text
stops fitting, which spans counted as links); :func:`split_thread` cuts a long
draft into a thread (``---`` alone on a line forces a cut), never inside a
grapheme cluster (:class:`ClusterTooLong` when one alone is too long).
"""

from __future__ import annotations

from livetweet.text.counting import BLUESKY_MAX_BYTES, URL_WEIGHT, Count, count, weighted_length
from livetweet.text.entities import (
    extract_emoji,
    extract_hashtags,
    extract_mastodon_urls,
    extract_mentions,
    extract_urls,
    is_http_url,
    is_valid_bluesky_handle,
    is_valid_hashtag,
    is_valid_mastodon_handle,
    is_valid_x_handle,
)
from livetweet.text.networks import DISPLAY_NAMES, HARD_LIMITS, NETWORKS, Network
from livetweet.text.threads import (
    EXPLICIT_BREAK,
    ClusterTooLong,
    numbered,
    part_number,
    split_thread,
    split_thread_start,
)


def warm_up() -> None:
    """Compile the link and emoji patterns now (about 0.3 s), not on the first keystroke."""
    count("ville.fr 👏", "x")


__all__ = [
    "BLUESKY_MAX_BYTES",
    "DISPLAY_NAMES",
    "EXPLICIT_BREAK",
    "HARD_LIMITS",
    "NETWORKS",
    "URL_WEIGHT",
    "ClusterTooLong",
    "Count",
    "Network",
    "count",
    "extract_emoji",
    "extract_hashtags",
    "extract_mastodon_urls",
    "extract_mentions",
    "extract_urls",
    "is_http_url",
    "is_valid_bluesky_handle",
    "is_valid_hashtag",
    "is_valid_mastodon_handle",
    "is_valid_x_handle",
    "numbered",
    "part_number",
    "split_thread",
    "split_thread_start",
    "warm_up",
    "weighted_length",
]
