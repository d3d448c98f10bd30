"""`livetweet audit verify FILE` and `livetweet audit show FILE [--account ID]`.

verify: exit 0 intact (prints the last hash: keep it elsewhere, it is what
proves later that nothing was cut off the end, with ``--expect HASH``), 1 broken
(first bad line and why, the expected entry is gone, or the journal holds fewer
entries than this computer wrote to it), 2 no such or unreadable file, or not a
regular file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from livetweet.cli.exit_codes import EXIT_BROKEN, EXIT_OK, EXIT_USAGE
from livetweet.cli.output import shown
from livetweet.i18n import _, os_error
from livetweet.publishing.journal import (
    Entry,
    JournalError,
    Verification,
    journal_shortfall,
    verify_journal,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("audit", help=_("check or show a session journal"))
    actions = parser.add_subparsers(dest="audit_command", required=True, metavar=_("ACTION"))
    verify = actions.add_parser("verify", help=_("check the journal's hash chain"))
    verify.add_argument("file", type=Path, metavar=_("FILE"), help=_("journal file"))
    verify.add_argument(
        "--expect",
        metavar=_("HASH"),
        help=_("a hash noted earlier (at least 8 characters): fail if that entry is gone"),
    )
    verify.set_defaults(func=run_verify)
    show = actions.add_parser("show", help=_("show the journal as a table"))
    show.add_argument("file", type=Path, metavar=_("FILE"), help=_("journal file"))
    show.add_argument("--last", type=int, metavar="N", help=_("only the last N rows"))
    show.add_argument(
        "--type",
        dest="types",
        action="append",
        metavar="TYPE",
        help=_("only entries of this type (posted, failed, uncertain...); repeatable"),
    )
    show.add_argument(
        "--account",
        metavar="ID",
        help=_(
            "only the posts of this account: its id in the configuration (x, mastodon "
            "or bluesky for a network's default account)"
        ),
    )
    show.set_defaults(func=run_show)


def _read(path: Path, err: Console) -> Verification | None:
    try:
        return verify_journal(path)
    except FileNotFoundError:
        err.print("[red]" + _cell(str(path)) + ": " + _cell(_("no such file")) + "[/]")
    except JournalError as error:  # a device, a pipe, a directory
        err.print(f"[red]{_cell(str(error))}[/]")
    except OSError as error:
        err.print(f"[red]{_cell(str(path))}: {_cell(os_error(error))}[/]")
    return None


def run_verify(args: argparse.Namespace) -> int:
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    result = _read(args.file, err)
    if result is None:
        return EXIT_USAGE
    if not result.ok:
        err.print(f"[red]{_cell(f'{args.file}:{result.error_line}: {result.error}')}[/]")
        return EXIT_BROKEN
    short = journal_shortfall(result)
    if short is not None:
        err.print(f"[red]{_cell(short.message(args.file))}[/]")
        return EXIT_BROKEN
    expected = (args.expect or "").strip().lower()
    if expected and (
        len(expected) < 8 or not any(e.hash.startswith(expected) for e in result.entries)
    ):
        err.print(
            "[red]"
            + _cell(
                _(
                    "{file}: no entry has the hash {hash}: entries were cut off the end, "
                    "or this is another journal"
                ).format(file=args.file, hash=args.expect)
            )
            + "[/]"
        )
        return EXIT_BROKEN
    if not result.entries:
        out.print(_cell(_("{file}: empty journal").format(file=args.file)))
        return EXIT_OK
    out.print(
        _cell(
            _("{file}: intact, {n} entries, session {session}").format(
                file=args.file, n=len(result.entries), session=result.session_id
            )
        )
    )
    out.print(
        _cell(_("last entry {seq}, hash {hash}")).format(
            seq=result.entries[-1].seq, hash=result.last_hash
        )
    )
    if result.torn_tail_line is not None:
        err.print(
            "[yellow]"
            + _cell(
                _(
                    "{file}:{line}: incomplete last entry (the app stopped mid-write; "
                    "it was never acted on)"
                ).format(file=args.file, line=result.torn_tail_line)
            )
            + "[/]"
        )
    out.print(
        _cell(_("Keep this hash elsewhere: it proves later that nothing was cut off the end."))
    )
    return EXIT_OK


_POST_TYPES = frozenset({"queued", "sending", "posted", "failed", "uncertain", "reconciled"})


def _accounts(entries: list[Entry]) -> dict[str, str]:
    """Every account of the session: its id -> its network. A journal older than
    accounts names networks only: each is then its default account's id."""
    accounts: dict[str, str] = {}
    for entry in entries:
        if entry.type in ("session_opened", "session_resumed"):
            networks = dict(entry.get("account_networks") or {})
            for account_id in dict(entry.get("accounts") or {}):
                accounts[str(account_id)] = str(networks.get(account_id, account_id))
        elif entry.type == "queued":
            network = str(entry.get("network", ""))
            accounts[str(entry.get("account_id") or network)] = network
    return accounts


def _shared_network(accounts: dict[str, str]) -> bool:
    """Whether two accounts post to one network: the table then names the account."""
    return len(set(accounts.values())) < len(accounts)


def _describe(entry: Entry, texts: dict[str, tuple[str, str, str]]) -> tuple[str, str, str, str]:
    """(network, item, text excerpt, post id / URL or detail) for one entry."""
    ref = entry.get("ref")
    network, item, text = texts.get(ref, ("", "", "")) if ref else ("", "", "")
    detail = ""
    if entry.type in ("posted", "reconciled", "resolved") and entry.get("post_id"):
        detail = f"{entry.get('post_id')} {entry.get('url') or ''}".strip()
    elif entry.get("reason"):
        detail = str(entry.get("reason"))
    elif entry.type == "vote_recorded":
        detail = (
            f"{entry.get('for')} / {entry.get('against')} / {entry.get('abstain')}"
            f" — {entry.get('outcome')}"
        )
        item = str(entry.get("item") or "")
    elif entry.type in ("item_started", "override"):
        item = str(entry.get("item") or "")
        detail = str(entry.get("why") or "")
    elif entry.type == "corrected":
        detail = _("corrects entry {seq} by {refs}").format(
            seq=entry.get("entry"), refs=", ".join(entry.get("by") or [])
        )
    if ref:
        detail = f"{ref} {detail}".strip()
    excerpt = text if entry.type in ("queued", "posted") else ""
    return network, item, excerpt, detail


def _cell(value: str) -> str:
    """A journal field on one line: a journal is an input too (edited, or written by
    another tool)."""
    return shown(value, keep_newlines=False)


def run_show(args: argparse.Namespace) -> int:
    out = Console(width=None if sys.stdout.isatty() else 160)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    result = _read(args.file, err)
    if result is None:
        return EXIT_USAGE
    accounts = _accounts(result.entries)
    if args.account is not None and args.account not in accounts:
        message = _("{file}: no account {account} in this journal (its accounts: {accounts})")
        err.print(
            "[red]"
            + _cell(
                message.format(
                    file=args.file,
                    account=args.account,
                    accounts=", ".join(accounts) or "—",
                )
            )
            + "[/]"
        )
        return EXIT_USAGE
    by_account = _shared_network(accounts)
    day = str(result.entries[0].get("ts", ""))[:10] if result.entries else ""
    table = Table(title=_cell(f"{args.file} — {result.session_id or ''} {day} (UTC)"))
    columns = [_("#"), _("time"), _("operator"), _("type"), _("net")]
    for column in [*columns, _("account"), _("item")] if by_account else [*columns, _("item")]:
        table.add_column(column, no_wrap=True)
    table.add_column(_("text"), overflow="fold", ratio=3, min_width=24)
    table.add_column(_("post / detail"), overflow="fold", ratio=2, min_width=16)
    texts: dict[str, tuple[str, str, str]] = {}
    account_of: dict[str, str] = {}  # ref -> account id
    rows: list[tuple[str, ...]] = []
    for entry in result.entries:
        ref = str(entry.get("ref"))
        if entry.type == "queued":
            flat = " ".join(str(entry.get("text", "")).split())
            texts[ref] = (
                str(entry.get("network", "")),
                str(entry.get("item") or ""),
                flat if len(flat) <= 80 else flat[:79] + "…",
            )
            account_of[ref] = str(entry.get("account_id") or entry.get("network", ""))
        if args.types and entry.type not in args.types:
            continue
        if args.account is not None and account_of.get(ref) != args.account:
            continue
        network, item, excerpt, detail = _describe(entry, texts)
        account = [_cell(account_of.get(ref, ""))] if by_account else []
        rows.append(
            (
                str(entry.seq),
                _cell(str(entry.get("ts", ""))[11:19]),
                _cell(str(entry.get("operator", ""))),
                _cell(entry.type),
                _cell(network),
                *account,
                _cell(item),
                _cell(excerpt),
                _cell(detail),
            )
        )
    for row in rows[-args.last :] if args.last else rows:
        table.add_row(*row)
    out.print(table)
    if not result.ok:
        err.print(f"[red]{_cell(f'{args.file}:{result.error_line}: {result.error}')}[/]")
        return EXIT_BROKEN
    return EXIT_OK
