"""The session timeline: what was posted, failed, is queued or uncertain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from livetweet.i18n import _

STATE_STYLES = {
    "posted": "green",
    "queued": "dark_orange",
    "sending": "dark_orange",
    "failed": "bold red",
    "uncertain": "bold red",
    "deleted": "dim",
    "cancelled": "dim",
}


def state_label(state: str) -> str:
    labels = {
        "posted": _("posted"),
        "queued": _("queued"),
        "sending": _("sending"),
        "failed": _("failed"),
        "uncertain": _("uncertain"),
        "deleted": _("deleted"),
        "cancelled": _("cancelled"),
    }
    return labels.get(state, state)


@dataclass(frozen=True)
class TimelineRow:
    """One post as the timeline shows it; built by the posting controller."""

    key: str  # the outbox's reference of the post
    time: str  # "HH:MM:SS"
    network: str
    item: str  # item number, or "" for the session
    state: str  # posted | queued | sending | failed | uncertain | deleted | cancelled
    text: str
    detail: str = ""  # URL when posted, reason when failed


class TimelineScreen(Screen[None]):
    """Escape goes back to the draft. Actions on rows are added by the controller."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Back"), id="timeline.close")
    ]

    def __init__(self, rows: list[TimelineRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Label(_("Session timeline"), classes="screen-title")
        yield DataTable(id="timeline-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#timeline-table", DataTable)
        table.add_column(_("Time"), key="time")
        table.add_column(_("Network"), key="network")
        table.add_column(_("No."), key="item")
        table.add_column(_("State"), key="state")
        table.add_column(_("Text"), key="text", width=40)
        table.add_column(_("Link / reason"), key="detail")
        self.show_rows(self.rows)

    def show_rows(self, rows: list[TimelineRow]) -> None:
        table = self.query_one("#timeline-table", DataTable)
        table.clear()
        self.rows = rows
        if not rows:
            table.add_row("", "", "", "", Text(_("Nothing posted yet."), style="dim"), "")
        for row in rows:
            style = STATE_STYLES.get(row.state, "")
            table.add_row(
                row.time,
                row.network,
                row.item,
                Text(state_label(row.state), style=style),
                Text(" ".join(row.text.split()), no_wrap=True, overflow="ellipsis"),
                row.detail,
                key=row.key,
            )

    def action_close(self) -> None:
        self.dismiss(None)
