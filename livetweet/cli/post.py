"""`livetweet post` and `livetweet resume`: the command-line door to the outbox.

Both go through exactly the pipeline the TUI uses (journal, outbox, publishers),
so a post sent here is journalled, retried and reconciled the same way.
Exit: 0 everything posted; 1 something failed, is still queued or uncertain
(each listed), or the item may not be posted; 2 usage, configuration or
journal error.
"""

from __future__ import annotations

import argparse
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from livetweet.cli.post_media import add_media_arguments
from livetweet.i18n import _, detect_language, set_language

if TYPE_CHECKING:
    from livetweet.agenda import Agenda
    from livetweet.config import Config
    from livetweet.publishing import Outbox, Publisher
    from livetweet.text.networks import Network

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
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
    post.add_argument("--journal", type=Path, help=_("journal file (default: a new one)"))
    post.add_argument("--agenda", type=Path, help=_("agenda file, to check --item"))
    post.add_argument("--item", help=_("agenda item id the post is about"))
    post.add_argument("--stage", help=_("stage name (intro, adopted...)"))
    post.add_argument("--reply-to", dest="reply_to", help=_("post id to reply to"))
    post.add_argument(
        "--override",
        action="store_true",
        help=_("post even for a closed or do-not-post item (journalled)"),
    )
    add_media_arguments(post)
    post.add_argument("text", metavar="TEXT", help=_("the text, or - for stdin"))
    post.set_defaults(func=run_post)

    resume = sub.add_parser(
        "resume",
        help=_("send what a journal still has queued; list what is uncertain"),
    )
    _common(resume)
    resume.add_argument("--journal", type=Path, required=True, help=_("journal file"))
    resume.add_argument(
        "--published",
        action="append",
        default=[],
        metavar="REF[=POST_ID]",
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
    resume.add_argument("--retry", action="append", default=[], metavar="REF")
    resume.add_argument("--cancel", action="append", default=[], metavar="REF")
    resume.set_defaults(func=run_resume)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help=_("configuration file"))
    parser.add_argument(
        "--max-wait",
        dest="max_wait",
        type=float,
        default=DEFAULT_MAX_WAIT,
        metavar="SECONDS",
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


def _publishers(config: Config, journal_path: Path, language: str | None = None) -> list[Publisher]:
    from livetweet.publishing.factory import build_publishers

    return build_publishers(config, journal_path=journal_path, language=language)


def _limits(config: Config, err: Console) -> dict[Network, int]:
    """Each network's limit where it is not the built-in one (a Mastodon instance's)."""
    from livetweet.publishing.factory import character_limits

    limits, notices = character_limits(config)
    for notice in notices:
        err.print(f"[yellow]{escape(notice)}[/]")
    return limits


def _open(args: argparse.Namespace, journal_path: Path, config: Config) -> Outbox:
    from livetweet.config import ConfigError
    from livetweet.publishing import JournalError, Outbox

    agenda = _load_agenda(args.agenda) if getattr(args, "agenda", None) else None
    try:
        publishers = _publishers(config, journal_path, agenda.session.language if agenda else None)
    except ConfigError as error:
        raise CliError(str(error)) from None
    try:
        return Outbox.open(
            journal_path,
            publishers,
            session_id=agenda.session.id if agenda else None,
            operator=config.operator,
            thread_mode=config.thread_mode,
            agenda=agenda,
            secrets=config.secret_values(),
        )
    except JournalError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{journal_path}: {error.strerror or error}") from None


def _load_agenda(path: Path) -> Agenda:
    from livetweet.agenda import AgendaError, load_agenda

    try:
        return load_agenda(path)
    except AgendaError as error:  # its message lists every FILE:LINE:COL problem
        raise CliError(str(error)) from None


def _banner(outbox: Outbox, err: Console, journal_path: Path) -> None:
    if outbox.dry_run:
        err.print(
            "[bold white on red] "
            + escape(_("DRY RUN — nothing is published"))
            + " [/] "
            + escape(_("(posts go to a local file next to {journal})").format(journal=journal_path))
        )


# -- commands ---------------------------------------------------------------------------


def run_post(args: argparse.Namespace) -> int:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        text = sys.stdin.read() if args.text == "-" else args.text
        if not text.strip():
            raise CliError(_("Nothing to post: the text is empty."))
        config = _load_config(args.config)
        if args.media:
            _refuse_media(args, config, err)
        journal_path = args.journal or (
            config.journal_dir / f"post-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.jsonl"
        )
        outbox = _open(args, journal_path, config)
    except CliError as error:
        err.print(f"[red]{escape(str(error))}[/]")
        return EXIT_USAGE
    with outbox:
        _banner(outbox, err, journal_path)
        from livetweet.publishing import ItemNotPostable, JournalError, OutboxError
        from livetweet.text import split_thread

        limits = _limits(config, err)
        texts = {n: split_thread(text.strip(), n, limit=limits.get(n)) for n in outbox.networks}
        try:
            outbox.submit(
                texts,
                args.item,
                args.stage,
                reply_to_id=args.reply_to,
                override=args.override,
            )
        except JournalError as error:
            err.print(f"[red]{escape(str(error))}[/]")
            return EXIT_USAGE
        except ItemNotPostable as error:
            err.print(f"[red]{escape(str(error))}[/] " + escape(_("Use --override to insist.")))
            return EXIT_FAILED
        except OutboxError as error:
            err.print(f"[red]{escape(str(error))}[/]")
            return EXIT_FAILED
        if not args.journal:
            err.print(escape(_("Journal: {path}").format(path=journal_path)))
        return _flush(outbox, args.max_wait, err)


def _refuse_media(args: argparse.Namespace, config: Config, err: Console) -> None:
    """Check the photos and show what would be attached, then stop: the outbox cannot
    carry photos yet, and the text must not leave without them."""
    from livetweet.cli.post_media import MediaUsageError, describe, prepare_attachments

    try:
        attachments = prepare_attachments(args.media, config)
    except MediaUsageError as error:
        raise CliError(str(error)) from None
    for line in describe(attachments):
        err.print(escape(line))
    raise CliError(
        _(
            "Posting photos is not available yet: nothing was sent. "
            "Post the text without --media, or add the photos from the network's own app."
        )
    )


def run_resume(args: argparse.Namespace) -> int:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if not args.journal.is_file():
        err.print(f"[red]{escape(str(args.journal))}: {escape(_('no such journal'))}[/]")
        return EXIT_USAGE
    try:
        outbox = _open(args, args.journal, _load_config(args.config))
    except CliError as error:
        err.print(f"[red]{escape(str(error))}[/]")
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
        except OutboxError as error:
            err.print(f"[red]{escape(str(error))}[/]")
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
        err.print(f"[red]{escape(str(error))}[/]")
        return EXIT_USAGE
    by_ref = {r.ref: r for r in outbox.timeline()}
    for ref in report.posted:
        record = by_ref[ref]
        print(f"{record.network}\t{record.post_id}\t{record.url}", flush=True)
    pending = [
        (ref, label)
        for refs, label in (
            (report.failed, _("failed")),
            (report.uncertain, _("uncertain")),
            (report.queued, _("still queued")),
        )
        for ref in refs
    ]
    for ref, label in pending:
        record = by_ref[ref]
        reason = f" — {record.reason}" if record.reason else ""
        err.print(
            f"[yellow]{record.network} {ref} ({record.position}/{record.count}) "
            f"{escape(label)}{escape(reason)}[/]: {escape(_excerpt(record.text))}"
        )
    if report.uncertain:
        err.print(
            escape(
                _(
                    "Check the account, then: livetweet resume --journal {path} "
                    "--published REF[=POST_ID] | --not-published REF"
                ).format(path=outbox.journal.path)
            )
        )
    return EXIT_FAILED if pending else EXIT_OK


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
