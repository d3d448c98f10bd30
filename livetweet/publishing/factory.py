"""Publishers from the configuration: real ones for enabled networks, dry-run otherwise.

Dry-run is the embedded default: with no network enabled (or ``dry_run: true``)
every network the UI shows gets a ``DryRunPublisher`` writing next to the
journal, so counters, previews and the whole pipeline work with no account.
Real and dry-run publishers are never mixed: a journal is either a public record
of real posts or a rehearsal.

tweepy and requests are imported only when an X publisher is built: a dry run
(and the start of ``livetweet run``) does without them.

A network that cannot post for real yet (see ``NOT_YET_IMPLEMENTED``) is a
``ConfigError`` when enabled (rather than a silent simulation the operator
could mistake for publishing). The atproto SDK is imported only when a
Bluesky publisher is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from livetweet.config import BlueskyConfig, Config, ConfigError, XConfig
from livetweet.i18n import _
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path
from livetweet.publishing.publisher import Publisher
from livetweet.text.networks import DISPLAY_NAMES, NETWORKS, Network

if TYPE_CHECKING:
    from livetweet.publishing.networks.bluesky import BlueskyPublisher
    from livetweet.publishing.x import XPublisher

NOT_YET_IMPLEMENTED: tuple[Network, ...] = ("mastodon",)


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
    for network in NOT_YET_IMPLEMENTED:
        if config.networks.get(network).enabled:
            raise ConfigError(
                _(
                    "networks.{network}.enabled: posting to {name} is not available yet; "
                    "set enabled: false (or dry_run: true to rehearse with every network)"
                ).format(network=network, name=DISPLAY_NAMES[network]),
                path=config.source,
            )
    publishers: list[Publisher] = []
    if config.networks.x.enabled:
        publishers.append(x_publisher(config.networks.x, config.source))
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
    from livetweet.publishing.x import X_API_BASE_URL, XPublisher  # tweepy: only for X

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


def is_dry_run(publishers: Sequence[Publisher]) -> bool:
    """True when nothing these publishers do reaches a network: say so loudly."""
    return all(p.dry_run for p in publishers)
