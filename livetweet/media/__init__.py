"""Photos for posts: read, oriented, stripped of metadata and fitted to each
network's limits before any upload; alt-text counters. Textual-free.

Sits below the agenda (whose checker verifies an item's photos) and above the
text engine (whose grapheme counting measures alt texts); it never talks to a
network: the publishing layer passes a Mastodon instance's own limits in.
"""

from __future__ import annotations

from livetweet.media.cache import PreparationCache
from livetweet.media.limits import (
    ALT_LIMITS,
    MAX_ATTACHMENTS,
    AltCount,
    ImageLimits,
    alt_length,
    bluesky_limits,
    count_alt,
    default_limits,
    mastodon_limits,
    x_limits,
)
from livetweet.media.prepare import (
    MIME_TYPES,
    SUPPORTED_SUFFIXES,
    MediaError,
    PreparedImage,
    SourceImage,
    load_image,
    prepare,
)

__all__ = [
    "ALT_LIMITS",
    "MAX_ATTACHMENTS",
    "MIME_TYPES",
    "SUPPORTED_SUFFIXES",
    "AltCount",
    "ImageLimits",
    "MediaError",
    "PreparationCache",
    "PreparedImage",
    "SourceImage",
    "alt_length",
    "bluesky_limits",
    "count_alt",
    "default_limits",
    "load_image",
    "mastodon_limits",
    "prepare",
    "x_limits",
]
