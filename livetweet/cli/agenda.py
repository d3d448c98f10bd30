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
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from livetweet.cli.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from livetweet.i18n import _, os_error
from livetweet.text.display import terminal_safe

if TYPE_CHECKING:
    from livetweet.agenda import CheckReport
    from livetweet.config import Config


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
    check.add_argument(
        "--config",
        type=Path,
        metavar=_("FILE"),
        help=_("also check that the configuration's routing names this agenda's themes"),
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
    if args.config is not None:
        from livetweet.config import ConfigError, load_config

        try:
            config = load_config(args.config, skip_secrets=True)
        except ConfigError as error:
            print(terminal_safe(str(error)), file=sys.stderr)
            return EXIT_USAGE
        for report in reports:
            _check_routing(report, config)
    if args.format == "json":
        payload = {
            "valid": all(r.ok for r in reports),
            "files": [r.as_dict() for r in reports],
        }
        print(json.dumps(_safe(payload), ensure_ascii=False, indent=2))
    else:
        console = Console(highlight=False, soft_wrap=True)
        for report in reports:
            for problem in report.problems:
                print(terminal_safe(str(problem), keep_newlines=False))
            _print_summary(console, report)
    if not all(r.readable for r in reports):
        return EXIT_USAGE
    return EXIT_OK if all(r.ok for r in reports) else EXIT_INVALID


def _check_routing(report: CheckReport, config: Config) -> None:
    """A routed theme the agenda lacks is an error of the check: its group would
    silently never post (the ids the agenda has are named)."""
    from livetweet.agenda.problems import Problem
    from livetweet.config.routing import unknown_themes

    if report.agenda is None:
        return
    path = str(config.source) if config.source else "LIVETWEET_ROUTING"
    for unknown in unknown_themes(config, report.agenda):
        report.problems.append(
            Problem(path, unknown.line or 0, unknown.column, "error", unknown.message())
        )


def _safe(value: Any) -> Any:
    """``value`` with every string shown safely: paths, ids and stage names are the
    clerk's text, and a terminal may show the JSON."""
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, dict):
        return {_safe(k): _safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe(v) for v in value]
    return value


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
    path = terminal_safe(report.path, keep_newlines=False)
    if errors:
        console.print(
            Text.assemble(
                ("✗", "bold red"),
                f" {path}: ",
                _("{errors} error(s), {warnings} warning(s)").format(
                    errors=errors, warnings=warnings
                ),
            ),
            soft_wrap=True,
        )
        return
    summary = report.summary
    console.print(
        Text.assemble(
            ("✓", "bold green"),
            f" {path}: ",
            _(
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
        table.add_row(
            DISPLAY_NAMES[network],
            f"{longest.length}/{longest.limit}",
            Text(terminal_safe(where, keep_newlines=False)),  # ids and stage names: literal
        )
    console.print(table)


#: The skeleton's first line points editors at this file, next to the agenda.
SCHEMA_FILE = "agenda.schema.json"


def schema_text() -> str:
    from livetweet.agenda.schema import agenda_json_schema

    return json.dumps(agenda_json_schema(), ensure_ascii=False, indent=2) + "\n"


def cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return EXIT_OK


def skeleton_text() -> str:
    data = resources.files("livetweet.agenda") / "data" / "skeleton.yaml"
    return data.read_text(encoding="utf-8")


def _shown(path: Path) -> str:
    return terminal_safe(str(path), keep_newlines=False)


def cmd_new(args: argparse.Namespace) -> int:
    text = skeleton_text()
    if args.file is None:
        sys.stdout.write(text)
        print(
            _(
                "The first line points editors at {schema} next to the agenda; write it with: "
                "livetweet agenda schema > {schema}"
            ).format(schema=SCHEMA_FILE),
            file=sys.stderr,
        )
        return EXIT_OK
    target = Path(args.file)
    if target.exists() and not args.force:
        print(
            _("{path}: already exists (use --force to overwrite)").format(path=_shown(target)),
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{_shown(target)}: {os_error(exc)}", file=sys.stderr)
        return EXIT_USAGE
    print(
        _("{path}: written; check it with: livetweet agenda check {path}").format(
            path=_shown(target)
        )
    )
    _write_schema_next_to(target)
    return EXIT_OK


def _write_schema_next_to(agenda: Path) -> None:
    """Write the schema the skeleton's modeline points at, so the clerk's editor
    completes keys at once; a file of that name that is not livetweet's is kept."""
    schema = agenda.parent / SCHEMA_FILE
    text = schema_text()
    try:
        if schema.exists():
            small = schema.is_file() and schema.stat().st_size <= 1024 * 1024
            current = schema.read_text(encoding="utf-8", errors="replace") if small else ""
            if current == text:
                return
            if '"title": "livetweet agenda' not in current:
                print(
                    _("{path}: exists and is not livetweet's schema; left as it is").format(
                        path=_shown(schema)
                    ),
                    file=sys.stderr,
                )
                return
        schema.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{_shown(schema)}: {exc.strerror}", file=sys.stderr)
        return
    print(
        _("{path}: written, for the editor (the agenda's first line points at it)").format(
            path=_shown(schema)
        )
    )
