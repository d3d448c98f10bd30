"""The agenda as a list: number, short title, status, theme; the current item marked.

A Line API widget (``ScrollView``): only the rows on screen are ever rendered, so a
300-item agenda costs what twenty rows cost. Textual's ``DataTable`` measured every
cell of every row at mount, a third of the start-up time on a long agenda.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

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
STATUS_WIDTH = 14
THEME_WIDTH = 12
#: Below this width the theme column is left out.
THEME_FROM = 60
GAP = 2


class AgendaList(ScrollView, can_focus=True):
    """One line per item under a fixed header. Enter or a click makes a row current."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(0)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("enter", "select", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "agenda-list--header",
        "agenda-list--cursor",
    }
    DEFAULT_CSS = """
    AgendaList {
        overflow-x: hidden;
        background: $surface;
        & > .agenda-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .agenda-list--cursor {
            background: $block-cursor-blurred-background;
        }
        &:focus > .agenda-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
    }
    """

    class ItemSelected(Message):
        """The operator chose a row (Enter or a click)."""

        def __init__(self, agenda_list: AgendaList, item_id: str) -> None:
            super().__init__()
            self.agenda_list = agenda_list
            self.item_id = item_id

        @property
        def control(self) -> AgendaList:
            return self.agenda_list

    cursor = reactive(0, repaint=False)

    def __init__(self, model: SessionModel, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self._items = model.agenda.items
        self._number_width = max((len(item.number) for item in self._items), default=2) + 1
        self._rows: dict[int, Text] = {}  # the row texts at the current width, by index
        self._width = 0
        self.virtual_size = Size(0, len(self._items) + 1)

    # -- what a row says -------------------------------------------------------------

    def cells(self, item: Item) -> list[Text]:
        """Number (with its status mark), title, status, and the theme on wide panes."""
        status = self.model.status(item)
        style = STATUS_STYLES[status]
        mark = STATUS_MARKS[status]
        if (
            status in (ItemStatus.CLOSED, ItemStatus.DO_NOT_POST)
            and item == self.model.current_item
        ):
            mark, style = STATUS_MARKS[ItemStatus.CURRENT], f"{style} reverse"  # still current
        cells = [
            Text(f"{mark}{item.number}", style=style),
            Text(item.display_title, style=style),
            Text(self.model.status_label(item), style=style),
        ]
        if self._with_theme:
            theme = self.model.agenda.theme(item.theme) if item.theme else None
            cells.append(Text(theme.label if theme else "", style="italic"))
        return cells

    def row_cells(self, item_id: str) -> list[str]:
        """The row of ``item_id`` as the operator reads it, one string per column."""
        index = self.model.index_of(item_id)
        if index is None:
            raise KeyError(item_id)
        return [cell.plain for cell in self.cells(self._items[index])]

    @property
    def _with_theme(self) -> bool:
        return self._width >= THEME_FROM

    def _column_widths(self) -> list[int]:
        """The title takes what the other columns leave."""
        fixed = [self._number_width, STATUS_WIDTH] + ([THEME_WIDTH] if self._with_theme else [])
        gaps = GAP * len(fixed) + 2  # between columns, and one cell at each edge
        title = max(8, self._width - sum(fixed) - gaps)
        return [self._number_width, title, STATUS_WIDTH, *fixed[2:]]

    def _assemble(self, cells: list[Text]) -> Text:
        line = Text(" ", no_wrap=True, end="")
        for index, (cell, width) in enumerate(zip(cells, self._column_widths(), strict=True)):
            if index:
                line.append(" " * GAP)
            cell.truncate(width, overflow="ellipsis", pad=True)
            line.append_text(cell)
        return line

    def _header(self) -> Text:
        labels = [_("No."), _("Item"), _("Status")] + ([_("Theme")] if self._with_theme else [])
        return self._assemble([Text(label) for label in labels])

    # -- rendering (the Line API) ----------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._rows.clear()
        if y == 0:
            return self._strip(self._header(), self.get_component_rich_style("agenda-list--header"))
        index = y - 1 + self.scroll_offset.y
        if not 0 <= index < len(self._items):
            return Strip.blank(width, self.rich_style)
        row = self._rows.get(index)
        if row is None:
            row = self._rows[index] = self._assemble(self.cells(self._items[index]))
        if index == self.cursor:
            cursor = self.get_component_rich_style("agenda-list--cursor")
            return self._strip(row, cursor, meta={"row": index})
        return self._strip(row, meta={"row": index})

    def _strip(
        self, text: Text, over: Style | None = None, meta: dict[str, int] | None = None
    ) -> Strip:
        segments = text.render(self.app.console)
        if over is not None:
            segments = Segment.apply_style(segments, post_style=over)
        strip = Strip(list(segments)).adjust_cell_length(self._width)
        strip = strip.apply_style(self.rich_style)
        return strip.apply_meta(meta) if meta else strip

    # -- keeping it current ------------------------------------------------------------

    def refresh_items(self, items: list[Item]) -> None:
        """Redraw these items' rows (their status or vote result changed)."""
        for item in items:
            index = self.model.index_of(item.id)
            if index is not None:
                self._rows.pop(index, None)
        self.refresh()

    def refresh_all(self) -> None:
        self._rows.clear()
        self.refresh()

    def show_current(self) -> None:
        """Move the cursor to the current item and scroll it into view."""
        if self.model.current_index is not None:
            self.cursor = self.model.current_index

    def watch_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)
        self.refresh()

    def on_mount(self) -> None:
        self.show_current()

    def on_resize(self) -> None:
        self.watch_cursor()

    # -- keys and mouse ----------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if self._items:
            self.cursor = min(max(index, 0), len(self._items) - 1)

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.scrollable_content_region.height - 2))

    def action_edge(self, end: int) -> None:
        self._move_to(len(self._items) - 1 if end else 0)

    def action_select(self) -> None:
        if self._items:
            self.post_message(self.ItemSelected(self, self._items[self.cursor].id))

    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if isinstance(row, int):
            self._move_to(row)
            self.action_select()
