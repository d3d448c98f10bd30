"""The ``livetweet`` command: one entry, sub-commands registered by each module.

Exit statuses, for every sub-command: 0 success, 1 the input is invalid or
something failed (listed), 2 the command itself could not run (usage, missing
file, bad configuration), 70 an unexpected error (a bug: one line, details in a
crash log, see ``crash``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from livetweet import __version__
from livetweet.cli import agenda, audit, auth, post, report, run, votes
from livetweet.cli.exit_codes import EXIT_INTERRUPTED
from livetweet.config import default_config_path
from livetweet.i18n import _, argparse_in_current_language, detect_language, set_language


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livetweet",
        description=_("Live-tweet a council session: check agendas, post, keep the journal."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"livetweet {__version__}",
        help=_("show the version and exit"),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"))
    for module in (run, agenda, post, audit, auth, report, votes):
        module.register(sub)
    return parser


def configured_language(argv: Sequence[str]) -> str | None:
    """The configuration's ``language``, read before the command line is parsed so that
    its frame (usage, help, argparse's errors) speaks it too. Any problem is left to
    the command, which reads the configuration for real and reports it."""
    if language := os.environ.get("LIVETWEET_LANGUAGE"):
        return language
    path = default_config_path()
    for index, arg in enumerate(argv):
        if arg == "--config" and index + 1 < len(argv):
            path = Path(argv[index + 1])
        elif arg.startswith("--config="):
            path = Path(arg.partition("=")[2])
    try:
        if not path.is_file() or path.stat().st_size > 1_000_000:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    import yaml  # only when there is a file, as the configuration's loader

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    language = data.get("language") if isinstance(data, dict) else None
    return language if isinstance(language, str) else None


def main(argv: Sequence[str] | None = None) -> int:
    # Everything follows the configuration's language, else the locale's, else French.
    arguments = sys.argv[1:] if argv is None else list(argv)
    set_language(detect_language(configured_language(arguments)))
    with argparse_in_current_language():
        args = build_parser().parse_args(arguments)
    try:
        status: int = args.func(args)
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - the last guard: no traceback, no secret
        from livetweet.cli.crash import report_crash

        return report_crash(error, getattr(args, "command", None))
    return status
