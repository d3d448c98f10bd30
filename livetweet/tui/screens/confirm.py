"""Small dialogs of the timeline: confirm an action, write a correction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
class Destination:
    """One account a correction goes to, as its dialog shows and counts it."""

    account_id: str  # a network's name for its default account
    network: Network
    label: str  # "X", "Mastodon @VilleMobilite"
    limit: int | None = None  # its instance's (None: the network's own)
    url_weight: int | None = None

    @classmethod
    def of_network(cls, network: Network) -> Destination:
        """A network's default account, counted as the network."""
        return cls(network, network, DISPLAY_NAMES[network])


@dataclass(frozen=True)
class Correction:
    """What the correction dialog returns: the text, and the accounts it goes to."""

    text: str
    accounts: tuple[str, ...]
    #: Accounts whose post is edited in place instead of replied to (Mastodon).
    edit_in_place: tuple[str, ...] = ()


class CorrectionDialog(ModalScreen[Correction | None]):
    """A correction replying to a post on every account the post went to (each can
    be unticked), counted with each account's limit. It then goes through the send
    delay like any post."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="correction.cancel"),
        Binding("ctrl+s", "send", _("Post the correction"), id="correction.send"),
    ]

    def __init__(
        self,
        destinations: Sequence[Destination],
        original: str,
        keep: Callable[[str], object] | None = None,
        *,
        editable: tuple[str, ...] = (),
        to_whom: str = "",
    ) -> None:
        super().__init__()
        self.destinations = tuple(destinations)
        self.original = original
        self.keep = keep  # called with the text as it is typed (kept on disk)
        #: Accounts whose post may be edited in place (Mastodon, when really posting).
        self.editable = tuple(d for d in self.destinations if d.account_id in editable)
        #: The title's "to whom" ("@Ville (X, Mastodon) + @VilleMobilite (Mastodon)").
        self.to_whom = to_whom or ", ".join(d.label for d in self.destinations)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            title = _("Correction on {network}").format(network=self.to_whom)
            yield Label(literal(title, one_line=True), classes="dialog-title")
            yield Static(literal(" ".join(self.original.split())), classes="hint")
            yield SafeTextArea(_("Correction: "), id="correction-text", soft_wrap=True)
            if len(self.destinations) > 1:
                # side by side while they fit the dialog's width, else one a line
                boxes = Horizontal if len(self.destinations) <= 3 else Vertical
                with boxes(id="correction-networks"):
                    for target in self.destinations:
                        yield Checkbox(
                            literal(target.label, one_line=True),
                            True,
                            id=f"correct-{target.account_id}",
                        )
            for target in self.editable:
                label = (
                    _("Edit the Mastodon post (public edit history)")
                    if target.label == DISPLAY_NAMES["mastodon"]
                    else _("Edit the post of {account} (public edit history)").format(
                        account=target.label
                    )
                )
                yield Checkbox(
                    literal(label, one_line=True),
                    False,
                    id=f"correction-edit-{target.account_id}",
                    classes="edit-in-place",
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
    def chosen(self) -> tuple[Destination, ...]:
        if len(self.destinations) == 1:
            return self.destinations
        return tuple(
            d
            for d in self.destinations
            if self.query_one(f"#correct-{d.account_id}", Checkbox).value
        )

    @property
    def edit_in_place(self) -> tuple[str, ...]:
        chosen = {d.account_id for d in self.chosen}
        return tuple(
            d.account_id
            for d in self.editable
            if d.account_id in chosen
            and self.query_one(f"#correction-edit-{d.account_id}", Checkbox).value
        )

    @on(Checkbox.Changed, ".edit-in-place")
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
        for target in self.chosen:
            counted = count(text, target.network, limit=target.limit, url_weight=target.url_weight)
            counts.append(f"{target.label} {counted.length}/{counted.limit}")
        self.query_one("#correction-count", Static).update(literal(" · ".join(counts)))

    @on(Button.Pressed, "#correction-send")
    def action_send(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text or not self.chosen:
            return
        try:
            for target in self.chosen:
                split_thread(text, target.network, limit=target.limit, url_weight=target.url_weight)
        except ClusterTooLong as error:  # stays open: the operator shortens it
            self.query_one("#correction-count", Static).update(literal(f"⚠ {error}"))
            self.notify(str(error), title=_("Cannot post"), severity="error")
            return
        accounts = tuple(d.account_id for d in self.chosen)
        self.dismiss(Correction(text, accounts, self.edit_in_place))

    @on(Button.Pressed, "#correction-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
