"""`livetweet run AGENDA`: the live-tweeting TUI on a checked agenda.

The agenda is checked first (every problem printed as FILE:LINE:COL, exit 1;
the full check of a file this version already passed is skipped, see
``load_checked_agenda``), then the configuration (exit 2 on a problem), the
publishers and the session's journal are opened (the same journal for the same
session, so restarting resumes it), and only then is Textual imported and the app run.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from livetweet.cli.exit_codes import EXIT_INVALID, EXIT_USAGE
from livetweet.cli.output import shown
from livetweet.i18n import LANGUAGES, _, detect_language, set_language

if TYPE_CHECKING:
    from livetweet.agenda.check_cache import CheckCache
    from livetweet.agenda.model import Agenda
    from livetweet.config import Config
    from livetweet.publishing import Outbox


class RunError(Exception):
    """Printed as is; ``status`` is the exit status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "run",
        help=_("live-tweet a session: the TUI on an agenda"),
        description=_("Open the live-tweeting screen on AGENDA (checked first)."),
    )
    parser.add_argument("agenda", metavar=_("AGENDA"), type=Path, help=_("the agenda file (YAML)"))
    parser.add_argument("--config", type=Path, metavar=_("FILE"), help=_("configuration file"))
    parser.add_argument(
        "--journal",
        type=Path,
        metavar=_("FILE"),
        help=_("journal file (default: the session's, in the journal directory)"),
    )
    parser.add_argument("--language", choices=LANGUAGES, help=_("language of the screens"))
    parser.set_defaults(func=run)


def load_checked_agenda(path: Path, cache: CheckCache | None = None) -> Agenda:
    """The agenda, or ``RunError`` listing every problem as FILE:LINE:COL: message.

    The full check (every post rendered on every network) runs only for bytes no
    earlier check by this code passed; for passed bytes the agenda recorded with
    the pass is validated against the model instead of re-reading the YAML, which
    is what makes a restart fast.
    """
    from livetweet.agenda.check_cache import CheckCache, check_key
    from livetweet.agenda.files import AgendaFileError, AgendaTooLargeError, read_agenda_bytes

    try:
        raw = read_agenda_bytes(path)
    except AgendaFileError as error:
        status = EXIT_INVALID if isinstance(error, AgendaTooLargeError) else EXIT_USAGE
        raise RunError(f"{path}: {error}", status) from None
    cache = cache or CheckCache()
    key = check_key(raw)
    agenda = cache.checked_agenda(key)
    if agenda is not None:
        return agenda
    from livetweet.agenda.loader import check_agenda_bytes

    report = check_agenda_bytes(str(path), raw)
    if report.agenda is None:
        errors = [p for p in report.problems if p.severity == "error"] or report.problems
        raise RunError("\n".join(str(p) for p in errors), EXIT_INVALID)
    cache.remember_pass(key, report.agenda)
    return report.agenda


def default_journal_path(config: Config, agenda: Agenda) -> Path:
    """One journal per session, so a restart resumes it; a rehearsal (dry run) gets its
    own, since a journal is either a public record of real posts or a rehearsal."""
    suffix = ".dry-run.jsonl" if config.is_dry_run else ".jsonl"
    return config.journal_dir / f"{agenda.session.id}{suffix}"


def load_run_config(path: Path | None) -> Config:
    from livetweet.config import ConfigError, load_config

    try:
        return load_config(path)
    except ConfigError as error:
        raise RunError(str(error), EXIT_USAGE) from None


def open_outbox(config: Config, agenda: Agenda, journal_path: Path) -> Outbox:
    from livetweet.cli.post import CliError, open_outbox

    try:
        return open_outbox(config, journal_path, agenda=agenda)
    except CliError as error:  # a journal cut short is refused too: `resume` accepts it
        raise RunError(str(error), EXIT_USAGE) from None


def with_instance_limits(config: Config) -> tuple[Config, list[str]]:
    """``config`` with each Mastodon instance's own limit and link weight as
    ``max_characters`` and ``characters_reserved_per_url`` (read from the instance,
    else its cache), for the default account and every declared Mastodon account,
    so the screen counts and splits with them; and the notices (the cached value
    was used), which the screen shows: printed just before it takes the terminal,
    nobody would read them."""
    from livetweet.config import MastodonConfig
    from livetweet.publishing.factory import character_limits

    found = character_limits(config)

    def updated(mastodon: MastodonConfig, account_id: str) -> MastodonConfig:
        update = {
            "max_characters": found.limit(account_id, "mastodon") or mastodon.max_characters,
            "characters_reserved_per_url": found.url_weight(account_id, "mastodon")
            or mastodon.characters_reserved_per_url,
        }
        if all(getattr(mastodon, key) == value for key, value in update.items()):
            return mastodon
        return mastodon.model_copy(update=update)

    mastodon = updated(config.networks.mastodon, "mastodon")
    accounts = [
        updated(a, a.id) if isinstance(a, MastodonConfig) and a.id in found.account_limits else a
        for a in config.accounts
    ]
    if mastodon is config.networks.mastodon and all(
        new is old for new, old in zip(accounts, config.accounts, strict=True)
    ):
        return config, found.notices
    networks = config.networks.model_copy(update={"mastodon": mastodon})
    return config.model_copy(update={"networks": networks, "accounts": accounts}), found.notices


def routing_warnings(config: Config, agenda: Agenda) -> list[str]:
    """Routed themes this agenda lacks: said at launch, never a refusal (the session
    must go on; the group simply gets none of those posts)."""
    from livetweet.config.routing import unknown_themes

    return [
        _("Warning: {problem} (its group will not post those items)").format(
            problem=unknown.located(config)
        )
        for unknown in unknown_themes(config, agenda)
    ]


def run(args: argparse.Namespace) -> int:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if args.language:
        set_language(args.language)
    try:
        agenda = load_checked_agenda(args.agenda)
        config = load_run_config(args.config)
        set_language(detect_language(args.language or config.language))
        journal_path = args.journal or default_journal_path(config, agenda)
        outbox = open_outbox(config, agenda, journal_path)
        config, notices = with_instance_limits(config)
        notices += routing_warnings(config, agenda)
    except RunError as error:
        err.print(f"[red]{shown(str(error))}[/]")
        return error.status
    with outbox:
        from livetweet.tui import run_app  # Textual only now: `agenda check` stays light

        return run_app(
            agenda,
            config=config,
            outbox=outbox,
            journal_path=journal_path,
            notices=notices,
            agenda_path=Path(args.agenda),
        )
