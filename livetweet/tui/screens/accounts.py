"""Which accounts this post goes to: one checkbox per account, the routing of the
item's theme checked to start with. The choice holds until the item changes or
the post is sent."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Static

from livetweet.i18n import _
from livetweet.text.networks import DISPLAY_NAMES
from livetweet.tui.models.accounts import NO_HANDLE, Account
from livetweet.tui.widgets.literal import safe


def checkbox_label(account: Account, routed: bool) -> Content:
    """``@VilleMobilite@social.villeneuve.fr — Mastodon (routing)``, as plain text."""
    handle = account.handle.strip()
    if handle in NO_HANDLE:
        label = safe(account.label, one_line=True)
    else:
        label = f"{safe(handle, one_line=True)} — {DISPLAY_NAMES[account.network]}"
    if routed:
        label += " " + _("(routing)")
    return Content(label)


class AccountPicker(ModalScreen[set[str]]):
    """Returns the chosen account ids (never none); Escape: nothing changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="accounts.cancel"),
        Binding("ctrl+s", "confirm", _("Use these accounts"), id="accounts.confirm"),
    ]

    def __init__(
        self,
        title: str,
        accounts: Sequence[Account],
        checked: Collection[str],
        routed: Collection[str],
    ) -> None:
        super().__init__()
        self.title_text = title
        self.accounts = tuple(accounts)
        self.checked = frozenset(checked)
        self.routed = frozenset(routed)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wide"):  # handles with their server
            yield Label(_("Accounts for this post"), classes="dialog-title")
            yield Static(Content(self.title_text), classes="hint")
            with VerticalScroll(id="account-options"):
                for index, account in enumerate(self.accounts):
                    yield Checkbox(
                        checkbox_label(account, account.id in self.routed),
                        account.id in self.checked,
                        id=f"account-{index}",
                    )
            yield Static(id="accounts-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="accounts-cancel")
                yield Button(_("Routing"), id="accounts-routing")
                yield Button(_("Use these accounts"), id="accounts-ok", variant="primary")

    def on_mount(self) -> None:
        self.query(Checkbox).first().focus()

    def chosen(self) -> set[str]:
        return {
            account.id
            for index, account in enumerate(self.accounts)
            if self.query_one(f"#account-{index}", Checkbox).value
        }

    @on(Button.Pressed, "#accounts-routing")
    def _routing(self) -> None:
        """Back to what the routing of the theme says."""
        for index, account in enumerate(self.accounts):
            self.query_one(f"#account-{index}", Checkbox).value = account.id in self.routed

    @on(Button.Pressed, "#accounts-ok")
    def action_confirm(self) -> None:
        chosen = self.chosen()
        if not chosen:
            self.query_one("#accounts-error", Static).update(
                _("Choose at least one account, or cancel.")
            )
            return
        self.dismiss(chosen)

    @on(Button.Pressed, "#accounts-cancel")
    def action_cancel(self) -> None:
        self.dismiss()
