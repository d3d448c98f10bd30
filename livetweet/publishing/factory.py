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
from livetweet.config.model import ConfiguredAccount, NetworkConfig
from livetweet.i18n import _
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path
from livetweet.publishing.publisher import Publisher
from livetweet.text.networks import Network

if TYPE_CHECKING:
    from livetweet.publishing.networks.bluesky import BlueskyPublisher
    from livetweet.publishing.networks.mastodon import MastodonPublisher
    from livetweet.publishing.networks.x import XPublisher


def build_publishers(
    config: Config, *, journal_path: Path, language: str | None = None
) -> list[Publisher]:
    """One publisher per account to post to (``Config.active_accounts``: the networks'
    default accounts in NETWORKS order, then ``accounts:``), each with its
    ``account_id``; raises ``ConfigError`` when an enabled account cannot be used
    (missing credentials). ``language``: the agenda's, declared on the posts where a
    network allows it (else the configuration's, else French)."""
    if config.is_dry_run:
        outbox = dry_run_outbox_path(journal_path)
        return [
            DryRunPublisher(
                a.network, outbox, account=a.settings.account or "dry-run", account_id=a.id
            )
            for a in config.active_accounts()
        ]
    return [_publisher(a, config, language) for a in config.active_accounts()]


def _publisher(account: ConfiguredAccount, config: Config, language: str | None) -> Publisher:
    settings, source = account.settings, config.source
    if isinstance(settings, XConfig):
        return x_publisher(settings, source, account=account)
    if isinstance(settings, MastodonConfig):
        return mastodon_publisher(settings, source, language or config.language, account=account)
    if isinstance(settings, BlueskyConfig):
        lang = language or config.language or "fr"
        return bluesky_publisher(settings, source, lang, account=account)
    raise AssertionError(account.network)  # pragma: no cover - the three are above


def _default(network: Network, settings: NetworkConfig) -> ConfiguredAccount:
    """A network's default account, for callers that build one publisher alone."""
    return ConfiguredAccount(network, network, settings, f"networks.{network}")


def _auth_command(account: ConfiguredAccount) -> str:
    if account.declared:
        return f"livetweet auth {account.network} --account {account.id}"
    return f"livetweet auth {account.network}"


def bluesky_publisher(
    bluesky: BlueskyConfig,
    source: Path | None = None,
    language: str = "fr",
    *,
    account: ConfiguredAccount | None = None,
) -> BlueskyPublisher:
    from livetweet.publishing.networks.bluesky import BLUESKY_API_BASE_URL, BlueskyPublisher

    account = account or _default("bluesky", bluesky)
    missing = [f"{account.key}.{k}" for k in bluesky.missing_credentials()]
    if not bluesky.account:
        missing.insert(0, f"{account.key}.account")
    if missing or bluesky.account is None or bluesky.app_password is None:
        raise ConfigError(
            _(
                "{section} is enabled but these keys have no value: {keys}. Run "
                "`{command}`, or set them (see config.example.yaml)"
            ).format(section=account.key, keys=", ".join(missing), command=_auth_command(account)),
            path=source,
        )
    return BlueskyPublisher(
        handle=bluesky.account,
        app_password=bluesky.app_password.get_secret_value(),
        api_base_url=bluesky.api_base_url or BLUESKY_API_BASE_URL,
        timeout_seconds=bluesky.timeout_seconds,
        language=language,
        link_cards=bluesky.link_cards,
        account_id=account.id,
    )


def x_publisher(
    x: XConfig, source: Path | None = None, *, account: ConfiguredAccount | None = None
) -> XPublisher:
    from livetweet.publishing.networks.x import X_API_BASE_URL, XPublisher  # tweepy: only for X

    account = account or _default("x", x)
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
            account_id=account.id,
        )
    raise ConfigError(
        _(
            "{section} is enabled but these keys have no value: {keys}. Run "
            "`{command}`, or set them (see config.example.yaml)"
        ).format(
            section=account.key,
            keys=", ".join(f"{account.key}.{k}" for k in x.missing_credentials()),
            command=_auth_command(account),
        ),
        path=source,
    )


# -- Mastodon (issue 13) ------------------------------------------------------------


def mastodon_publisher(
    mastodon: MastodonConfig,
    source: Path | None = None,
    language: str | None = None,
    *,
    account: ConfiguredAccount | None = None,
) -> MastodonPublisher:
    from livetweet.publishing.networks.mastodon import MastodonPublisher  # Mastodon.py

    account = account or _default("mastodon", mastodon)
    if not mastodon.api_base_url:
        raise ConfigError(
            _(
                "{section} is enabled but has no api_base_url: give the instance's "
                "address, e.g. https://mastodon.social"
            ).format(section=account.key),
            path=source,
        )
    if mastodon.access_token is None:
        raise ConfigError(
            _(
                "{section} is enabled but {section}.access_token has no value. Run "
                "`{command}`, or set it (see config.example.yaml)"
            ).format(section=account.key, command=_auth_command(account)),
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
        account_id=account.id,
    )


@dataclass(frozen=True)
class CharacterLimits:
    """How the text engine must count where a network differs from the built-in rules.

    ``limits`` and ``url_weights`` are per network (a network's default account);
    an account whose instance has its own limit (a declared Mastodon account) is in
    ``account_limits``/``account_url_weights``: ask ``limit(account_id, network)``."""

    #: Hard limits (a Mastodon instance's ``max_characters``).
    limits: dict[Network, int] = field(default_factory=dict)
    #: What a link counts (a Mastodon instance's ``characters_reserved_per_url``).
    url_weights: dict[Network, int] = field(default_factory=dict)
    #: For the operator: the cached value was used, or none was known.
    notices: list[str] = field(default_factory=list)
    #: Declared accounts' own limits, by account id.
    account_limits: dict[str, int] = field(default_factory=dict)
    account_url_weights: dict[str, int] = field(default_factory=dict)

    def limit(self, account_id: str, network: Network) -> int | None:
        """The account's limit: its own, else its network's (None: the built-in one)."""
        return self.account_limits.get(account_id, self.limits.get(network))

    def url_weight(self, account_id: str, network: Network) -> int | None:
        return self.account_url_weights.get(account_id, self.url_weights.get(network))


def character_limits(config: Config) -> CharacterLimits:
    """The Mastodon instances' limits and link weights, and notices for the operator.

    A configured ``max_characters`` wins (with the configured
    ``characters_reserved_per_url``, if any) and nothing is asked; otherwise the
    instance is asked (it is cached per instance, so a launch without network still
    counts right). The default account's are per network, as before accounts;
    each declared Mastodon account posts are sent to gets its own."""
    default = _mastodon_limits(config.networks.mastodon, None)
    limits: dict[str, int] = {}
    weights: dict[str, int] = {}
    notices = list(default.notices)
    for account in config.active_accounts():
        if not account.declared or not isinstance(account.settings, MastodonConfig):
            continue
        own = _mastodon_limits(account.settings, account.id, asked=True)
        if "mastodon" in own.limits:
            limits[account.id] = own.limits["mastodon"]
        if "mastodon" in own.url_weights:
            weights[account.id] = own.url_weights["mastodon"]
        notices += own.notices
    return CharacterLimits(default.limits, default.url_weights, notices, limits, weights)


def _mastodon_limits(
    mastodon: MastodonConfig, account_id: str | None, *, asked: bool = False
) -> CharacterLimits:
    """One Mastodon account's limit (``asked``: even when it is not enabled)."""
    if mastodon.max_characters is not None:
        reserved = mastodon.characters_reserved_per_url
        return CharacterLimits(
            limits={"mastodon": mastodon.max_characters},
            url_weights={"mastodon": reserved} if reserved is not None else {},
        )
    if not (mastodon.enabled or asked) or not mastodon.api_base_url:
        return CharacterLimits()
    from livetweet.publishing.networks.mastodon_instance import (
        FETCH_TIMEOUT_SECONDS,
        instance_limits,
    )

    limits = instance_limits(
        mastodon.api_base_url, timeout=min(mastodon.timeout_seconds, FETCH_TIMEOUT_SECONDS)
    )
    notices: list[str] = []
    label = "Mastodon" if account_id is None else f"Mastodon ({account_id})"
    if limits.source == "cache" and limits.fetched_at is not None:
        notices.append(
            _(
                "{network}: the instance did not answer; counting with its limit of {n} "
                "characters as cached on {date}."
            ).format(
                network=label,
                n=limits.max_characters,
                date=time.strftime("%Y-%m-%d %H:%M", time.localtime(limits.fetched_at)),
            )
        )
    elif limits.source == "default":
        notices.append(
            _(
                "{network}: the instance's limit is unknown (no answer, nothing cached); "
                "counting with {n} characters."
            ).format(network=label, n=limits.max_characters)
        )
    reserved = mastodon.characters_reserved_per_url or limits.characters_reserved_per_url
    return CharacterLimits(
        limits={"mastodon": limits.max_characters},
        url_weights={"mastodon": reserved},
        notices=notices,
    )
