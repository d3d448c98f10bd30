"""The networks livetweet posts to and their hard limits."""

from __future__ import annotations

from typing import Final, Literal, get_args

Network = Literal["x", "mastodon", "bluesky"]
NETWORKS: Final[tuple[Network, ...]] = get_args(Network)

#: What each network refuses past, in its own unit (X: weighted; others: graphemes).
HARD_LIMITS: Final[dict[Network, int]] = {"x": 280, "mastodon": 500, "bluesky": 300}

#: Human names, for messages and counters.
DISPLAY_NAMES: Final[dict[Network, str]] = {"x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky"}
