"""Pick a stage for the current item: its prepared drafts first, then templates."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from livetweet.i18n import _
from livetweet.tui.models.stages import TemplateChoice
from livetweet.tui.widgets.literal import literal, safe


def stage_label(stage: str) -> str:
    """The operator's name for a stage; unknown (custom) stages keep their own name."""
    labels = {
        "opening": _("Opening"),
        "intro": _("Introduction"),
        "adopted": _("Adopted"),
        "adopted_unanimously": _("Adopted unanimously"),
        "adopted_vote": _("Adopted, with counts…"),
        "rejected": _("Rejected"),
        "rejected_vote": _("Rejected, with counts…"),
        "vote": _("Vote result with counts…"),
        "suspension": _("Suspension"),
        "resumption": _("Resumption"),
        "closed_session": _("Closed session"),
        "closing": _("Closing"),
    }
    return labels.get(stage, stage)


class TemplatePicker(ModalScreen[str | None]):
    """Digits 1-9 pick directly; arrows and Enter otherwise."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="templates.cancel"),
        *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, title: str, choices: list[TemplateChoice]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide"):
            yield Label(literal(self.title_text, one_line=True), classes="dialog-title")
            yield OptionList(
                *(self._option(n, c) for n, c in enumerate(self.choices, 1)),
                id="template-options",
            )

    @staticmethod
    def _option(number: int, choice: TemplateChoice) -> Option:
        prompt = Text(no_wrap=True, overflow="ellipsis")
        prompt.append(f"{number if number < 10 else ' '} ", style="bold cyan")
        if choice.prepared:
            prompt.append("★ ", style="bold yellow")
        prompt.append(safe(stage_label(choice.stage), one_line=True), style="bold")
        if choice.preview:
            prompt.append("  " + safe(" ".join(choice.preview.split()), one_line=True), style="dim")
        return Option(prompt, id=choice.stage)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0
        options.focus()

    def action_pick(self, index: int) -> None:
        if index < len(self.choices):
            self.dismiss(self.choices[index].stage)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
