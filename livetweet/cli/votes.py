"""`livetweet votes JOURNAL [--agenda FILE] --item ID --for N --against N --abstain N`.

The clerk completes or corrects vote figures after the session: a new
``vote_recorded`` entry is appended (the journal's own append, hash-chained and
fsynced), checked against the members in office as the vote dialog checks
them. The report and the SCDL export use the latest record; the earlier one
stays in the journal and is shown as corrected. Exit: 0 recorded; 1 the counts
cannot be right or the journal is broken; 2 usage (unknown item, no such file,
journal in use).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console

from livetweet.cli.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from livetweet.cli.output import shown
from livetweet.i18n import _
from livetweet.text.display import terminal_safe


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(_("a whole number, 0 or more: {text!r}").format(text=text))
    return int(text)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "votes",
        help=_("record or correct an item's vote in a session journal"),
        description=_(
            "Append a vote record to the journal; the report uses the latest one and "
            "shows the earlier ones as corrected."
        ),
    )
    parser.add_argument("journal", type=Path, metavar="JOURNAL")
    parser.add_argument(
        "--agenda", type=Path, metavar=_("FILE"), help=_("the agenda: checks the item and members")
    )
    parser.add_argument("--item", required=True, metavar=_("ITEM"), help=_("agenda item id"))
    parser.add_argument("--for", dest="votes_for", type=_count, required=True, metavar="N")
    parser.add_argument("--against", type=_count, required=True, metavar="N")
    parser.add_argument("--abstain", type=_count, required=True, metavar="N")
    parser.add_argument("--operator", metavar=_("NAME"), help=_("who records it (default: login)"))
    parser.set_defaults(func=run_votes)


def _fail(err: Console, message: str, status: int) -> int:
    err.print(shown(terminal_safe(message)), style="red")
    return status


def run_votes(args: argparse.Namespace) -> int:
    from livetweet.agenda.render import VoteCounts
    from livetweet.agenda.votes import check_votes, outcome_of_votes
    from livetweet.cli.report import load_agenda_or_none
    from livetweet.config.model import default_operator
    from livetweet.publishing.journal import Journal, JournalError, verify_journal
    from livetweet.publishing.state import SessionState
    from livetweet.reporting.labels import outcome_label

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    agenda = load_agenda_or_none(args.agenda, err)
    if agenda is False:
        return EXIT_USAGE
    assert agenda is None or not isinstance(agenda, bool)
    if not args.journal.is_file():
        return _fail(err, _("{path}: no such file").format(path=args.journal), EXIT_USAGE)
    members = None
    if agenda is not None:
        item = agenda.item(args.item)
        if item is None:
            return _fail(
                err,
                _("No item {item} in the agenda.").format(item=args.item),
                EXIT_USAGE,
            )
        members = agenda.session.members_in_office
    votes = VoteCounts(for_=args.votes_for, against=args.against, abstain=args.abstain)
    problem = check_votes(votes, members)
    if problem:
        return _fail(err, problem, EXIT_INVALID)
    try:
        check = verify_journal(args.journal)
        if not check.ok:  # nothing is appended to a broken chain
            return _fail(err, f"{args.journal}:{check.error_line}: {check.error}", EXIT_INVALID)
        journal, entries = Journal.open(args.journal)
    except JournalError as error:  # in use by another process
        return _fail(err, str(error), EXIT_USAGE)
    except OSError as error:
        return _fail(err, f"{args.journal}: {error.strerror or error}", EXIT_USAGE)
    try:
        state = SessionState()
        for entry in entries:
            state.apply(entry)
        known = (
            set(state.items_started)
            | set(state.votes)
            | {p.item_id for p in state.posts.values() if p.item_id}
        )
        if agenda is None and args.item not in known:
            return _fail(
                err,
                _(
                    "The journal never mentions item {item}: give the agenda (--agenda FILE) "
                    "to record a vote for it."
                ).format(item=args.item),
                EXIT_USAGE,
            )
        if agenda is not None and agenda.session.id != journal.session_id:
            err.print(
                shown(
                    terminal_safe(
                        _("Note: the agenda is for session {agenda}, the journal for {journal}.")
                    ).format(agenda=agenda.session.id, journal=journal.session_id)
                ),
                style="yellow",
            )
        previous = state.votes.get(args.item)
        outcome = outcome_of_votes(votes)
        fields: dict[str, Any] = {
            "for": votes.for_,
            "against": votes.against,
            "abstain": votes.abstain,
        }
        entry = journal.append(
            "vote_recorded",
            operator=args.operator or default_operator(),
            item=args.item,
            outcome=outcome.value,
            source="votes",
            **fields,
        )
    except JournalError as error:
        return _fail(err, str(error), EXIT_USAGE)
    finally:
        journal.close()
    print(
        terminal_safe(
            _(
                "Vote recorded for {item}: {for_} for, {against} against, {abstain} abstentions "
                "({outcome}), journal entry {seq}."
            ).format(
                item=args.item,
                for_=votes.for_,
                against=votes.against,
                abstain=votes.abstain,
                outcome=outcome_label(outcome.value),
                seq=entry.seq,
            )
        )
    )
    if previous is not None:
        print(
            terminal_safe(
                _("It replaces {for_}/{against}/{abstain}, which stays in the record.").format(
                    for_=previous.votes_for, against=previous.against, abstain=previous.abstain
                )
            )
        )
    return EXIT_OK
