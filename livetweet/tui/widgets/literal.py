"""Text from the agenda, the journal, the network or the operator, shown as it is.

Textual reads ``[b]`` in a plain string as markup: a title such as ``Tarifs [/b] eau``
crashed the screen that showed it, and ``[opposition]`` vanished. And ESC or a bidi
override would reach the terminal raw. Every widget therefore gets such text as a
Rich ``Text`` (never parsed) holding only visible characters.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from livetweet.text.display import terminal_safe


def literal(text: str, style: str | Style = "", *, one_line: bool = False) -> Text:
    """``text`` as a Rich ``Text``: no markup, control characters made visible;
    ``one_line`` also shows a newline as a symbol (for a title on one line)."""
    return Text(terminal_safe(text, keep_newlines=not one_line), style=style)


def safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with its control characters made visible, for an API that takes a
    ``str`` and is told not to read markup (``notify(markup=False)``)."""
    return terminal_safe(text, keep_newlines=not one_line)
