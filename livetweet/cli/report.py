"""`livetweet report JOURNAL [--agenda FILE] [--format ...] [-o FILE]`.

The public record of a session, from a journal that verifies. Exit: 0 written;
1 the journal's chain is broken (first bad line), or the SCDL export lacks
something (named, per item); 2 usage (no such file, bad agenda, cannot write).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from livetweet.cli.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from livetweet.cli.output import shown
from livetweet.i18n import LANGUAGES, _, detect_language, set_language
from livetweet.text.display import terminal_safe

if TYPE_CHECKING:
    from livetweet.agenda import Agenda
    from livetweet.reporting import Report

FORMATS = ("html", "md", "json", "activitystreams", "scdl")
SUFFIXES = {
    "html": ".html",
    "md": ".md",
    "json": ".report.json",
    "activitystreams": ".outbox.json",
    "scdl": ".deliberations.csv",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "report",
        help=_("the session's public record, from its journal (HTML, Markdown, JSON...)"),
        description=_(
            "Make the public record of a session from its journal, which must verify: "
            "the items in order, what was posted about each, votes, corrections, deletions."
        ),
    )
    parser.add_argument("journal", type=Path, metavar="JOURNAL")
    parser.add_argument("--agenda", type=Path, metavar=_("FILE"), help=_("the session's agenda"))
    parser.add_argument(
        "--format", choices=FORMATS, default="html", help=_("output format (default: html)")
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar=_("FILE"), help=_("write to FILE (default: stdout)")
    )
    parser.add_argument("--language", choices=LANGUAGES, help=_("language of the report"))
    parser.set_defaults(func=run_report)


def load_agenda_or_none(path: Path | None, err: Console) -> Agenda | bool | None:
    """The agenda, None when not asked for, False when it cannot be read (told on ``err``)."""
    if path is None:
        return None
    from livetweet.agenda import AgendaError, load_agenda

    try:
        return load_agenda(path)
    except AgendaError as error:
        err.print(shown(terminal_safe(str(error))), style="red")
    except OSError as error:
        err.print(shown(terminal_safe(f"{path}: {error.strerror or error}")), style="red")
    return False


def renderer(fmt: str) -> Callable[[Report], str]:
    if fmt == "html":
        from livetweet.reporting.html import render_html

        return render_html
    if fmt == "md":
        from livetweet.reporting.markdown import render_markdown

        return render_markdown
    if fmt == "json":
        from livetweet.reporting.jsonout import render_json

        return render_json
    if fmt == "activitystreams":
        from livetweet.reporting.activitystreams import render_activitystreams

        return render_activitystreams
    from livetweet.reporting.scdl import render_scdl

    return render_scdl


def make_report(
    journal: Path, agenda: Agenda | None, fmt: str, output: Path | None, err: Console
) -> int:
    """Build, render and write one report; messages on ``err``. The exit status."""
    from livetweet.reporting import ReportError, build_report
    from livetweet.reporting.files import write_atomically
    from livetweet.reporting.scdl import ScdlMissing

    try:
        report = build_report(journal, agenda)
        text = renderer(fmt)(report)
    except ReportError as error:
        err.print(shown(terminal_safe(str(error))), style="red")
        return EXIT_USAGE if error.missing else EXIT_INVALID
    except ScdlMissing as missing:
        err.print(shown(_("No SCDL file written:")), style="red")
        for problem in missing.problems:
            err.print(shown(terminal_safe(f"  - {problem}")), style="red")
        return EXIT_INVALID
    if output is None:
        sys.stdout.write(terminal_safe(text) if sys.stdout.isatty() else text)
        sys.stdout.flush()
        return EXIT_OK
    try:
        write_atomically(output, text)
    except OSError as error:
        err.print(shown(terminal_safe(f"{output}: {error.strerror or error}")), style="red")
        return EXIT_USAGE
    err.print(shown(terminal_safe(_("Report written: {path}").format(path=output))))
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    if args.language:
        set_language(detect_language(args.language))
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    agenda = load_agenda_or_none(args.agenda, err)
    if agenda is False:
        return EXIT_USAGE
    assert agenda is None or not isinstance(agenda, bool)
    return make_report(args.journal, agenda, args.format, args.output, err)
