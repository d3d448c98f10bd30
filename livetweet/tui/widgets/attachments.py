"""The photos attached to the draft, under the counters: a thumbnail, the name,
size and dimensions, the alt text and its counter on each network.

The thumbnail is drawn with half blocks (``▀``: the top pixel as the character's
colour, the bottom one as its background), which every terminal that shows
colours can draw, tmux included, and which a snapshot records; a photo that
cannot be previewed shows its format in a box instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from livetweet.i18n import _
from livetweet.publishing.attachments import MediaAttachment
from livetweet.text.networks import DISPLAY_NAMES, Network
from livetweet.tui.models.attachments import (
    THUMB_COLUMNS,
    THUMB_ROWS,
    PhotoInfo,
    alt_counts,
    human_size,
)
from livetweet.tui.widgets.literal import literal

OVER_STYLE = "bold white on red3"
MISSING_STYLE = "bold black on dark_orange"


def half_blocks(info: PhotoInfo) -> Text:
    """The thumbnail, two pixels per cell; the text fallback when there is none."""
    pixels = info.pixels
    if not pixels:
        label = (info.format or "?")[:THUMB_COLUMNS]
        lines = ["┌" + "─" * (THUMB_COLUMNS - 2) + "┐", f"│{label:^{THUMB_COLUMNS - 2}}│"]
        lines.append("└" + "─" * (THUMB_COLUMNS - 2) + "┘")
        return Text("\n".join(lines[:THUMB_ROWS]), style="dim", no_wrap=True)
    text = Text(no_wrap=True)
    for y in range(0, len(pixels), 2):
        top = pixels[y]
        bottom = pixels[y + 1] if y + 1 < len(pixels) else None
        if y:
            text.append("\n")
        for x, upper in enumerate(top):
            lower = bottom[x] if bottom is not None else None
            style = Style(
                color=Color.from_rgb(*upper),
                bgcolor=Color.from_rgb(*lower) if lower is not None else None,
            )
            text.append("▀", style=style)
    return text


def photo_lines(
    number: int,
    attachment: MediaAttachment,
    info: PhotoInfo,
    networks: Sequence[Network],
    limits: Mapping[Network, int],
) -> Text:
    """Name, size and dimensions; the alt text; its counter per network."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{number}. ", style="bold cyan")
    text.append_text(literal(info.name, one_line=True, style="bold"))
    if info.problem is not None:
        text.append_text(literal(f"  ⚠ {info.problem}", one_line=True, style=OVER_STYLE))
    else:
        details = _("{size} · {width}×{height}").format(
            size=human_size(info.size), width=info.width, height=info.height
        )
        text.append(f"  {details}", style="dim")
    text.append("\n")
    alt = attachment.alt.strip()
    if alt:
        text.append(_("alt: "), style="dim")
        text.append_text(literal(" ".join(alt.split()), one_line=True))
    else:
        text.append(_(" no alt text: asked before posting "), style=MISSING_STYLE)
    text.append("\n")
    for index, (network, counted) in enumerate(alt_counts(alt, networks, limits)):
        if index:
            text.append(" · ", style="dim")
        style = OVER_STYLE if not counted.fits else ""
        text.append(f"{DISPLAY_NAMES[network]} {counted.length}/{counted.limit}", style=style)
    return text


def photo_prompt(
    number: int,
    attachment: MediaAttachment,
    info: PhotoInfo,
    networks: Sequence[Network],
    limits: Mapping[Network, int],
) -> Text:
    """The thumbnail with the lines beside it, each line cut with an ellipsis (never
    wrapped: the thumbnail's rows stay side by side with their line)."""
    thumbnail = half_blocks(info).split("\n")
    lines = photo_lines(number, attachment, info, networks, limits).split("\n")
    blank = Text(" " * THUMB_COLUMNS)
    prompt = Text(no_wrap=True, overflow="ellipsis")
    for row in range(max(len(thumbnail), len(lines), THUMB_ROWS)):
        if row:
            prompt.append("\n")
        picture = thumbnail[row] if row < len(thumbnail) else blank
        picture.pad_right(THUMB_COLUMNS - picture.cell_len)
        prompt.append_text(picture)
        prompt.append(" ")
        if row < len(lines):
            prompt.append_text(lines[row])
    return prompt


class AttachmentList(Widget, can_focus=True):
    """The draft's photos; Enter edits the highlighted one's alt text, Delete removes it.
    Hidden while the draft has none."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding(
            "enter",
            "alt",
            _("Alt text"),
            id="photos.alt",
            tooltip=_("Write or change the highlighted photo's alt text"),
        ),
        Binding(
            "delete,backspace",
            "remove",
            _("Remove photo"),
            id="photos.remove",
            tooltip=_("Take the highlighted photo off the draft (the file stays where it is)"),
        ),
    ]

    highlighted: reactive[int] = reactive(0)

    class RemoveRequested(Message):
        """The operator takes photo ``index`` off the draft."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class AltRequested(Message):
        """The operator edits the alt text of photo ``index``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._prompts: list[Text] = []

    def show(
        self,
        media: Sequence[MediaAttachment],
        infos: Mapping[Path, PhotoInfo],
        networks: Sequence[Network],
        limits: Mapping[Network, int],
    ) -> None:
        self._prompts = [
            photo_prompt(n, a, infos.get(a.path) or PhotoInfo(a.path), networks, limits)
            for n, a in enumerate(media, 1)
        ]
        self.display = bool(media)
        self.highlighted = min(self.highlighted, max(len(media) - 1, 0))
        self.refresh(layout=True)

    @property
    def count(self) -> int:
        return len(self._prompts)

    def render(self) -> Text:
        width = max(self.size.width, THUMB_COLUMNS + 2)
        shown = Text(no_wrap=True)
        for index, prompt in enumerate(self._prompts):
            marker = "▌" if index == self.highlighted and self.has_focus else " "
            for row, line in enumerate(prompt.split("\n")):
                if index or row:
                    shown.append("\n")
                line.truncate(width - 1, overflow="ellipsis")
                shown.append(marker, style="bold cyan")
                shown.append_text(line)
        return shown

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return sum(len(prompt.split("\n")) for prompt in self._prompts)

    def watch_highlighted(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self._prompts:
            self.highlighted = (self.highlighted + step) % len(self._prompts)

    def action_remove(self) -> None:
        if self._prompts:
            self.post_message(self.RemoveRequested(self.highlighted))

    def action_alt(self) -> None:
        if self._prompts:
            self.post_message(self.AltRequested(self.highlighted))

    def on_click(self, event: Click) -> None:
        row = 0
        for index, prompt in enumerate(self._prompts):
            row += len(prompt.split("\n"))
            if event.y < row:
                self.highlighted = index
                return
