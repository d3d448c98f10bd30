"""Small dialogs of the timeline: confirm an action, write a correction."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from livetweet.i18n import _
from livetweet.text import ClusterTooLong, count, split_thread
from livetweet.text.networks import DISPLAY_NAMES, Network


class ConfirmDialog(ModalScreen[bool]):
    """Yes/no; the safe answer (No) has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="confirm.cancel")
    ]

    def __init__(self, title: str, message: str, confirm: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog danger"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="confirm-no", variant="primary")
                yield Button(self.confirm, id="confirm-yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_cancel(self) -> None:
        self.dismiss(False)


class CorrectionDialog(ModalScreen[list[str] | None]):
    """A correction replying to a post, on that post's network; returns its parts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="correction.cancel"),
        Binding("ctrl+s", "send", _("Post the correction"), id="correction.send"),
    ]

    def __init__(self, network: Network, original: str) -> None:
        super().__init__()
        self.network = network
        self.original = original

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(
                _("Correction on {network}").format(network=DISPLAY_NAMES[self.network]),
                classes="dialog-title",
            )
            yield Static(" ".join(self.original.split()), classes="hint", markup=False)
            yield TextArea(_("Correction: "), id="correction-text", soft_wrap=True)
            yield Static(id="correction-count")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="correction-cancel")
                yield Button(_("Post the correction"), id="correction-send", variant="primary")

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.move_cursor(editor.document.end)
        editor.focus()
        self._count()

    @on(TextArea.Changed)
    def _count(self) -> None:
        text = self.query_one(TextArea).text
        counted = count(text, self.network)
        self.query_one("#correction-count", Static).update(
            f"{DISPLAY_NAMES[self.network]} {counted.length}/{counted.limit}"
        )

    @on(Button.Pressed, "#correction-send")
    def action_send(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            return
        try:
            parts = split_thread(text, self.network)
        except ClusterTooLong as error:  # stays open: the operator shortens it
            self.query_one("#correction-count", Static).update(f"⚠ {error}")
            self.notify(str(error), title=_("Cannot post"), severity="error")
            return
        self.dismiss(parts)

    @on(Button.Pressed, "#correction-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
