"""`livetweet post` and `livetweet resume`: the command-line door to the outbox.

Both go through exactly the pipeline the TUI uses (journal, outbox, publishers),
so a post sent here is journalled, retried and reconciled the same way.
Exit: 0 everything posted; 1 something failed, is still queued or uncertain
(each listed), or the item may not be posted; 2 usage, configuration or
journal error, or a text refused before anything is queued: a thread of more
posts on a network than ``max_thread_parts`` (``--max-parts N`` raises it), or
one character too long for any post.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from livetweet.cli.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from livetweet.cli.output import shown
from livetweet.cli.post_media import add_media_arguments
from livetweet.i18n import _, detect_language, os_error, set_language
from livetweet.text.display import control_characters, terminal_safe
from livetweet.text.networks import NETWORKS

if TYPE_CHECKING:
    from livetweet.agenda import Agenda
    from livetweet.config import Config
    from livetweet.media import PreparationCache
    from livetweet.publishing import Outbox
    from livetweet.publishing.attachments import MediaAttachment
    from livetweet.publishing.factory import CharacterLimits
    from livetweet.text.networks import Network

DEFAULT_MAX_WAIT = 120.0


class CliError(Exception):
    """A usage, configuration or journal problem: printed, exit 2."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    post = sub.add_parser(
        "post",
        help=_("post a text (as a thread if needed) to every configured network"),
        description=_("Post TEXT through the journalled outbox; '-' reads it from stdin."),
    )
    _common(post)
    post.add_argument(
        "--journal", type=Path, metavar=_("FILE"), help=_("journal file (default: a new one)")
    )
    post.add_argument(
        "--agenda", type=Path, metavar=_("FILE"), help=_("agenda file, to check --item")
    )
    post.add_argument(
        "--item",
        metavar=_("ITEM"),
        help=_("agenda item id the post is about (with --agenda: posted where its theme routes)"),
    )
    post.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="ID",
        help=_("post only to this account (repeatable; default: where the routing says)"),
    )
    post.add_argument("--stage", metavar=_("STAGE"), help=_("stage name (intro, adopted...)"))
    post.add_argument(
        "--reply-to",
        dest="reply_to",
        metavar=_("POST_ID"),
        help=_("post id to reply to (a post of one account: with several, name it with --account)"),
    )
    post.add_argument(
        "--override",
        action="store_true",
        help=_("post even for a closed or do-not-post item (journalled)"),
    )
    add_media_arguments(post)
    post.add_argument(
        "--max-parts",
        dest="max_parts",
        type=_at_least_one,
        metavar="N",
        help=_("allow up to N posts per network (default: max_thread_parts, 25)"),
    )
    post.add_argument("text", metavar=_("TEXT"), help=_("the text, or - for stdin"))
    post.set_defaults(func=run_post)

    resume = sub.add_parser(
        "resume",
        help=_("send what a journal still has queued; list what is uncertain"),
    )
    _common(resume)
    resume.add_argument(
        "--journal", type=Path, required=True, metavar=_("FILE"), help=_("journal file")
    )
    resume.add_argument(
        "--published",
        action="append",
        default=[],
        metavar=_("REF[=POST_ID]"),
        help=_("mark an uncertain post as published (you checked the account)"),
    )
    resume.add_argument(
        "--not-published",
        dest="not_published",
        action="append",
        default=[],
        metavar="REF",
        help=_("mark an uncertain post as not published: it will be sent"),
    )
    resume.add_argument(
        "--retry", action="append", default=[], metavar="REF", help=_("send a failed post again")
    )
    resume.add_argument(
        "--cancel",
        action="append",
        default=[],
        metavar="REF",
        help=_("withdraw a queued or failed post: it will not be sent"),
    )
    resume.add_argument(
        "--standalone",
        action="append",
        default=[],
        metavar="THREAD",
        help=_("after a refused reply: post the rest of THREAD as standalone numbered posts"),
    )
    resume.set_defaults(func=run_resume)


def _at_least_one(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(_("a whole number of 1 or more"))
    return int(value)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar=_("FILE"), help=_("configuration file"))
    parser.add_argument(
        "--accept-missing",
        dest="accept_missing",
        type=int,
        metavar="N",
        help=_(
            "go on with a journal that lacks its last N entries (cut, or an older copy); "
            "its waiting posts are looked up on the network before being sent"
        ),
    )
    parser.add_argument(
        "--max-wait",
        dest="max_wait",
        type=float,
        default=DEFAULT_MAX_WAIT,
        metavar=_("SECONDS"),
        help=_("give up waiting for retries after this long (default: %(default)s)"),
    )


# -- set-up ---------------------------------------------------------------------------


def _load_config(path: Path | None) -> Config:
    from livetweet.config import ConfigError, load_config

    try:
        config = load_config(path)
    except ConfigError as error:
        raise CliError(str(error)) from None
    set_language(detect_language(config.language))
    return config


def _limits(config: Config, err: Console) -> CharacterLimits:
    """How to count where it differs from the built-in rules (a Mastodon instance's)."""
    from livetweet.publishing.factory import character_limits

    found = character_limits(config)
    for notice in found.notices:
        err.print(f"[yellow]{shown(notice)}[/]")
    return found


def open_outbox(
    config: Config,
    journal_path: Path,
    *,
    agenda: Agenda | None = None,
    accept_missing: int | None = None,
    preparations: PreparationCache | None = None,
) -> Outbox:
    """The session's outbox on ``journal_path``, as every command opens it (``run`` too);
    raises ``CliError`` with a message for the operator. ``preparations``: photos
    already prepared for the networks (by ``--media``'s check), not prepared again."""
    from livetweet.config import ConfigError
    from livetweet.publishing import JournalError, Outbox
    from livetweet.publishing.factory import build_publishers

    try:
        return Outbox.open(
            journal_path,
            build_publishers(
                config,
                journal_path=journal_path,
                language=agenda.session.language if agenda else None,
            ),
            session_id=agenda.session.id if agenda else None,
            operator=config.operator,
            thread_mode=config.thread_mode,
            agenda=agenda,
            secrets=config.secret_values(),
            accept_missing=accept_missing,
            require_alt_text=config.require_alt_text,
            preparations=preparations,
        )
    except (ConfigError, JournalError) as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{journal_path}: {os_error(error)}") from None


def _open(
    args: argparse.Namespace,
    journal_path: Path,
    config: Config,
    agenda: Agenda | None = None,
    preparations: PreparationCache | None = None,
) -> Outbox:
    return open_outbox(
        config,
        journal_path,
        agenda=agenda,
        accept_missing=args.accept_missing,
        preparations=preparations,
    )


def _checked_agenda(args: argparse.Namespace, config: Config, err: Console) -> Agenda | None:
    """``--agenda`` with ``--item`` checked; routed themes it lacks are said (a warning:
    the post still goes where the routing sends it)."""
    if not getattr(args, "agenda", None):
        return None
    agenda = _load_agenda(args.agenda)
    if getattr(args, "item", None):
        _check_item_id(agenda, args.agenda, args.item)
    from livetweet.config.routing import unknown_themes

    for unknown in unknown_themes(config, agenda):
        warning = _("Warning: {problem} (its group will not post those items)")
        err.print(f"[yellow]{shown(warning.format(problem=unknown.located(config)))}[/]")
    return agenda


def _destinations(args: argparse.Namespace, config: Config, agenda: Agenda | None) -> list[str]:
    """The account ids to post to: ``--account`` (each must be one posts can go to),
    else where the routing sends the item's theme (no item or no theme: the groups
    routed "all"; no routing: every account), in configuration order. ``--reply-to``
    (a correction from the command line) needs exactly one: the post's own account."""
    found = _routed(args, config, agenda)
    if args.reply_to and len(found) > 1:  # a post id means something on one account only
        raise CliError(
            _(
                "--reply-to names a post of one account, but this text would go to {accounts}: "
                "name that account with --account ID."
            ).format(accounts=", ".join(found))
        )
    return found


def _routed(args: argparse.Namespace, config: Config, agenda: Agenda | None) -> list[str]:
    from livetweet.config.routing import route

    active = [a.id for a in config.active_accounts()]
    if args.account:
        unknown = [a for a in dict.fromkeys(args.account) if a not in active]
        if unknown:
            raise CliError(
                _("No account {ids} to post to; the accounts are: {known}.").format(
                    ids=", ".join(terminal_safe(a, keep_newlines=False) for a in unknown),
                    known=", ".join(active),
                )
            )
        return [a for a in active if a in args.account]
    item = agenda.item(args.item) if agenda is not None and args.item else None
    theme = item.theme if item is not None else None
    found = route(config, theme)
    if not found:
        if theme is None:
            reason = _('No account to post to: no group is routed "all" (routing).')
        else:
            reason = _(
                'No account to post to: no group is routed the theme {theme} nor "all" (routing).'
            ).format(theme=terminal_safe(theme, keep_newlines=False))
        raise CliError(reason + " " + _("Name the accounts with --account ID."))
    return found


def _load_agenda(path: Path) -> Agenda:
    from livetweet.agenda import AgendaError, load_agenda

    try:
        return load_agenda(path)
    except AgendaError as error:  # its message lists every FILE:LINE:COL problem
        raise CliError(str(error)) from None


def _check_item_id(agenda: Agenda, path: Path, item_id: str) -> None:
    """An unknown --item is a typo: name what was meant, before anything is journalled."""
    if agenda.item(item_id) is not None:
        return
    ids = [item.id for item in agenda.items]
    meant = [item.id for item in agenda.items if item.number == item_id]
    meant = meant or difflib.get_close_matches(item_id, ids, n=3, cutoff=0.6)
    if meant:
        hint = _("Did you mean {ids}?").format(ids=", ".join(meant))
    else:
        hint = _("Its items: {ids}.").format(ids=", ".join(ids) or "—")
    message = _("{path}: no item {item} in this agenda.").format(
        path=terminal_safe(str(path), keep_newlines=False),
        item=terminal_safe(item_id, keep_newlines=False),
    )
    raise CliError(f"{message} {hint}")


def _draft(text: str) -> str:
    """TEXT, or standard input for ``-``; bytes that are not UTF-8 are refused, never
    posted as mojibake (argv hands them over as surrogates, stdin as bytes)."""
    if text == "-":
        raw, source = sys.stdin.buffer.read(), _("standard input")
    else:
        raw, source = os.fsencode(text), _("TEXT")
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise CliError(
            _(
                "{source}, line {line}: not UTF-8 (byte 0x{byte:02x}); save the text as UTF-8."
            ).format(source=source, line=line, byte=raw[error.start])
        ) from None
    found = control_characters(text, allow_newlines=True)
    if found:  # an escape sequence or a reordering mark: no network wants it, a reader is fooled
        at, char = found[0]
        raise CliError(
            _(
                "{source}, line {line}: a control character ({char}); nothing was posted: "
                "remove it."
            ).format(source=source, line=text.count("\n", 0, at) + 1, char=terminal_safe(char))
        )
    return text


def _banner(outbox: Outbox, err: Console, journal_path: Path) -> None:
    if outbox.dry_run:
        err.print(
            "[bold white on red] "
            + shown(_("DRY RUN — nothing is published"))
            + " [/] "
            + shown(_("(posts go to a local file next to {journal})").format(journal=journal_path))
        )
        if any(account not in NETWORKS for account in outbox.accounts):  # declared accounts
            err.print(
                shown(
                    _("Simulated accounts: {accounts}").format(
                        accounts=", ".join(
                            account_label(a, outbox.publisher(a).network) for a in outbox.accounts
                        )
                    )
                )
            )


# -- commands ---------------------------------------------------------------------------


def run_post(args: argparse.Namespace) -> int:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        text = _draft(args.text)
        if not text.strip():
            raise CliError(_("Nothing to post: the text is empty."))
        config = _load_config(args.config)
        photos, preparations = _photos(args, config, err)
        agenda = _checked_agenda(args, config, err)
        accounts = _destinations(args, config, agenda)
        journal_path = args.journal or (
            config.journal_dir / f"post-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.jsonl"
        )
        outbox = _open(args, journal_path, config, agenda, preparations)
    except CliError as error:
        err.print(f"[red]{shown(str(error))}[/]")
        return EXIT_USAGE
    with outbox:
        _banner(outbox, err, journal_path)
        from livetweet.publishing import ItemNotPostable, JournalError, OutboxError
        from livetweet.text import ClusterTooLong, split_thread

        limits = _limits(config, err)
        networks = {a: outbox.publisher(a).network for a in accounts}
        try:  # each account split by its network's rules, with its own instance's limit
            by_account = {
                a: split_thread(
                    text.strip(),
                    network,
                    limit=limits.limit(a, network),
                    url_weight=limits.url_weight(a, network),
                )
                for a, network in networks.items()
            }
        except ClusterTooLong as error:
            err.print(f"[red]{shown(str(error))}[/]")
            return EXIT_USAGE
        flood = _over_max_parts(by_account, networks, args.max_parts or config.max_thread_parts)
        if flood is not None:
            err.print(f"[red]{shown(flood)}[/]")
            return EXIT_USAGE
        try:
            outbox.submit(
                by_account,
                args.item,
                args.stage,
                reply_to_id=args.reply_to,
                override=args.override,
                media=photos,
            )
        except JournalError as error:
            err.print(f"[red]{shown(str(error))}[/]")
            return EXIT_USAGE
        except ItemNotPostable as error:
            err.print(f"[red]{shown(str(error))}[/] " + shown(_("Use --override to insist.")))
            return EXIT_FAILED
        except OutboxError as error:
            err.print(f"[red]{shown(str(error))}[/]")
            return EXIT_FAILED
        if not args.journal:
            err.print(shown(_("Journal: {path}").format(path=journal_path)))
        outbox.prefetch(by_account)  # journalled first: a slow page delays, never loses, the post
        return _flush(outbox, args.max_wait, err)


def _over_max_parts(
    texts: dict[str, list[str]], networks: dict[str, Network], max_parts: int
) -> str | None:
    """Why a thread is refused as a flood (more posts than allowed on an account), or None."""
    for account_id, parts in texts.items():
        if len(parts) > max_parts:
            return _(
                "Nothing was posted: this text makes {n} posts on {network}, more than the "
                "{max} allowed (max_thread_parts). Shorten it, or give --max-parts {n}."
            ).format(
                n=len(parts), network=account_label(account_id, networks[account_id]), max=max_parts
            )
    return None


def account_label(account_id: str, network: Network) -> str:
    """ "Mastodon" for a network's default account, "Mastodon (mobilite-mastodon)" else."""
    from livetweet.text import DISPLAY_NAMES

    name = DISPLAY_NAMES[network]
    return name if account_id == network else f"{name} ({account_id})"


def _photos(
    args: argparse.Namespace, config: Config, err: Console
) -> tuple[list[MediaAttachment], PreparationCache | None]:
    """The photos of ``--media``, checked and prepared for each network (shown), and
    the preparations the outbox reuses at upload; raises ``CliError``."""
    if not args.media:
        return [], None
    from livetweet.cli.post_media import MediaUsageError, describe, prepare_attachments
    from livetweet.media import PreparationCache
    from livetweet.publishing.attachments import MediaAttachment

    cache = PreparationCache()
    try:
        attachments = prepare_attachments(args.media, config, cache)
    except MediaUsageError as error:
        raise CliError(str(error)) from None
    for line in describe(attachments):
        err.print(shown(line))
    return [MediaAttachment(a.path, a.alt, a.focus) for a in attachments], cache


def run_resume(args: argparse.Namespace) -> int:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if not args.journal.is_file():
        err.print("[red]" + shown(str(args.journal)) + ": " + shown(_("no such journal")) + "[/]")
        return EXIT_USAGE
    try:
        config = _load_config(args.config)
        outbox = _open(args, args.journal, config, _checked_agenda(args, config, err))
    except CliError as error:
        err.print(f"[red]{shown(str(error))}[/]")
        return EXIT_USAGE
    with outbox:
        _banner(outbox, err, args.journal)
        from livetweet.publishing import OutboxError

        try:
            for spec in args.published:
                ref, _sep, post_id = spec.partition("=")
                outbox.resolve_uncertain(ref, published=True, post_id=post_id or None)
            for ref in args.not_published:
                outbox.resolve_uncertain(ref, published=False)
            for ref in args.retry:
                outbox.retry(ref)
            for ref in args.cancel:
                outbox.cancel(ref)
            for thread in args.standalone:
                waiting = [
                    r
                    for r in outbox.timeline()
                    if r.thread_id == thread and r.state in ("queued", "failed")
                ]
                if not waiting:
                    raise OutboxError(
                        _("Thread {thread} has no post waiting to be sent.").format(thread=thread)
                    )
                outbox.convert_thread_to_standalone(thread)
        except OutboxError as error:
            err.print(f"[red]{shown(str(error))}[/]")
            return EXIT_USAGE
        return _flush(outbox, args.max_wait, err)


def _flush(outbox: Outbox, max_wait: float, err: Console) -> int:
    """Process the queue, print one line per post published, list the rest."""
    from livetweet.publishing import JournalError

    stop = threading.Event()
    try:
        report = outbox.process(stop, max_wait=max(0.0, max_wait))
    except KeyboardInterrupt:
        stop.set()
        raise
    except JournalError as error:
        err.print(f"[red]{shown(str(error))}[/]")
        return EXIT_USAGE
    by_ref = {r.ref: r for r in outbox.timeline()}
    for ref in report.posted:
        record = by_ref[ref]
        line = f"{record.account_id}\t{record.post_id}\t{record.url}"
        print(terminal_safe(line, keep_newlines=False), flush=True)  # ids come from the network
        for warning in record.warnings:
            err.print(f"[yellow]{shown(warning)}[/]")
    for ref in report.found:
        record = by_ref[ref]
        err.print(
            f"[green]{record.account_id} {ref} ({record.position}/{record.count}) "
            + shown(_("found on the network: already published, not sent again"))
            + f"[/] {shown(record.url or record.post_id or '')}"
        )
    pending = [
        (ref, label)
        for refs, label in (
            (report.failed, _("failed")),
            (report.uncertain, _("uncertain")),
            (report.unknown, _("uncertain (the network could not be asked yet)")),
            (report.queued, _("still queued")),
        )
        for ref in refs
    ]
    for ref, label in pending:
        record = by_ref[ref]
        reason = f" — {record.reason}" if record.reason else ""
        err.print(
            f"[yellow]{record.account_id} {ref} ({record.position}/{record.count}) "
            f"{shown(label)}{shown(reason)}[/]: {shown(_excerpt(record.text))}"
        )
    path = outbox.journal.path
    if report.uncertain:
        err.print(
            shown(
                _(
                    "Check the account, then: livetweet resume --journal {path} "
                    "--published REF[=POST_ID] | --not-published REF"
                ).format(path=path)
            )
        )
    if report.unknown:
        err.print(
            shown(
                _(
                    "Run livetweet resume --journal {path} again later: the network is asked "
                    "before anything is sent."
                ).format(path=path)
            )
        )
    refused = sorted(
        {by_ref[r].thread_id for r in report.failed if by_ref[r].failure_kind == "reply_refused"}
    )
    for thread in refused:
        err.print(
            shown(
                _(
                    "The reply was refused: to post the rest of the thread as standalone "
                    "numbered posts: livetweet resume --journal {path} --standalone {thread}"
                ).format(path=path, thread=thread)
            )
        )
    return EXIT_FAILED if pending else EXIT_OK


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
