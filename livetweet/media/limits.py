"""What each network accepts for a photo and its alt text.

Defaults are the networks' documented limits; a Mastodon instance says its own
(``image_size_limit``, ``image_matrix_limit``, ``description_limit``), read and
cached by ``publishing.networks.mastodon_instance`` and passed in by the caller:
this package sits below the publishing layer and never asks a server itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from livetweet.text.clusters import grapheme_count
from livetweet.text.networks import NETWORKS, Network

#: A post carries at most this many photos, on every network.
MAX_ATTACHMENTS: Final = 4

X_MAX_BYTES: Final = 5 * 1024 * 1024
#: Bluesky's PDS refuses a blob above 1,000,000 bytes (2 MB only on recent servers).
BLUESKY_MAX_BYTES: Final = 1_000_000
#: Conservative Mastodon defaults for an instance that has not said its own
#: (Mastodon 3.x: 10 MB, 4096 x 4096 pixels; 4.x allows more and says so).
MASTODON_DEFAULT_IMAGE_BYTES: Final = 10 * 1024 * 1024
MASTODON_DEFAULT_MATRIX: Final = 4096 * 4096
MASTODON_DEFAULT_DESCRIPTION: Final = 1_500

ALT_LIMITS: Final[dict[Network, int]] = {
    "x": 1_000,
    "mastodon": MASTODON_DEFAULT_DESCRIPTION,
    "bluesky": 2_000,
}


@dataclass(frozen=True)
class ImageLimits:
    """One network's limits for one image (hashable: part of the preparation cache key)."""

    network: Network
    max_bytes: int
    max_pixels: int | None = None  # width x height; None: the network resizes itself
    alt_limit: int = 1_000
    animated_gif: bool = True  # False: only the first frame can be shown


def x_limits() -> ImageLimits:
    return ImageLimits("x", X_MAX_BYTES, None, ALT_LIMITS["x"], animated_gif=True)


def mastodon_limits(
    image_size_limit: int | None = None,
    image_matrix_limit: int | None = None,
    description_limit: int | None = None,
) -> ImageLimits:
    """The instance's limits where it said them, else the conservative defaults."""
    return ImageLimits(
        "mastodon",
        image_size_limit or MASTODON_DEFAULT_IMAGE_BYTES,
        image_matrix_limit or MASTODON_DEFAULT_MATRIX,
        description_limit or MASTODON_DEFAULT_DESCRIPTION,
        animated_gif=True,  # the instance turns it into a looping video
    )


def bluesky_limits() -> ImageLimits:
    return ImageLimits(
        "bluesky", BLUESKY_MAX_BYTES, None, ALT_LIMITS["bluesky"], animated_gif=False
    )


def default_limits() -> dict[Network, ImageLimits]:
    """Every network's limits without asking any server (``agenda check``)."""
    limits = {"x": x_limits(), "mastodon": mastodon_limits(), "bluesky": bluesky_limits()}
    return {network: limits[network] for network in NETWORKS}


def alt_length(text: str) -> int:
    """An alt text's length as the networks count it: user-perceived characters."""
    return grapheme_count(text)


@dataclass(frozen=True)
class AltCount:
    length: int
    limit: int

    @property
    def fits(self) -> bool:
        return self.length <= self.limit

    @property
    def remaining(self) -> int:
        return self.limit - self.length


def count_alt(text: str, limits: ImageLimits) -> AltCount:
    """The alt text's counter on one network."""
    return AltCount(alt_length(text), limits.alt_limit)
