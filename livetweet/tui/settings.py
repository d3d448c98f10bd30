"""The few configuration values the TUI reads, taken tolerantly from ``Config``.

The configuration model belongs to the publishing issue and grows while the
TUI is built; reading it through ``getattr`` with defaults keeps the TUI
working whatever subset of fields exists (and lets tests pass no config).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from livetweet.text.networks import NETWORKS, Network

DEFAULT_SEND_DELAY = 5.0


@dataclass(frozen=True)
class UiSettings:
    #: Networks shown and posted to; with none enabled, a dry run of every network.
    networks: tuple[Network, ...] = NETWORKS
    house_limit: int | None = None
    send_delay_seconds: float = DEFAULT_SEND_DELAY
    thread_mode: str = "item"
    numbering: bool = True
    language: str | None = None
    #: Per-network limit overrides (a Mastodon instance's ``max_characters``).
    limits: dict[Network, int] = field(default_factory=dict)
    #: Binding id -> keys, from the config's ``keymap:`` section.
    keymap: dict[str, str] = field(default_factory=dict)
    #: More posts than this on a network: the operator confirms before posting.
    max_thread_parts: int = 25

    @classmethod
    def from_config(cls, config: Any | None) -> UiSettings:
        if config is None:
            return cls()
        networks: list[Network] = []
        limits: dict[Network, int] = {}
        section = getattr(config, "networks", None)
        for network in NETWORKS:
            entry = _get(section, network)
            if entry is not None and bool(_get(entry, "enabled", False)):
                networks.append(network)
            limit = _get(entry, "max_characters") if entry is not None else None
            if isinstance(limit, int) and limit > 0:
                limits[network] = limit
        keymap = getattr(config, "keymap", None) or {}
        house_limit = getattr(config, "house_limit", None)
        delay = getattr(config, "send_delay_seconds", DEFAULT_SEND_DELAY)
        max_parts = getattr(config, "max_thread_parts", 25)
        return cls(
            networks=tuple(networks) or NETWORKS,
            house_limit=house_limit if isinstance(house_limit, int) else None,
            send_delay_seconds=float(delay) if isinstance(delay, int | float) else 0.0,
            thread_mode=str(getattr(config, "thread_mode", "item")),
            numbering=bool(getattr(config, "thread_numbering", True)),
            language=getattr(config, "language", None),
            limits=limits,
            keymap={str(k): str(v) for k, v in dict(keymap).items()},
            max_thread_parts=max_parts if isinstance(max_parts, int) and max_parts > 0 else 25,
        )


def _get(container: Any, key: str, default: Any = None) -> Any:
    if container is None:
        return default
    if isinstance(container, Mapping):
        return container.get(key, default)
    return getattr(container, key, default)
