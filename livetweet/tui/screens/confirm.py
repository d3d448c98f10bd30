"""Small dialogs of the timeline: confirm an action, write a correction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Static, TextArea

from livetweet.i18n import _
from livetweet.text import ClusterTooLong, count, split_thread
from livetweet.text.networks import DISPLAY_NAMES, Network
from livetweet.tui.widgets.literal import SafeTextArea, literal


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
            yield Static(literal(self.message))
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


@dataclass(frozen=True)
class Correction:
    """What the correction dialog returns: the text, and the networks it goes to."""

    text: str
    networks: tuple[Network, ...]
    #: Networks whose post is edited in place instead of replied to (Mastodon).
    edit_in_place: tuple[Network, ...] = ()


class CorrectionDialog(ModalScreen[Correction | None]):
    """A correction replying to a post on every network the post went to (each can
    be unticked). It then goes through the send delay like any post."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="correction.cancel"),
        Binding("ctrl+s", "send", _("Post the correction"), id="correction.send"),
    ]

    def __init__(
        self,
        networks: list[Network],
        original: str,
        keep: Callable[[str], object] | None = None,
        *,
        editable: tuple[Network, ...] = (),
    ) -> None:
        super().__init__()
        self.networks = networks
        self.original = original
        self.keep = keep  # called with the text as it is typed (kept on disk)
        #: Networks whose post may be edited in place (Mastodon, when really posting).
        self.editable = tuple(n for n in editable if n in networks)

    def compose(self) -> ComposeResult:
        names = ", ".join(DISPLAY_NAMES[n] for n in self.networks)
        with Vertical(classes="dialog wide"):
            yield Label(_("Correction on {network}").format(network=names), classes="dialog-title")
            yield Static(literal(" ".join(self.original.split())), classes="hint")
            yield SafeTextArea(_("Correction: "), id="correction-text", soft_wrap=True)
            if len(self.networks) > 1:
                with Horizontal(id="correction-networks"):
                    for network in self.networks:
                        yield Checkbox(DISPLAY_NAMES[network], True, id=f"correct-{network}")
            if "mastodon" in self.editable:
                yield Checkbox(
                    _("Edit the Mastodon post (public edit history)"),
                    False,
                    id="correction-edit-mastodon",
                )
            yield Static(id="correction-count")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="correction-cancel")
                yield Button(_("Post the correction"), id="correction-send", variant="primary")

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.move_cursor(editor.document.end)
        editor.focus()
        self._count()

    @property
    def chosen(self) -> tuple[Network, ...]:
        if len(self.networks) == 1:
            return tuple(self.networks)
        return tuple(n for n in self.networks if self.query_one(f"#correct-{n}", Checkbox).value)

    @property
    def edit_in_place(self) -> tuple[Network, ...]:
        return tuple(
            n
            for n in self.editable
            if n in self.chosen and self.query_one(f"#correction-edit-{n}", Checkbox).value
        )

    @on(Checkbox.Changed, "#correction-edit-mastodon")
    def _start_from_the_post(self, event: Checkbox.Changed) -> None:
        """An edit replaces the whole text: start from the post, not from "Correction: "."""
        editor = self.query_one(TextArea)
        if event.value and editor.text.strip() == _("Correction: ").strip():
            editor.text = self.original
            editor.move_cursor(editor.document.end)

    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _count(self) -> None:
        text = self.query_one(TextArea).text
        if self.keep is not None:
            self.keep("" if text.strip() == _("Correction: ").strip() else text)
        counts = []
        for network in self.chosen:
            counted = count(text, network)
            counts.append(f"{DISPLAY_NAMES[network]} {counted.length}/{counted.limit}")
        self.query_one("#correction-count", Static).update(" · ".join(counts))

    @on(Button.Pressed, "#correction-send")
    def action_send(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text or not self.chosen:
            return
        try:
            for network in self.chosen:
                split_thread(text, network)
        except ClusterTooLong as error:  # stays open: the operator shortens it
            self.query_one("#correction-count", Static).update(f"⚠ {error}")
            self.notify(str(error), title=_("Cannot post"), severity="error")
            return
        self.dismiss(Correction(text, self.chosen, self.edit_in_place))

    @on(Button.Pressed, "#correction-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
