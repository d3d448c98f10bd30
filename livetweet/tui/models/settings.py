"""The few configuration values the TUI reads, taken from ``Config``.

Tests build ``UiSettings`` directly (or pass no configuration: the defaults).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from livetweet.text.networks import NETWORKS, Network

if TYPE_CHECKING:
    from livetweet.config import Config

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
    #: What a link counts where it is not 23 (a Mastodon instance's own).
    url_weights: dict[Network, int] = field(default_factory=dict)
    #: Binding id -> keys, from the config's ``keymap:`` section.
    keymap: dict[str, str] = field(default_factory=dict)
    #: More posts than this on a network: the operator confirms before posting.
    max_thread_parts: int = 25
    #: A photo without alt text is refused at posting (the operator is asked for one).
    require_alt_text: bool = True
    #: Per-network alt-text limits where they differ from the networks' own
    #: (a Mastodon instance's ``description_limit``).
    alt_limits: dict[Network, int] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: Config | None) -> UiSettings:
        if config is None:
            return cls()
        limits: dict[Network, int] = {}
        mastodon_limit = config.networks.mastodon.max_characters
        if mastodon_limit is not None:
            limits["mastodon"] = mastodon_limit
        url_weights: dict[Network, int] = {}
        reserved = config.networks.mastodon.characters_reserved_per_url
        if reserved is not None:
            url_weights["mastodon"] = reserved
        networks = tuple(config.enabled_networks())
        if config.is_dry_run and all(a.declared for a in config.enabled_accounts()):
            # no networks.* section enabled: a dry run of every network, as before
            # accounts existed, even where a declared account is enabled
            networks = ()
        return cls(
            networks=networks or NETWORKS,
            house_limit=config.house_limit,
            send_delay_seconds=config.send_delay_seconds,
            thread_mode=config.thread_mode,
            numbering=config.thread_numbering,
            language=config.language,
            limits=limits,
            url_weights=url_weights,
            keymap=dict(config.keymap),
            max_thread_parts=config.max_thread_parts,
            require_alt_text=config.require_alt_text,
        )
