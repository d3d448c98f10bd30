"""`livetweet auth mastodon [--instance URL] [--config FILE]`: the account's token.

Registers livetweet on the instance, shows the authorization page (the instance
then shows a code), asks for the code, stores the token in the system keyring
(else a 0600 credentials file) and prints the lines to put in config.yaml.
Exit 0 done, 1 the instance refused (bad code, unreachable), 2 no instance
known or an unusable configuration.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console

from livetweet.cli.auth import (
    AuthTargetError,
    add_account_argument,
    ask,
    auth_target,
    store_or_say,
)
from livetweet.cli.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from livetweet.cli.output import shown
from livetweet.config import (
    ConfigError,
    MastodonConfig,
    default_config_path,
    load_config,
)
from livetweet.i18n import _, detect_language, set_language

TOKEN_NAME = "mastodon-access-token"


def register_mastodon(networks: argparse._SubParsersAction[Any]) -> None:
    parser = networks.add_parser(
        "mastodon", help=_("Mastodon: register the app on the instance, code shown by it")
    )
    parser.add_argument("--config", type=Path, metavar=_("FILE"), help=_("configuration file"))
    parser.add_argument(
        "--instance",
        metavar="URL",
        help=_("the instance, e.g. https://mastodon.social (default: networks.mastodon)"),
    )
    add_account_argument(parser)
    parser.set_defaults(func=run_mastodon)


def run_mastodon(args: argparse.Namespace) -> int:
    # Mastodon.py: imported for this command only, not by every `livetweet` start
    from livetweet.publishing.networks.mastodon_auth import (
        MastodonAuthError,
        MastodonAuthorization,
    )

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        config = load_config(args.config, allow_missing_secrets=True)
    except ConfigError as error:
        err.print(f"[red]{shown(str(error))}[/]")
        return EXIT_USAGE
    set_language(detect_language(config.language))
    try:
        target = auth_target(config, "mastodon", args.account)
    except AuthTargetError as error:
        err.print(f"[red]{shown(str(error))}[/]")
        return EXIT_USAGE
    mastodon = target.settings
    assert isinstance(mastodon, MastodonConfig)
    token_name = target.secret_name(TOKEN_NAME)
    instance = (args.instance or mastodon.api_base_url or "").strip().rstrip("/")
    if instance and "://" not in instance:
        instance = "https://" + instance
    if not instance.startswith(("https://", "http://")):
        err.print(
            "[red]"
            + shown(
                _(
                    "Which instance? Give --instance https://… or set the account's "
                    "api_base_url in the configuration."
                )
            )
            + "[/]"
        )
        return EXIT_USAGE
    flow = MastodonAuthorization(instance, timeout_seconds=mastodon.timeout_seconds)
    try:
        url = flow.authorization_url()
        err.print(shown(_("1. Open this address, signed in as the account to post with:")))
        out.print(shown(url), soft_wrap=True)
        err.print(shown(_("2. Authorize livetweet, then type the code the instance shows.")))
        code = ask(_("Code: "), secret=False, err=err)
        if not code:
            err.print("[red]" + shown(_("No code given: nothing was stored.")) + "[/]")
            return EXIT_FAILED
        token = flow.exchange(code)
    except MastodonAuthError as error:
        err.print(f"[red]{shown(str(error))}[/]")
        return EXIT_FAILED
    stored = store_or_say(
        {token_name: token.access_token}, err, _("The tokens could not be stored: {why}")
    )
    if stored is None:
        return EXIT_FAILED
    refs, where = stored
    account = token.account or mastodon.account
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
    lines += [f"    api_base_url: {instance}", f"    access_token: {refs[token_name]}"]
    out.print(shown("\n".join(lines)), soft_wrap=True)
    return EXIT_OK
