"""The agenda as a list: number and title (wrapped, never cut), status, theme.

A Line API widget (``ScrollView``): only the lines on screen are ever rendered, so a
300-item agenda costs what twenty rows cost. Textual's ``DataTable`` measured every
cell of every row at mount, a third of the start-up time on a long agenda.

Titles wrap instead of being cut: at 80 columns a cut title left "Décision
modificative n°…" twice in a row. An item's status (current, done with its vote,
closed, do-not-post) ends its last line, or takes a line of its own.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar

from rich.cells import cell_len
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
from livetweet.text.display import terminal_safe
from livetweet.tui.models.session import ItemStatus, SessionModel

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
THEME_WIDTH = 14
#: Below this width the theme column is left out.
THEME_FROM = 56
GAP = 2
#: The narrowest title column, whatever the pane's width.
MIN_TITLE = 8


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, cut between words (inside a word
    only when it alone is wider). Kept simple and fast: it runs for every item."""
    lines: list[str] = []
    line, used = "", 0
    measure = len if cell_len(text) == len(text) else cell_len  # one cell per character?
    for word in text.split():
        cells = measure(word)
        if line and used + 1 + cells <= width:
            line, used = f"{line} {word}", used + 1 + cells
            continue
        if line:
            lines.append(line)
        while cells > width:
            cut = width
            while cut > 1 and cell_len(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]  # noqa: PLW2901 (the rest of a word too wide for a line)
            cells = cell_len(word)
        line, used = word, cells
    lines.append(line)
    return lines


class AgendaList(ScrollView, can_focus=True):
    """Each item on as many lines as its title needs, under a fixed header.
    Enter or a click makes an item current."""

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
        self._number_width = (
            max((cell_len(terminal_safe(item.number)) for item in self._items), default=2) + 1
        )
        self._blocks: dict[int, list[Text]] = {}  # each item's lines at this width
        self._heights: list[int] = [1] * len(self._items)
        self._starts: list[int] = list(range(len(self._items)))  # first line of each item
        self._width = 0
        self.virtual_size = Size(0, len(self._items) + 1)

    # -- what a row says -------------------------------------------------------------

    def _status(self, item: Item) -> tuple[str, str, str]:
        """(mark, style, status label) of ``item``; upcoming items say nothing."""
        status = self.model.status(item)
        style = STATUS_STYLES[status]
        mark = STATUS_MARKS[status]
        if (
            status in (ItemStatus.CLOSED, ItemStatus.DO_NOT_POST)
            and item == self.model.current_item
        ):
            mark, style = STATUS_MARKS[ItemStatus.CURRENT], f"{style} reverse"  # still current
        label = "" if status is ItemStatus.UPCOMING else self.model.status_label(item)
        return mark, style, label

    def row_cells(self, item_id: str) -> list[str]:
        """The row of ``item_id`` as the operator reads it: number (with its status
        mark), full title, status (empty for an item to come), and theme."""
        index = self.model.index_of(item_id)
        if index is None:
            raise KeyError(item_id)
        item = self._items[index]
        mark, _style, label = self._status(item)
        cells = [f"{mark}{terminal_safe(item.number)}", self._title(item), label]
        if self._with_theme:
            cells.append(self._theme(item))
        return cells

    def _title(self, item: Item) -> str:
        return terminal_safe(item.display_title, keep_newlines=False)

    def _theme(self, item: Item) -> str:
        theme = self.model.agenda.theme(item.theme) if item.theme else None
        return terminal_safe(theme.label, keep_newlines=False) if theme else ""

    @property
    def _with_theme(self) -> bool:
        return self._width >= THEME_FROM

    def _title_width(self) -> int:
        """The title takes what the number and theme columns leave."""
        fixed = self._number_width + GAP + 2  # and one cell at each edge
        if self._with_theme:
            fixed += GAP + THEME_WIDTH
        return max(MIN_TITLE, self._width - fixed)

    def _line(self, number: Text, title: Text, theme: Text | None) -> Text:
        line = Text(" ", no_wrap=True, end="")
        number.truncate(self._number_width, overflow="ellipsis", pad=True)
        line.append_text(number)
        line.append(" " * GAP)
        title.truncate(self._title_width(), pad=True)
        line.append_text(title)
        if theme is not None:
            line.append(" " * GAP)
            theme.truncate(THEME_WIDTH, overflow="ellipsis", pad=True)
            line.append_text(theme)
        return line

    def block(self, index: int) -> list[Text]:
        """The lines of item ``index``: its title wrapped, its status right-aligned
        at the end of the last line (or on a line of its own)."""
        item = self._items[index]
        mark, style, label = self._status(item)
        width = self._title_width()
        titles = wrap(self._title(item), width)
        last = titles[-1]
        if label:
            room = width - cell_len(last) - GAP
            if cell_len(label) <= room:
                titles[-1] = last + " " * (width - cell_len(last) - cell_len(label)) + label
            else:
                titles.append(" " * max(0, width - cell_len(label)) + label)
        lines = []
        for n, title in enumerate(titles):
            number = Text(f"{mark}{terminal_safe(item.number)}" if n == 0 else "", style=style)
            theme = None
            if self._with_theme:
                theme = Text(self._theme(item) if n == 0 else "", style="italic")
            lines.append(self._line(number, Text(title, style=style), theme))
        return lines

    def _header(self) -> Text:
        theme = Text(_("Theme")) if self._with_theme else None
        return self._line(Text(_("No.")), Text(_("Item")), theme)

    # -- the layout: which line shows which item ----------------------------------------

    def _relayout(self) -> None:
        """Count each item's lines at the current width (the titles are wrapped, not
        rendered: a 300-item agenda takes about a millisecond)."""
        self._blocks.clear()
        width = self._title_width()
        heights = []
        for item in self._items:
            _mark, _style, label = self._status(item)
            titles = wrap(self._title(item), width)
            extra = bool(label) and cell_len(label) > width - cell_len(titles[-1]) - GAP
            heights.append(len(titles) + extra)
        self._set_heights(heights)

    def _set_heights(self, heights: list[int]) -> None:
        self._heights = heights
        starts, line = [], 0
        for height in heights:
            starts.append(line)
            line += height
        self._starts = starts
        self.virtual_size = Size(0, line + 1)

    def _item_at(self, line: int) -> int | None:
        """The index of the item drawn on virtual line ``line`` (0: the first item's)."""
        if not self._items or line < 0 or line >= self._starts[-1] + self._heights[-1]:
            return None
        return bisect_right(self._starts, line) - 1

    # -- rendering (the Line API) ----------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._relayout()
        if y == 0:
            return self._strip(self._header(), self.get_component_rich_style("agenda-list--header"))
        line = y - 1 + round(self.scroll_offset.y)
        index = self._item_at(line)
        if index is None:
            return Strip.blank(width, self.rich_style)
        block = self._blocks.get(index)
        if block is None:
            block = self._blocks[index] = self.block(index)
        text = block[min(line - self._starts[index], len(block) - 1)]
        if index == self.cursor:
            cursor = self.get_component_rich_style("agenda-list--cursor")
            return self._strip(text, cursor, meta={"row": index})
        return self._strip(text, meta={"row": index})

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
        """Redraw these items (their status or vote result changed, and with it
        perhaps their height)."""
        heights = list(self._heights)
        for item in items:
            index = self.model.index_of(item.id)
            if index is not None:
                self._blocks.pop(index, None)
                if self._width:
                    heights[index] = len(self.block(index))
        if heights != self._heights:
            self._blocks.clear()
            self._set_heights(heights)
        self.refresh()

    def refresh_all(self) -> None:
        if self._width:
            self._relayout()
        self.refresh()

    def show_current(self) -> None:
        """Move the cursor to the current item and scroll it into view."""
        if self.model.current_index is not None:
            self.cursor = self.model.current_index

    def watch_cursor(self) -> None:
        if self._items:
            visible = max(1, self.scrollable_content_region.height - 1)
            top = round(self.scroll_offset.y)
            first = self._starts[self.cursor]
            last = first + self._heights[self.cursor] - 1
            if first < top:
                self.scroll_to(y=first, animate=False)
            elif last >= top + visible:
                self.scroll_to(y=max(first, last - visible + 1), animate=False)
        self.refresh()

    def on_mount(self) -> None:
        self.show_current()

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._relayout()
        self.watch_cursor()

    # -- keys and mouse ----------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if self._items:
            self.cursor = min(max(index, 0), len(self._items) - 1)

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        if not self._items:
            return
        page = max(1, self.scrollable_content_region.height - 2)
        line = self._starts[self.cursor] + direction * page
        last_line = self._starts[-1] + self._heights[-1] - 1
        target = self._item_at(min(max(line, 0), last_line))
        self._move_to(self.cursor + direction if target == self.cursor else target or 0)

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
