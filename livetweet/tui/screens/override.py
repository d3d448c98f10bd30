"""The only way past the closed-session guard: typing a confirmation word."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from livetweet.i18n import _
from livetweet.tui.widgets.literal import SafeInput, literal


def confirmation_word() -> str:
    return _("OVERRIDE")


class OverrideDialog(ModalScreen[bool]):
    """Returns True only when the operator typed the word and confirmed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="override.cancel")
    ]

    def __init__(self, item_label: str, reason: str) -> None:
        super().__init__()
        self.item_label = item_label
        self.reason = reason

    def compose(self) -> ComposeResult:
        word = confirmation_word()
        with Vertical(id="dialog", classes="dialog danger"):
            yield Label(_("Posting refused"), classes="dialog-title")
            yield Static(literal(f"{self.item_label}\n{self.reason}"), id="override-reason")
            yield Static(
                _("To post anyway, type {word} below. The override is journalled.").format(
                    word=word
                ),
                classes="hint",
            )
            yield SafeInput(placeholder=word, id="override-word")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="override-cancel", variant="primary")
                yield Button(_("Post anyway"), id="override-ok", variant="error", disabled=True)

    def on_mount(self) -> None:
        """Focus where the word is typed: "Post anyway" stays disabled until it is."""
        self.query_one("#override-word", Input).focus()

    @on(Input.Changed, "#override-word")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#override-ok", Button).disabled = event.value.strip() != confirmation_word()

    @on(Input.Submitted, "#override-word")
    @on(Button.Pressed, "#override-ok")
    def _confirm(self) -> None:
        if self.query_one("#override-word", Input).value.strip() == confirmation_word():
            self.dismiss(True)

    @on(Button.Pressed, "#override-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
