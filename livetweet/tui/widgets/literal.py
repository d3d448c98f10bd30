"""Text from the agenda, the journal, the network or the operator, shown as it is.

Textual reads ``[b]`` in a plain string as markup: a title such as ``Tarifs [/b] eau``
crashed the screen that showed it, and ``[opposition]`` vanished. And ESC or a bidi
override would reach the terminal raw. Every widget therefore gets such text as a
Rich ``Text`` (never parsed) holding only visible characters.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher
from textual.strip import Strip
from textual.widgets import Input, TextArea

from livetweet.text.display import terminal_safe


def literal(text: str, style: str | Style = "", *, one_line: bool = False) -> Text:
    """``text`` as a Rich ``Text``: no markup, control characters made visible;
    ``one_line`` also shows a newline as a symbol (for a title on one line)."""
    return Text(terminal_safe(text, keep_newlines=not one_line), style=style)


def safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with its control characters made visible, for an API that takes a
    ``str`` and is told not to read markup (``notify(markup=False)``)."""
    return terminal_safe(text, keep_newlines=not one_line)


def _one_cell(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # a C1 control or a bidi override: �


#: What terminal_safe replaces (C0 but tab and newline, DEL, C1, bidi controls).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown_in_place(text: str) -> str:
    """``text`` with each control character replaced by one visible character, so
    that every offset stays where it was (an editor's cursor, its highlights)."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda match: _one_cell(match.group()), text)


class SafeTextArea(TextArea):
    """A ``TextArea`` that never sends a pasted ESC or bidi override to the terminal:
    the document keeps the text as typed, each line is drawn with visible symbols."""

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        shown = shown_in_place(line.plain)
        if shown != line.plain:
            line.plain = shown  # same length: the styles stay where they were
        return line


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` with the letters ``matcher`` found in it highlighted, as literal text.

    ``Matcher.highlight`` reads its candidate as markup: a member or an item called
    ``Tarifs [/b] eau`` crashed the member picker and emptied the palette."""
    text = terminal_safe(text, keep_newlines=False)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class SafeInput(Input):
    """An ``Input`` whose pasted ESC or bidi override is drawn as a visible symbol."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if not any(_UNSAFE.search(segment.text) for segment in strip):
            return strip
        segments = [
            Segment(shown_in_place(segment.text), segment.style, segment.control)
            for segment in strip
        ]
        return Strip(segments).adjust_cell_length(strip.cell_length)
