"""The session timeline: what was posted (with links), failed and why, what is
queued or uncertain; and the operator's actions on each post, all journalled."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from livetweet.i18n import _
from livetweet.tui.messages import CorrectionRequested, PostAction, PostActionRequested
from livetweet.tui.models.outbox_view import TimelineRow
from livetweet.tui.widgets.key_bar import KeyBar
from livetweet.tui.widgets.literal import literal, safe

STATE_STYLES = {
    "posted": "green",
    "queued": "dark_orange",
    "sending": "dark_orange",
    "failed": "bold red",
    "uncertain": "bold red",
    "deleted": "dim",
    "cancelled": "dim",
}

#: Which actions make sense for a post in each state (others stay hidden).
ACTIONS_BY_STATE = {
    "retry": {"failed"},
    "cancel_post": {"queued", "failed"},
    "mark_published": {"uncertain"},
    "mark_not_published": {"uncertain"},
    "delete_post": {"posted"},
    "correct": {"posted"},
    "standalone": {"failed"},
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


def detail_text(row: TimelineRow | None) -> Text:
    if row is None:
        return Text()
    where = _("item {number}").format(number=row.item) if row.item else _("the session")
    text = Text(no_wrap=False)
    text.append(safe(f"{row.where} · {where} · {row.time} · "), style="bold")
    text.append(state_label(row.state), style="bold " + STATE_STYLES.get(row.state, ""))
    if row.detail:
        text.append("\n" + safe(row.detail), style="underline" if row.state == "posted" else "")
    text.append("\n" + safe(row.text))
    return text


class TimelineScreen(Screen[None]):
    """Arrows choose a post; the footer shows what can be done with it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "close",
            _("Back"),
            id="timeline.close",
            tooltip=_("Back to the draft"),
        ),
        Binding(
            "r",
            "retry",
            _("Retry"),
            id="timeline.retry",
            tooltip=_("Send this failed post again, once its cause is fixed"),
        ),
        Binding(
            "c",
            "cancel_post",
            _("Cancel"),
            id="timeline.cancel",
            tooltip=_("Do not send this post"),
        ),
        Binding(
            "p",
            "mark_published",
            _("Was published"),
            id="timeline.published",
            tooltip=_("You checked the account: the post is there"),
        ),
        Binding(
            "n",
            "mark_not_published",
            _("Was not published"),
            id="timeline.not_published",
            tooltip=_("You checked the account: the post is not there, send it"),
        ),
        Binding(
            "d",
            "delete_post",
            _("Delete"),
            id="timeline.delete",
            tooltip=_("Delete this post from the network (journalled)"),
        ),
        Binding(
            "e",
            "correct",
            _("Correction"),
            id="timeline.correct",
            tooltip=_("Post a correction in reply to this post"),
        ),
        Binding(
            "s",
            "standalone",
            _("Standalone"),
            id="timeline.standalone",
            tooltip=_("Send the rest of this thread as separate posts"),
        ),
    ]

    def __init__(self, rows: list[TimelineRow], journal_path: Path | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.journal_path = journal_path
        self._shown = False  # show_rows has run: the cursor is the operator's

    def compose(self) -> ComposeResult:
        title = Text(_("Session timeline"))
        journal = self.journal_path
        if journal is not None:
            title.append(" — " + _("journal: {path}").format(path=safe(str(journal))), style="")
        yield Label(title, classes="screen-title")
        yield DataTable(id="timeline-table", cursor_type="row")
        yield Static(id="timeline-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#timeline-table", DataTable)
        table.add_column(_("Time"), key="time")
        table.add_column(_("Network"), key="network")
        table.add_column(_("No."), key="item")
        table.add_column(_("State"), key="state")
        table.add_column(_("Text"), key="text", width=40)
        table.add_column(_("Link / reason"), key="detail")
        self.show_rows(self.rows)
        table.focus()

    def show_rows(self, rows: list[TimelineRow]) -> None:
        """Show ``rows`` (oldest first). The cursor opens on the newest post and
        follows each new one; once the operator moves up, it stays on their post."""
        table = self.query_one("#timeline-table", DataTable)
        previous = self.selected if self._shown else None
        following = previous is None or previous.key == self.rows[-1].key
        self._shown = True
        table.clear()
        self.rows = list(rows)
        if not rows:
            table.add_row("", "", "", "", Text(_("Nothing posted yet."), style="dim"), "")
        for row in rows:
            table.add_row(
                literal(row.time),
                literal(row.where, one_line=True),
                literal(row.item, one_line=True),
                Text(state_label(row.state), style=STATE_STYLES.get(row.state, "")),
                Text(
                    safe(" ".join(row.text.split()), one_line=True),
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                literal(row.detail, one_line=True),
                key=row.key,
            )
        if rows:
            keys = [row.key for row in rows]
            if following or previous is None or previous.key not in keys:
                table.move_cursor(row=len(rows) - 1)
            else:
                table.move_cursor(row=keys.index(previous.key))
        self._show_detail()
        self.refresh_bindings()

    def on_data_table_row_highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        """The highlighted post in full: the table cuts its text and its link or the
        reason it failed, which matter most, on a narrow terminal."""
        self.query_one("#timeline-detail", Static).update(detail_text(self.selected))

    @property
    def selected(self) -> TimelineRow | None:
        table = self.query_one("#timeline-table", DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ACTIONS_BY_STATE:
            row = self.selected
            return row is not None and row.state in ACTIONS_BY_STATE[action]
        return True

    # -- actions: up to the app, whose posting controller talks to the outbox -----------

    def _ask(self, action: PostAction) -> None:
        if (row := self.selected) is not None:
            self.post_message(PostActionRequested(action, row.key))

    def action_retry(self) -> None:
        self._ask("retry")

    def action_cancel_post(self) -> None:
        self._ask("cancel")

    def action_mark_published(self) -> None:
        self._ask("published")

    def action_mark_not_published(self) -> None:
        self._ask("not_published")

    def action_delete_post(self) -> None:
        from livetweet.tui.screens.confirm import ConfirmDialog

        row = self.selected
        if row is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.post_message(PostActionRequested("delete", row.key))

        message = _("Delete this post from {network}? The deletion is journalled.\n\n{text}")
        text = message.format(network=row.where, text=row.text)
        dialog = ConfirmDialog(_("Delete a post"), text, _("Delete"))
        self.app.push_screen(dialog, confirmed)

    def action_correct(self) -> None:
        if (row := self.selected) is not None:
            self.post_message(CorrectionRequested(row.key, row.text))

    def action_standalone(self) -> None:
        if (row := self.selected) is not None and row.thread:
            self.post_message(PostActionRequested("standalone", row.thread))

    def action_close(self) -> None:
        self.dismiss(None)
