"""Text from files, the network or the terminal shown as text, never as terminal commands.

An agenda title, a journal entry or an operator name may hold ESC (colour, clipboard
write through OSC 52, window title), other C0/C1 controls or bidirectional overrides
that reorder what the reader sees. Every output path passes such text through
:func:`terminal_safe`; the agenda checker uses :func:`control_characters` to refuse
them at the source, with the line and column.
"""

from __future__ import annotations

import re
from typing import Final

#: Bidirectional embeddings, overrides and isolates: they reorder the text a reader
#: sees (the "Trojan source" trick), so an item number could look like another one.
BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_OR_NEWLINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def terminal_safe(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every control character shown as a visible symbol (ESC as ␛).

    Tabs and, unless ``keep_newlines`` is false, newlines are kept as they are.
    """
    pattern = _UNSAFE if keep_newlines else _UNSAFE_OR_NEWLINE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_visible, text)


def control_characters(text: str, *, allow_newlines: bool = False) -> list[tuple[int, str]]:
    """(index, character) of each control or bidirectional character ``text`` holds."""
    pattern = _UNSAFE if allow_newlines else _UNSAFE_OR_NEWLINE
    return [(m.start(), m.group()) for m in pattern.finditer(text)]
