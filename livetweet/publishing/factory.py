"""Publishers from the configuration: real ones for enabled networks, dry-run otherwise.

Dry-run is the embedded default: with no network enabled (or ``dry_run: true``)
every network the UI shows gets a ``DryRunPublisher`` writing next to the
journal, so counters, previews and the whole pipeline work with no account.
Real and dry-run publishers are never mixed: a journal is either a public record
of real posts or a rehearsal.

The per-network modules live in ``publishing/networks/``; this module is the only
place that knows the list. tweepy, Mastodon.py and the atproto SDK are imported
only when a publisher of their network is built: a dry run (and the start of
``livetweet run``) does without them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from livetweet.config import BlueskyConfig, Config, ConfigError, MastodonConfig, XConfig
from livetweet.i18n import _
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path
from livetweet.publishing.publisher import Publisher
from livetweet.text.networks import NETWORKS, Network

if TYPE_CHECKING:
    from livetweet.publishing.networks.bluesky import BlueskyPublisher
    from livetweet.publishing.networks.mastodon import MastodonPublisher
    from livetweet.publishing.networks.x import XPublisher


def build_publishers(
    config: Config, *, journal_path: Path, language: str | None = None
) -> list[Publisher]:
    """One publisher per network to post to, in NETWORKS order; raises ``ConfigError``
    when an enabled network cannot be used (missing credentials, not implemented).
    ``language``: the agenda's, declared on the posts where a network allows it
    (else the configuration's, else French)."""
    if config.is_dry_run:
        outbox = dry_run_outbox_path(journal_path)
        return [
            DryRunPublisher(n, outbox, account=config.networks.get(n).account or "dry-run")
            for n in NETWORKS
        ]
    publishers: list[Publisher] = []
    if config.networks.x.enabled:
        publishers.append(x_publisher(config.networks.x, config.source))
    if config.networks.mastodon.enabled:
        publishers.append(
            mastodon_publisher(config.networks.mastodon, config.source, language or config.language)
        )
    if config.networks.bluesky.enabled:
        lang = language or config.language or "fr"
        publishers.append(bluesky_publisher(config.networks.bluesky, config.source, lang))
    return publishers


def bluesky_publisher(
    bluesky: BlueskyConfig, source: Path | None = None, language: str = "fr"
) -> BlueskyPublisher:
    from livetweet.publishing.networks.bluesky import BLUESKY_API_BASE_URL, BlueskyPublisher

    missing = [f"networks.bluesky.{k}" for k in bluesky.missing_credentials()]
    if not bluesky.account:
        missing.insert(0, "networks.bluesky.account")
    if missing or bluesky.account is None or bluesky.app_password is None:
        raise ConfigError(
            _(
                "networks.bluesky is enabled but these keys have no value: {keys}. Run "
                "`livetweet auth bluesky`, or set them (see config.example.yaml)"
            ).format(keys=", ".join(missing)),
            path=source,
        )
    return BlueskyPublisher(
        handle=bluesky.account,
        app_password=bluesky.app_password.get_secret_value(),
        api_base_url=bluesky.api_base_url or BLUESKY_API_BASE_URL,
        timeout_seconds=bluesky.timeout_seconds,
        language=language,
        link_cards=bluesky.link_cards,
    )


def x_publisher(x: XConfig, source: Path | None = None) -> XPublisher:
    from livetweet.publishing.networks.x import X_API_BASE_URL, XPublisher  # tweepy: only for X

    ck, cs, at, ats = x.consumer_key, x.consumer_secret, x.access_token, x.access_token_secret
    if ck is not None and cs is not None and at is not None and ats is not None:
        return XPublisher(
            consumer_key=ck.get_secret_value(),
            consumer_secret=cs.get_secret_value(),
            access_token=at.get_secret_value(),
            access_token_secret=ats.get_secret_value(),
            account=x.account,
            api_base_url=x.api_base_url or X_API_BASE_URL,
            timeout_seconds=x.timeout_seconds,
            reconcile=x.reconcile,
        )
    raise ConfigError(
        _(
            "networks.x is enabled but these keys have no value: {keys}. Run "
            "`livetweet auth x`, or set them (see config.example.yaml)"
        ).format(keys=", ".join(f"networks.x.{k}" for k in x.missing_credentials())),
        path=source,
    )


# -- Mastodon (issue 13) ------------------------------------------------------------


def mastodon_publisher(
    mastodon: MastodonConfig, source: Path | None = None, language: str | None = None
) -> MastodonPublisher:
    from livetweet.publishing.networks.mastodon import MastodonPublisher  # Mastodon.py

    if not mastodon.api_base_url:
        raise ConfigError(
            _(
                "networks.mastodon is enabled but has no api_base_url: give the instance's "
                "address, e.g. https://mastodon.social"
            ),
            path=source,
        )
    if mastodon.access_token is None:
        raise ConfigError(
            _(
                "networks.mastodon is enabled but networks.mastodon.access_token has no "
                "value. Run `livetweet auth mastodon`, or set it (see config.example.yaml)"
            ),
            path=source,
        )
    return MastodonPublisher(
        access_token=mastodon.access_token.get_secret_value(),
        api_base_url=mastodon.api_base_url,
        account=mastodon.account,
        timeout_seconds=mastodon.timeout_seconds,
        visibility=mastodon.visibility,
        reply_visibility=mastodon.reply_visibility,
        language=mastodon.language or language,
    )


@dataclass(frozen=True)
class CharacterLimits:
    """How the text engine must count where a network differs from the built-in rules."""

    #: Hard limits (a Mastodon instance's ``max_characters``).
    limits: dict[Network, int] = field(default_factory=dict)
    #: What a link counts (a Mastodon instance's ``characters_reserved_per_url``).
    url_weights: dict[Network, int] = field(default_factory=dict)
    #: For the operator: the cached value was used, or none was known.
    notices: list[str] = field(default_factory=list)


def character_limits(config: Config) -> CharacterLimits:
    """The Mastodon instance's limit and link weight, and notices for the operator.

    A configured ``max_characters`` wins (with the configured
    ``characters_reserved_per_url``, if any) and nothing is asked; otherwise the
    instance is asked (it is cached per instance, so a launch without network still
    counts right)."""
    mastodon = config.networks.mastodon
    if mastodon.max_characters is not None:
        reserved = mastodon.characters_reserved_per_url
        return CharacterLimits(
            limits={"mastodon": mastodon.max_characters},
            url_weights={"mastodon": reserved} if reserved is not None else {},
        )
    if not mastodon.enabled or not mastodon.api_base_url:
        return CharacterLimits()
    from livetweet.publishing.networks.mastodon_instance import (
        FETCH_TIMEOUT_SECONDS,
        instance_limits,
    )

    limits = instance_limits(
        mastodon.api_base_url, timeout=min(mastodon.timeout_seconds, FETCH_TIMEOUT_SECONDS)
    )
    notices: list[str] = []
    if limits.source == "cache" and limits.fetched_at is not None:
        notices.append(
            _(
                "Mastodon: the instance did not answer; counting with its limit of {n} "
                "characters as cached on {date}."
            ).format(
                n=limits.max_characters,
                date=time.strftime("%Y-%m-%d %H:%M", time.localtime(limits.fetched_at)),
            )
        )
    elif limits.source == "default":
        notices.append(
            _(
                "Mastodon: the instance's limit is unknown (no answer, nothing cached); "
                "counting with {n} characters."
            ).format(n=limits.max_characters)
        )
    reserved = mastodon.characters_reserved_per_url or limits.characters_reserved_per_url
    return CharacterLimits(
        limits={"mastodon": limits.max_characters},
        url_weights={"mastodon": reserved},
        notices=notices,
    )
