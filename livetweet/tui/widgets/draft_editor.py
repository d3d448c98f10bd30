"""The draft editor: a TextArea that paints what does not fit in red."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message

from livetweet.i18n import _
from livetweet.tui.models.attachments import pasted_images
from livetweet.tui.widgets.literal import SafeTextArea

OVERFLOW_STYLE = Style(color="white", bgcolor="red3", bold=True)


def joins_emoji(character: str | None) -> bool:
    """Invisible characters that are part of what is typed: the zero-width joiner
    and non-joiner (woman + skin tone + ZWJ + laptop: 👩🏽‍💻; scripts that need
    them) and the tag characters of subdivision flags (black flag + tags
    "gbsct" + cancel tag: the Scottish flag). An emoji picker or an input method
    sends each as its own key; Textual does not count them printable and the text
    area drops them, so a typed 👩🏽‍💻 became two emoji, counted 4 on X. Bidi
    controls are not in this list: they stay out of the editor."""
    if character is None or len(character) != 1:
        return False
    return character in "\u200c\u200d" or "\U000e0020" <= character <= "\U000e007f"


class DraftEditor(SafeTextArea):
    """Where the operator writes. ``{@member_id}`` stays a placeholder here."""

    class ImagesPasted(Message):
        """What was pasted (or dropped) names image files: the screen asks whether to
        attach them; ``text`` goes into the draft if not."""

        def __init__(self, paths: list[Path], text: str) -> None:
            super().__init__()
            self.paths = paths
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            "",
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=_("Type the post here, or pick a template (ctrl+t)…"),
        )
        self._overflow_from: tuple[int, int] | None = None

    @property
    def overflow_from(self) -> tuple[int, int] | None:
        """(row, column) where the text stops fitting the strictest network."""
        return self._overflow_from

    def set_overflow(self, offset: int | None) -> None:
        """Highlight from character ``offset`` of the text to its end."""
        location = None if offset is None else self._location_of(offset)
        if location != self._overflow_from:
            self._overflow_from = location
            self.notify_style_update()  # drops the rendered-line cache
            self.refresh()

    def _location_of(self, offset: int) -> tuple[int, int]:
        row = 0
        remaining = offset
        for line in self.text.split("\n"):
            if remaining <= len(line):
                return (row, remaining)
            remaining -= len(line) + 1
            row += 1
        return (max(row - 1, 0), 0)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        overflow = self._overflow_from
        if overflow is not None and line_index >= overflow[0]:
            start = overflow[1] if line_index == overflow[0] else 0
            line.stylize(OVERFLOW_STYLE, start, len(line.plain))
        return line

    def on_key(self, event: events.Key) -> None:
        """Insert what the text area would drop (see ``joins_emoji``) as it inserts a
        typed character: over the selection, the cursor after it."""
        if self.read_only or not joins_emoji(event.character):
            return
        event.stop()
        event.prevent_default()  # the text area's own key handling comes after this
        assert event.character is not None
        start, end = self.selection
        self.replace(event.character, start, end, maintain_selection_offset=False)

    def on_paste(self, event: events.Paste) -> None:
        """A pasted path to an image is offered as a photo (terminals paste the path
        of a file dropped on them); the text area's own paste comes after this."""
        if self.read_only:
            return
        paths = pasted_images(event.text)
        if paths:
            event.stop()
            event.prevent_default()
            self.post_message(self.ImagesPasted(paths, event.text))

    def replace_all(self, text: str) -> None:
        """Replace the whole draft as one undoable edit (ctrl+z brings it back)."""
        self.replace(text, (0, 0), self.document.end)
        self.move_cursor(self.document.end)

    def insert_at_cursor(self, text: str) -> None:
        self.insert(text)
