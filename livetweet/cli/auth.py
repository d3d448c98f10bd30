"""`livetweet auth x [--config FILE]`: get the X account's tokens with the PIN flow
(`auth mastodon`: in auth_mastodon).

The tokens go to the system keyring when there is one, else to a credentials file
created 0600 in the user config directory; the command then prints the lines to
put in config.yaml. Exit 0 done, 1 X refused (bad PIN, bad app keys, network
down), 2 unusable configuration.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from livetweet.cli.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from livetweet.config import (
    ConfigError,
    SecretLookupError,
    default_config_path,
    load_config,
    store_secrets,
)
from livetweet.i18n import _, detect_language, os_error, set_language


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("auth", help=_("authorize livetweet to post for an account"))
    networks = parser.add_subparsers(dest="auth_network", required=True, metavar=_("NETWORK"))
    x = networks.add_parser("x", help=_("X: PIN-based OAuth 1.0a"))
    x.add_argument("--config", type=Path, metavar=_("FILE"), help=_("configuration file"))
    x.set_defaults(func=run_x)
    from livetweet.cli.auth_mastodon import register_mastodon  # issue 13

    register_mastodon(networks)


def ask(prompt: str, *, secret: bool, err: Console) -> str:
    """A line from the operator: hidden on a terminal, plain from a pipe."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt) if secret else input(prompt)
    err.print(escape(prompt), end="")
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
        err.print(f"[red]{escape(str(error))}[/]")
        return EXIT_USAGE
    set_language(detect_language(config.language))
    x = config.networks.x
    to_store: dict[str, str] = {}
    if x.consumer_key is not None and x.consumer_secret is not None:
        consumer_key = x.consumer_key.get_secret_value()
        consumer_secret = x.consumer_secret.get_secret_value()
    else:
        err.print(escape(_("The app's keys are in the X developer portal (Keys and tokens).")))
        consumer_key = ask(_("Consumer key (API key): "), secret=False, err=err)
        consumer_secret = ask(_("Consumer secret (API key secret): "), secret=True, err=err)
        if not consumer_key or not consumer_secret:
            err.print(f"[red]{escape(_('The consumer key and secret are needed.'))}[/]")
            return EXIT_USAGE
        to_store = {"x-consumer-key": consumer_key, "x-consumer-secret": consumer_secret}
    flow = XPinAuthorization(
        consumer_key,
        consumer_secret,
        api_base_url=x.api_base_url or X_API_BASE_URL,
        timeout_seconds=x.timeout_seconds,
    )
    try:
        url = flow.authorization_url()
        err.print(escape(_("1. Open this address, signed in as the account to post with:")))
        out.print(escape(url), soft_wrap=True)
        err.print(escape(_("2. Authorize the app, then type the PIN X shows.")))
        pin = ask(_("PIN: "), secret=False, err=err)
        if not pin:
            err.print(f"[red]{escape(_('No PIN given: nothing was stored.'))}[/]")
            return EXIT_FAILED
        tokens = flow.exchange(pin)
    except XAuthError as error:
        err.print(f"[red]{escape(str(error))}[/]")
        return EXIT_FAILED
    to_store |= {
        "x-access-token": tokens.access_token,
        "x-access-token-secret": tokens.access_token_secret,
    }
    try:
        refs, where = store_secrets(to_store)
    except (SecretLookupError, OSError) as error:
        reason = str(error) if isinstance(error, SecretLookupError) else os_error(error)
        err.print(
            f"[red]{escape(_('The tokens could not be stored: {why}').format(why=reason))}[/]"
        )
        return EXIT_FAILED
    account = f"@{tokens.username}" if tokens.username else x.account
    configured = (x.account or "").lstrip("@").lower()
    if tokens.username and configured and configured != tokens.username.lower():
        err.print(
            "[bold red]"
            + escape(
                _(
                    "Warning: the configuration says {configured} but X authorized {account}: "
                    "posts will go out as {account}. Check you were signed in to the right account."
                ).format(configured=x.account, account=account)
            )
            + "[/]"
        )
    err.print(
        escape(
            _("Authorized{who}. Tokens stored in {where}.").format(
                who=f" ({account})" if account else "", where=where
            )
        )
    )
    err.print(
        escape(_("Put these lines in {file}:").format(file=config.source or default_config_path()))
    )
    lines = ["networks:", "  x:", "    enabled: true"]
    if account:
        lines.append(f'    account: "{account}"')
    if "x-consumer-key" in refs:
        lines += [
            f"    consumer_key: {refs['x-consumer-key']}",
            f"    consumer_secret: {refs['x-consumer-secret']}",
        ]
    lines += [
        f"    access_token: {refs['x-access-token']}",
        f"    access_token_secret: {refs['x-access-token-secret']}",
    ]
    out.print(escape("\n".join(lines)), soft_wrap=True)
    return EXIT_OK
