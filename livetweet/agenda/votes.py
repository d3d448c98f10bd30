"""Vote counts: the one check the TUI's vote dialog and ``livetweet votes`` apply,
and the outcome the counts give. Textual-free so the command line shares it."""

from __future__ import annotations

from enum import StrEnum

from livetweet.agenda.render import VoteCounts
from livetweet.i18n import _


class Outcome(StrEnum):
    ADOPTED = "adopted"
    ADOPTED_UNANIMOUSLY = "adopted_unanimously"
    REJECTED = "rejected"


def check_votes(votes: VoteCounts, members_in_office: int | None) -> str | None:
    """Why these counts cannot be right, or None."""
    total = votes.for_ + votes.against + votes.abstain
    if total == 0:
        return _("Nobody voted: enter at least one vote.")
    if members_in_office is not None and total > members_in_office:
        return _("{total} votes for {members} members in office.").format(
            total=total, members=members_in_office
        )
    return None


def outcome_of_votes(votes: VoteCounts) -> Outcome:
    """A simple majority of the votes cast; abstentions do not count."""
    if votes.for_ > votes.against:
        if votes.against == 0 and votes.abstain == 0:
            return Outcome.ADOPTED_UNANIMOUSLY
        return Outcome.ADOPTED
    return Outcome.REJECTED
