"""The agenda as a table: number, short title, status, theme; the current item marked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from livetweet.agenda.model import Item
from livetweet.i18n import _
from livetweet.tui.session import ItemStatus, SessionModel

STATUS_STYLES: dict[ItemStatus, str] = {
    ItemStatus.UPCOMING: "",
    ItemStatus.CURRENT: "bold reverse",
    ItemStatus.DONE: "dim",
    ItemStatus.CLOSED: "bold red",
    ItemStatus.DO_NOT_POST: "bold dark_orange",
}
STATUS_MARKS: dict[ItemStatus, str] = {
    ItemStatus.UPCOMING: " ",
    ItemStatus.CURRENT: "▶",
    ItemStatus.DONE: "✓",
    ItemStatus.CLOSED: "⊘",
    ItemStatus.DO_NOT_POST: "⊘",
}


class AgendaList(DataTable[Text]):
    """Row keys are item ids. Enter on a row makes it the current item."""

    def __init__(self, model: SessionModel, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.model = model
        self._built_for = 0
        self._with_theme = False

    def on_resize(self) -> None:
        """Built once its width is known (the first resize), rebuilt when it changes."""
        if self.size.width and self.size.width != self._built_for:
            self._build(self.size.width)

    def _build(self, width: int) -> None:
        """Columns sized to the pane: the title takes what the others leave."""
        self._built_for = width
        numbers = max((len(item.number) for item in self.model.agenda.items), default=2) + 1
        status_width = 14
        theme_width = 12 if width >= 60 else 0
        padding = 2 * (3 + bool(theme_width)) + 2  # cell padding and the scrollbar
        title_width = max(8, width - numbers - status_width - theme_width - padding)
        self.clear(columns=True)
        self.add_column(_("No."), key="number", width=numbers)
        self.add_column(_("Item"), key="title", width=title_width)
        self.add_column(_("Status"), key="status", width=status_width)
        if theme_width:
            self.add_column(_("Theme"), key="theme", width=theme_width)
        self._with_theme = bool(theme_width)
        for item in self.model.agenda.items:
            self.add_row(*self._cells(item).values(), key=item.id)
        self.show_current()

    def _cells(self, item: Item) -> dict[str, Text]:
        status = self.model.status(item)
        style = STATUS_STYLES[status]
        theme = self.model.agenda.theme(item.theme) if item.theme else None
        return {
            "number": Text(f"{STATUS_MARKS[status]}{item.number}", style=style),
            "title": Text(item.display_title, style=style, no_wrap=True, overflow="ellipsis"),
            "status": Text(self.model.status_label(item), style=style, no_wrap=True),
        } | (
            {"theme": Text(theme.label if theme else "", style="italic", no_wrap=True)}
            if self._with_theme
            else {}
        )

    def refresh_items(self, items: list[Item]) -> None:
        for item in items:
            for column, value in self._cells(item).items():
                self.update_cell(item.id, column, value)

    def refresh_all(self) -> None:
        self.refresh_items(list(self.model.agenda.items))

    def show_current(self) -> None:
        """Move the cursor to the current item and scroll it into view."""
        if self.model.current_index is not None:
            self.move_cursor(row=self.model.current_index, scroll=True)
