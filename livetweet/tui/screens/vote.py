"""The vote dialog: for / against / abstentions, checked against members in office."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Button, Input, Label, Static

from livetweet.agenda.votes import check_votes
from livetweet.i18n import _
from livetweet.tui.models.bridge import VoteCounts
from livetweet.tui.widgets.literal import literal


class VoteDialog(ModalScreen[VoteCounts | None]):
    """Returns the counts, or None when cancelled (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="vote.cancel")
    ]

    def __init__(self, item_label: str, members_in_office: int | None) -> None:
        super().__init__()
        self.item_label = item_label
        self.members_in_office = members_in_office

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(
                literal(_("Vote — {item}").format(item=self.item_label), one_line=True),
                classes="dialog-title",
            )
            if self.members_in_office is not None:
                yield Static(
                    _("{n} members in office").format(n=self.members_in_office), classes="hint"
                )
            with Grid(id="vote-grid"):
                for key, label in (
                    ("for", _("For")),
                    ("against", _("Against")),
                    ("abstain", _("Abstentions")),
                ):
                    yield Label(label)
                    yield Input(
                        "0" if key != "for" else "",
                        id=f"vote-{key}",
                        type="integer",
                        validators=[Integer(minimum=0, maximum=self.members_in_office)],
                        placeholder="0",
                    )
            yield Static("", id="vote-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Record"), id="vote-ok", variant="primary")
                yield Button(_("Cancel"), id="vote-cancel")

    def _value(self, key: str) -> int | None:
        field = self.query_one(f"#vote-{key}", Input)
        raw = field.value.strip() or "0"
        if not raw.isdigit():
            return None
        return int(raw)

    def _counts(self) -> VoteCounts | str:
        values = [self._value(k) for k in ("for", "against", "abstain")]
        if any(v is None for v in values):
            return _("Votes are whole numbers.")
        for_, against, abstain = (v or 0 for v in values)
        votes = VoteCounts(for_=for_, against=against, abstain=abstain)
        return check_votes(votes, self.members_in_office) or votes

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "vote-abstain":
            self._submit()
        else:
            self.focus_next(Input)

    @on(Button.Pressed, "#vote-ok")
    def _submit(self) -> None:
        result = self._counts()
        if isinstance(result, str):
            self.query_one("#vote-error", Static).update(result)
            return
        self.dismiss(result)

    @on(Button.Pressed, "#vote-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
