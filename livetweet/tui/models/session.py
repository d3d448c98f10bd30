"""Where the session stands: the current item and what happened to each item.

Kept free of Textual so the controllers and the resume-from-journal code can
drive it too; the agenda list only reads it and is told which rows changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from livetweet.agenda.model import Agenda, Item
from livetweet.agenda.votes import Outcome, outcome_of_votes
from livetweet.i18n import _
from livetweet.tui.models.bridge import VoteCounts


class ItemStatus(StrEnum):
    UPCOMING = "upcoming"
    CURRENT = "current"
    DONE = "done"
    CLOSED = "closed"
    DO_NOT_POST = "do_not_post"


#: Stages that close an item with a decision, and the decision they record.
OUTCOME_OF_STAGE: dict[str, Outcome] = {
    "adopted": Outcome.ADOPTED,
    "adopted_unanimously": Outcome.ADOPTED_UNANIMOUSLY,
    "rejected": Outcome.REJECTED,
    "adopted_vote": Outcome.ADOPTED,
    "rejected_vote": Outcome.REJECTED,
}


@dataclass
class ItemProgress:
    """What the operator has recorded about one item."""

    done: bool = False
    votes: VoteCounts | None = None
    outcome: Outcome | None = None


class SessionModel:
    """The agenda plus the operator's progress through it."""

    def __init__(self, agenda: Agenda) -> None:
        self.agenda = agenda
        self.current_index: int | None = 0 if agenda.items else None
        self.progress: dict[str, ItemProgress] = {item.id: ItemProgress() for item in agenda.items}

    @property
    def current_item(self) -> Item | None:
        if self.current_index is None:
            return None
        return self.agenda.items[self.current_index]

    def index_of(self, item_id: str) -> int | None:
        return next((i for i, item in enumerate(self.agenda.items) if item.id == item_id), None)

    def set_current(self, item_id: str) -> Item:
        index = self.index_of(item_id)
        if index is None:
            raise KeyError(item_id)
        self.current_index = index
        return self.agenda.items[index]

    def advance(self) -> Item | None:
        """Mark the current item done and make the next one current."""
        if self.current_index is None:
            return None
        current = self.agenda.items[self.current_index]
        self.progress[current.id].done = True
        if self.current_index + 1 < len(self.agenda.items):
            self.current_index += 1
        return self.current_item

    def record_votes(self, item_id: str, votes: VoteCounts) -> Outcome:
        progress = self.progress[item_id]
        progress.votes = votes
        progress.outcome = outcome_of_votes(votes)
        return progress.outcome

    def record_outcome(self, item_id: str, outcome: Outcome) -> None:
        self.progress[item_id].outcome = outcome

    def status(self, item: Item) -> ItemStatus:
        if item.closed:
            return ItemStatus.CLOSED
        if item.do_not_post:
            return ItemStatus.DO_NOT_POST
        current = self.current_item
        if current is not None and current.id == item.id:
            return ItemStatus.CURRENT
        progress = self.progress[item.id]
        if progress.done or progress.outcome is not None:
            return ItemStatus.DONE
        return ItemStatus.UPCOMING

    def status_label(self, item: Item) -> str:
        """The status column: short, translated, with the vote result when known."""
        status = self.status(item)
        progress = self.progress[item.id]
        label = {
            ItemStatus.UPCOMING: _("to come"),
            ItemStatus.CURRENT: _("current"),
            ItemStatus.DONE: _("done"),
            ItemStatus.CLOSED: _("closed session"),
            ItemStatus.DO_NOT_POST: _("do not post"),
        }[status]
        if progress.outcome is not None and status in (ItemStatus.DONE, ItemStatus.CURRENT):
            label = {
                Outcome.ADOPTED: _("adopted"),
                Outcome.ADOPTED_UNANIMOUSLY: _("unanimous"),
                Outcome.REJECTED: _("rejected"),
            }[progress.outcome]
            if progress.votes is not None:
                v = progress.votes
                label += f" {v.for_}-{v.against}-{v.abstain}"
        return label

    def restore(
        self,
        current_item: str | None,
        items_started: list[str],
        votes: dict[str, tuple[int, int, int, str]],
        outcomes: dict[str, str],
    ) -> None:
        """Pick up a resumed session: the journal's current item, votes and outcomes."""
        for item_id in items_started:
            if item_id in self.progress and item_id != current_item:
                self.progress[item_id].done = True
        if current_item is not None and self.index_of(current_item) is not None:
            self.set_current(current_item)
        for item_id, (for_, against, abstain, outcome) in votes.items():
            if item_id in self.progress:
                self.progress[item_id].votes = VoteCounts(for_, against, abstain)
                self.progress[item_id].outcome = _outcome(outcome)
        for item_id, stage in outcomes.items():
            if item_id in self.progress and stage in OUTCOME_OF_STAGE:
                self.progress[item_id].outcome = OUTCOME_OF_STAGE[stage]


def _outcome(value: str) -> Outcome | None:
    try:
        return Outcome(value)
    except ValueError:
        return None
