"""The SCDL « délibérations » CSV (schema 2.1.5) for the open-data portal.

One row per agenda item with a recorded vote (the latest record), the 17
columns in the schema's order. The schema requires the first seven columns:
when the agenda lacks the body's SIRET or an item's ACTES matter code, no file
is written and ``ScdlMissing`` names what is missing, for which items; a file
the portal would reject helps nobody.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from livetweet.agenda.actes import is_matter_code, matter_labels, siret_problem
from livetweet.i18n import _
from livetweet.reporting.model import ItemRecord, Report
from livetweet.text.display import terminal_safe

COLUMNS = (
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
)


@dataclass
class ScdlMissing(Exception):
    """What the agenda must say before the export can be written."""

    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.problems)


def matter_name(code: str) -> str:
    """``DELIB_MATIERE_NOM`` as the schema describes it: the level-1 and level-2 labels,
    lower case with their accents, without commas or parentheses, joined by ``/``."""

    def tidy(label: str) -> str:
        label = re.sub(r"[,()/]", " ", label.lower())
        return " ".join(label.split())

    return "/".join(tidy(label) for label in matter_labels(code))


def voted_items(report: Report) -> list[ItemRecord]:
    return [item for item in report.items if item.vote is not None]


def check_exportable(report: Report) -> list[str]:
    """Why no valid SCDL file can be written (empty: it can)."""
    problems = []
    if report.body is None:
        problems.append(_("The SCDL export needs the agenda (--agenda FILE)."))
        return problems
    if not report.siret:
        problems.append(
            _("The agenda has no session.siret: the body's SIRET (COLL_SIRET) is required.")
        )
    elif siret_problem(report.siret):
        problems.append(_("session.siret {siret} is not a valid SIRET.").format(siret=report.siret))
    items = voted_items(report)
    if not items:
        problems.append(_("No vote is recorded in this journal: there is no deliberation."))
    missing = [i for i in items if not i.matiere]
    if missing:
        problems.append(
            _("No ACTES matter code (items[].matiere, DELIB_MATIERE_CODE) for: {items}.").format(
                items=", ".join(f"{i.id} ({i.number})" for i in missing)
            )
        )
    unknown = [i for i in items if i.matiere and not is_matter_code(i.matiere)]
    if unknown:
        problems.append(
            _("Unknown ACTES matter code for: {items}.").format(
                items=", ".join(f"{i.id} ({i.matiere})" for i in unknown)
            )
        )
    office = report.members_in_office
    for item in items:
        vote = item.vote
        if vote is not None and office is not None and vote.total > office:
            problems.append(
                _("Item {item}: {total} votes for {members} members in office.").format(
                    item=item.id, total=vote.total, members=office
                )
            )
    return problems


def render_scdl(report: Report) -> str:
    """The CSV text. Raises ``ScdlMissing`` when the agenda lacks what it needs."""
    problems = check_exportable(report)
    if problems:
        raise ScdlMissing(problems)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    office = report.members_in_office
    for item in voted_items(report):
        vote = item.vote
        assert vote is not None and item.matiere is not None  # checked above
        url = next((u for _label, u in item.links if u.startswith(("https://", "http://"))), "")
        counts: list[object] = (
            [office, vote.total, vote.votes_for, vote.against, vote.abstain]
            if office is not None
            else ["", "", "", "", ""]  # all or nothing: without the effectif, none
        )
        writer.writerow(
            [
                terminal_safe(str(cell)) if isinstance(cell, str) else cell
                for cell in [
                    report.body,
                    report.siret,
                    item.id,
                    report.date,
                    item.matiere,
                    matter_name(item.matiere),
                    item.title,
                    "",
                    "",
                    "",
                    "",
                    *counts,
                    url,
                ]
            ]
        )
    return out.getvalue()
