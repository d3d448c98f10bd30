"""The ``livetweet`` command: one entry, sub-commands registered by each module.

Exit statuses, for every sub-command: 0 success, 1 the input is invalid or
something failed (listed), 2 the command itself could not run (usage, missing
file, bad configuration).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from livetweet import __version__
from livetweet.cli import agenda, audit, auth, post, run
from livetweet.cli.exit_codes import EXIT_INTERRUPTED
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
    for module in (run, agenda, post, audit, auth):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Help and messages follow the locale (else French); commands that read the
    # configuration then switch to its ``language`` when it sets one.
    set_language(detect_language())
    with argparse_in_current_language():
        args = build_parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return EXIT_INTERRUPTED
    return status
