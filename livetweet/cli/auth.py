"""`livetweet auth x|mastodon|bluesky [--config FILE]`: let livetweet post for an account.

X: get the account's tokens with the PIN flow. Mastodon (in ``auth_mastodon``):
register the app on the instance and get a token with an out-of-band code.
Bluesky: ask the handle and an app password, check them with one login (the
session is kept for the next launch).

The tokens go to the system keyring when there is one, else to a credentials file
created 0600 in the user config directory; the command then prints the lines to
put in config.yaml. Exit 0 done, 1 X refused (bad PIN, bad app keys, network
down), 2 unusable configuration.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from livetweet.cli.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from livetweet.cli.output import shown
from livetweet.config import (
    BlueskyConfig,
    ConfigError,
    MastodonConfig,
    NetworkConfig,
    SecretLookupError,
    XConfig,
    default_config_path,
    load_config,
    store_secrets,
)
from livetweet.config.model import check_account_id
from livetweet.i18n import _, detect_language, os_error, set_language
from livetweet.text.display import terminal_safe

if TYPE_CHECKING:
    from livetweet.config import Config
    from livetweet.text.networks import Network


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("auth", help=_("authorize livetweet to post for an account"))
    networks = parser.add_subparsers(dest="auth_network", required=True, metavar=_("NETWORK"))
    x = networks.add_parser("x", help=_("X: PIN-based OAuth 1.0a"))
    x.add_argument("--config", type=Path, metavar=_("FILE"), help=_("configuration file"))
    add_account_argument(x)
    x.set_defaults(func=run_x)
    from livetweet.cli.auth_mastodon import register_mastodon  # issue 13

    register_mastodon(networks)
    bluesky = networks.add_parser("bluesky", help=_("Bluesky: handle and app password"))
    bluesky.add_argument("--config", type=Path, metavar=_("FILE"), help=_("configuration file"))
    add_account_argument(bluesky)
    bluesky.set_defaults(func=run_bluesky)


def add_account_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--account",
        metavar="ID",
        help=_("the id of an account under accounts: (default: the network's main account)"),
    )


@dataclass(frozen=True)
class AuthTarget:
    """The account being authorized: a network's default one (``networks.<network>``)
    or a declared one (``accounts:``), whose secrets are stored under names holding
    its id, so that two accounts of a network never overwrite each other's."""

    network: Network
    account_id: str | None  # None: the network's default account
    settings: NetworkConfig

    def secret_name(self, name: str) -> str:
        """``x-access-token`` for the default account, ``x-ID-access-token`` else."""
        if self.account_id is None:
            return name
        network, _sep, rest = name.partition("-")
        return f"{network}-{self.account_id}-{rest}"

    def entry(self) -> list[str]:
        """The first lines of the configuration entry to print; the keys follow,
        indented by four spaces in both forms."""
        if self.account_id is None:
            return ["networks:", f"  {self.network}:", "    enabled: true"]
        return ["accounts:", f"  - id: {self.account_id}", f"    network: {self.network}"]


class AuthTargetError(Exception):
    """``--account`` names no account of this network: printed, exit 2."""


def auth_target(config: Config, network: Network, account_id: str | None) -> AuthTarget:
    """The account ``--account`` names (an id not declared yet is accepted: the command
    prints its entry); raises ``AuthTargetError`` for an id that cannot be one."""
    if account_id is None or account_id == network:
        return AuthTarget(network, None, config.networks.get(network))
    found = config.account(account_id)
    if found is not None and found.declared:
        if found.network != network:
            raise AuthTargetError(
                _(
                    "The account {id} is a {network} account: run livetweet auth {network} "
                    "--account {id}."
                ).format(id=account_id, network=found.network)
            )
        return AuthTarget(network, account_id, found.settings)
    try:
        check_account_id(account_id)
    except ValueError as error:
        raise AuthTargetError(
            f"--account {terminal_safe(account_id, keep_newlines=False)}: {error}"
        ) from None
    defaults: dict[str, type[NetworkConfig]] = {
        "x": XConfig,
        "mastodon": MastodonConfig,
        "bluesky": BlueskyConfig,
    }
    return AuthTarget(network, account_id, defaults[network]())


def ask(prompt: str, *, secret: bool, err: Console) -> str:
    """A line from the operator: hidden on a terminal, plain from a pipe."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt) if secret else input(prompt)
    err.print(shown(prompt), end="")
    return sys.stdin.readline().strip()


def run_x(args: argparse.Namespace) -> int:
    # tweepy and requests: imported for this command only, not by every `livetweet` start
    from livetweet.publishing.networks.x import X_API_BASE_URL
    from livetweet.publishing.networks.x_auth import XAuthError, XPinAuthorization

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        config = load_config(args.config, allow_missing_secrets=True)
    except ConfigError as error:
        err.print(f"[red]{shown(str(error))}[/]")
        return EXIT_USAGE
    set_language(detect_language(config.language))
    try:
        target = auth_target(config, "x", args.account)
    except AuthTargetError as error:
        _fail(err, str(error))
        return EXIT_USAGE
    x = target.settings
    assert isinstance(x, XConfig)
    name = target.secret_name
    to_store: dict[str, str] = {}
    if x.consumer_key is not None and x.consumer_secret is not None:
        consumer_key = x.consumer_key.get_secret_value()
        consumer_secret = x.consumer_secret.get_secret_value()
    else:
        err.print(shown(_("The app's keys are in the X developer portal (Keys and tokens).")))
        consumer_key = ask(_("Consumer key (API key): "), secret=False, err=err)
        consumer_secret = ask(_("Consumer secret (API key secret): "), secret=True, err=err)
        if not consumer_key or not consumer_secret:
            err.print("[red]" + shown(_("The consumer key and secret are needed.")) + "[/]")
            return EXIT_USAGE
        to_store = {
            name("x-consumer-key"): consumer_key,
            name("x-consumer-secret"): consumer_secret,
        }
    flow = XPinAuthorization(
        consumer_key,
        consumer_secret,
        api_base_url=x.api_base_url or X_API_BASE_URL,
        timeout_seconds=x.timeout_seconds,
    )
    try:
        url = flow.authorization_url()
        err.print(shown(_("1. Open this address, signed in as the account to post with:")))
        out.print(shown(url), soft_wrap=True)
        err.print(shown(_("2. Authorize the app, then type the PIN X shows.")))
        pin = ask(_("PIN: "), secret=False, err=err)
        if not pin:
            err.print("[red]" + shown(_("No PIN given: nothing was stored.")) + "[/]")
            return EXIT_FAILED
        tokens = flow.exchange(pin)
    except XAuthError as error:
        err.print(f"[red]{shown(str(error))}[/]")
        return EXIT_FAILED
    to_store |= {
        name("x-access-token"): tokens.access_token,
        name("x-access-token-secret"): tokens.access_token_secret,
    }
    stored = store_or_say(to_store, err, _("The tokens could not be stored: {why}"))
    if stored is None:
        return EXIT_FAILED
    refs, where = stored
    account = f"@{tokens.username}" if tokens.username else x.account
    configured = (x.account or "").lstrip("@").lower()
    if tokens.username and configured and configured != tokens.username.lower():
        err.print(
            "[bold red]"
            + shown(
                _(
                    "Warning: the configuration says {configured} but X authorized {account}: "
                    "posts will go out as {account}. Check you were signed in to the right account."
                ).format(configured=x.account, account=account)
            )
            + "[/]"
        )
    err.print(
        shown(
            _("Authorized{who}. Tokens stored in {where}.").format(
                who=f" ({account})" if account else "", where=where
            )
        )
    )
    err.print(
        shown(_("Put these lines in {file}:").format(file=config.source or default_config_path()))
    )
    lines = target.entry()
    if account:
        lines.append(f'    account: "{account}"')
    if target.account_id is not None and x.api_base_url and x.api_base_url != X_API_BASE_URL:
        lines.append(f"    api_base_url: {x.api_base_url}")
    if name("x-consumer-key") in refs:
        lines += [
            f"    consumer_key: {refs[name('x-consumer-key')]}",
            f"    consumer_secret: {refs[name('x-consumer-secret')]}",
        ]
    lines += [
        f"    access_token: {refs[name('x-access-token')]}",
        f"    access_token_secret: {refs[name('x-access-token-secret')]}",
    ]
    out.print(shown("\n".join(lines)), soft_wrap=True)
    return EXIT_OK


_APP_PASSWORD = re.compile(r"^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$")


def run_bluesky(args: argparse.Namespace) -> int:
    """Exit 0 stored, 1 Bluesky refused (or unreachable), 2 unusable configuration."""
    from livetweet.publishing.networks.bluesky import BLUESKY_API_BASE_URL, BlueskyPublisher
    from livetweet.publishing.publisher import PublishError

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        config = load_config(args.config, allow_missing_secrets=True)
    except ConfigError as error:
        err.print(f"[red]{shown(str(error))}[/]")
        return EXIT_USAGE
    set_language(detect_language(config.language))
    try:
        target = auth_target(config, "bluesky", args.account)
    except AuthTargetError as error:
        _fail(err, str(error))
        return EXIT_USAGE
    bluesky = target.settings
    assert isinstance(bluesky, BlueskyConfig)
    secret = target.secret_name("bluesky-app-password")
    handle = (bluesky.account or "").strip().lstrip("@")
    if not handle:
        handle = ask(
            _("Bluesky handle (e.g. villeneuve.bsky.social): "), secret=False, err=err
        ).lstrip("@")
    if not handle:
        _fail(err, _("No handle given: nothing was stored."))
        return EXIT_USAGE
    err.print(
        shown(
            _(
                "Create an app password in Bluesky, signed in as {handle}: Settings > Privacy "
                "and security > App passwords > Add. Never give the account's own password."
            ).format(handle="@" + handle)
        )
    )
    password = ask(_("App password: "), secret=True, err=err)
    if not password:
        _fail(err, _("No app password given: nothing was stored."))
        return EXIT_FAILED
    if not _APP_PASSWORD.match(password):
        err.print(
            "[bold yellow]"
            + shown(
                _(
                    "Warning: this does not look like an app password (xxxx-xxxx-xxxx-xxxx). "
                    "Use an app password, not the account's own password: an app password "
                    "can be revoked without touching the account."
                )
            )
            + "[/]"
        )
    publisher = BlueskyPublisher(
        handle=handle,
        app_password=password,
        api_base_url=bluesky.api_base_url or BLUESKY_API_BASE_URL,
        timeout_seconds=bluesky.timeout_seconds,
    )
    try:
        account = publisher.log_in()
    except PublishError as error:
        err.print(f"[red]{shown(error.message)}[/]")
        return EXIT_FAILED
    stored = store_or_say({secret: password}, err, _("The app password could not be stored: {why}"))
    if stored is None:
        return EXIT_FAILED
    refs, where = stored
    err.print(
        shown(
            _("Logged in as {account}. App password stored in {where}.").format(
                account=account, where=where
            )
        )
    )
    err.print(
        shown(_("Put these lines in {file}:").format(file=config.source or default_config_path()))
    )
    lines = [*target.entry(), f"    account: {account.lstrip('@')}"]
    if bluesky.api_base_url and bluesky.api_base_url != BLUESKY_API_BASE_URL:
        lines.append(f"    api_base_url: {bluesky.api_base_url}")
    lines.append(f"    app_password: {refs[secret]}")
    out.print(shown("\n".join(lines)), soft_wrap=True)
    return EXIT_OK


def store_or_say(
    secrets: dict[str, str], err: Console, failure: str
) -> tuple[dict[str, str], str] | None:
    """Store ``secrets`` (the keyring, else the 0600 credentials file); if that fails,
    say why with ``failure`` (its ``{why}``) in the operator's language, never a value."""
    try:
        return store_secrets(secrets)
    except (SecretLookupError, OSError) as error:
        reason = str(error) if isinstance(error, SecretLookupError) else os_error(error)
        _fail(err, failure.format(why=reason))
        return None


def _fail(err: Console, message: str) -> None:
    err.print(f"[red]{shown(message)}[/]")
