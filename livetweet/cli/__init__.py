"""The ``livetweet`` command: one entry, sub-commands registered by each module.

Exit statuses, for every sub-command: 0 success, 1 the input is invalid or
something failed (listed), 2 the command itself could not run (usage, missing
file, bad configuration), 70 an unexpected error (a bug: one line, details in a
crash log, see ``crash``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from livetweet import __version__
from livetweet.cli import agenda, audit, auth, post, report, run, votes
from livetweet.i18n import detect_language, set_language

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livetweet",
        description="Live-tweet a council session: check agendas, post, keep the journal.",
    )
    parser.add_argument("--version", action="version", version=f"livetweet {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (run, agenda, post, audit, auth, report, votes):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Help and messages follow the locale (else French); commands that read the
    # configuration then switch to its ``language`` when it sets one.
    set_language(detect_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the last guard: no traceback, no secret
        from livetweet.cli.crash import report_crash

        return report_crash(error, getattr(args, "command", None))
    return status
