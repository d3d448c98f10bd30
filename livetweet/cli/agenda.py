"""`livetweet agenda check|schema|new`: the clerk's side, before the session.

``check`` prints one problem per line, ``FILE:LINE:COL: error: message``,
then a short summary; exit 0 valid (warnings allowed), 1 invalid, 2 when a
file cannot be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from livetweet.cli.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from livetweet.i18n import _, os_error

if TYPE_CHECKING:
    from livetweet.agenda import CheckReport


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "agenda", help=_("check an agenda file, print its schema, start a new one")
    )
    actions = parser.add_subparsers(dest="agenda_command", required=True, metavar=_("ACTION"))

    check = actions.add_parser(
        "check",
        help=_("check agenda files; list every problem"),
        description=_(
            "Check agenda files and list every problem as FILE:LINE:COL: message. "
            "Exit status: 0 valid (warnings allowed), 1 invalid, 2 a file cannot be read."
        ),
    )
    check.add_argument("files", nargs="+", metavar=_("FILE"), help=_("agenda files (YAML)"))
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=_("text for people (default), json for scripts"),
    )
    check.set_defaults(func=cmd_check)

    schema = actions.add_parser("schema", help=_("print the JSON Schema of agenda files"))
    schema.set_defaults(func=cmd_schema)

    new = actions.add_parser("new", help=_("write a commented agenda skeleton to start from"))
    new.add_argument("file", nargs="?", metavar=_("FILE"), help=_("default: standard output"))
    new.add_argument("--force", action="store_true", help=_("overwrite FILE if it exists"))
    new.set_defaults(func=cmd_new)


def cmd_check(args: argparse.Namespace) -> int:
    from livetweet.agenda.loader import check_agenda_file  # not loaded for the other commands

    reports = [check_agenda_file(path) for path in args.files]
    _remember_passes(reports)
    if args.format == "json":
        payload = {
            "valid": all(r.ok for r in reports),
            "files": [r.as_dict() for r in reports],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        console = Console(highlight=False)
        for report in reports:
            for problem in report.problems:
                print(problem)
            _print_summary(console, report)
    if not all(r.readable for r in reports):
        return EXIT_USAGE
    return EXIT_OK if all(r.ok for r in reports) else EXIT_INVALID


def _remember_passes(reports: list[CheckReport]) -> None:
    """A file the clerk checked clean opens at once in ``livetweet run`` (same bytes)."""
    from livetweet.agenda.check_cache import CheckCache

    cache = CheckCache()
    for report in reports:
        if report.ok and report.content_key and report.agenda is not None:
            cache.remember_pass(report.content_key, report.agenda)


def _print_summary(console: Console, report: CheckReport) -> None:
    if not report.readable:
        return
    errors, warnings = len(report.errors), len(report.warnings)
    if errors:
        console.print(
            f"[bold red]✗[/] {report.path}: "
            + _("{errors} error(s), {warnings} warning(s)").format(
                errors=errors, warnings=warnings
            ),
            soft_wrap=True,
        )
        return
    summary = report.summary
    console.print(
        f"[bold green]✓[/] {report.path}: "
        + _(
            "{items} items ({postable} postable, {closed} closed, {dnp} not to post), "
            "{drafts} prepared drafts, {warnings} warning(s)"
        ).format(
            items=summary.items,
            postable=summary.postable,
            closed=summary.closed,
            dnp=summary.do_not_post,
            drafts=summary.drafts,
            warnings=warnings,
        ),
        soft_wrap=True,
    )
    from rich.table import Table

    from livetweet.text.networks import DISPLAY_NAMES

    table = Table(show_edge=False, box=None, padding=(0, 2))
    table.add_column(_("Network"))
    table.add_column(_("Longest post"), justify="right")
    table.add_column(_("Where"))
    for network, longest in summary.longest.items():
        where = (
            _("item {id}, {stage}").format(id=longest.item_id, stage=longest.stage)
            if longest.item_id
            else longest.stage
        )
        table.add_row(DISPLAY_NAMES[network], f"{longest.length}/{longest.limit}", where)
    console.print(table)


def cmd_schema(args: argparse.Namespace) -> int:
    from livetweet.agenda.schema import agenda_json_schema

    print(json.dumps(agenda_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def skeleton_text() -> str:
    data = resources.files("livetweet.agenda") / "data" / "skeleton.yaml"
    return data.read_text(encoding="utf-8")


def cmd_new(args: argparse.Namespace) -> int:
    text = skeleton_text()
    if args.file is None:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.file)
    if target.exists() and not args.force:
        print(
            _("{path}: already exists (use --force to overwrite)").format(path=target),
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{target}: {os_error(exc)}", file=sys.stderr)
        return EXIT_USAGE
    print(_("{path}: written; check it with: livetweet agenda check {path}").format(path=target))
    return EXIT_OK
