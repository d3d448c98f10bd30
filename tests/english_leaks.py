"""Finding English on a French screen or in French command output.

A leak is a source string of the catalogues (ours and argparse's) whose French
differs, found in the output; or one of Textual's own English strings. Only
strings of two words or more are looked for (and upper-case placeholders such as
FILE), so that a one-word English value the user typed, or a journal entry type
(``posted``), is not mistaken for a leak; argparse's one-word strings ("usage:",
"error:") are looked for too, and the C library's English reasons ("Not a directory").
"""

from __future__ import annotations

import errno
import html
import os
import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "livetweet" / "locale" / "fr" / "LC_MESSAGES"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sdr]|%[sdr]")

#: Textual's own English, which no catalogue holds.
TEXTUAL = (
    "Quit the application",
    "Change the current theme",
    "Show help for the focused widget",
    "Hide the keys and widget help panel",
    "Maximize",
    "Minimize",
    "Screenshot",
    "Save an SVG",
    "Search for commands",
    "Search for themes",
    "No matches found",
    "Open the command palette",
    "Do you want to quit",
    "to quit the app",
)


#: The C library's messages (``strerror``), English whatever the locale.
OS_ERRORS = tuple(
    os.strerror(code)
    for code in (errno.ENOENT, errno.EACCES, errno.EEXIST, errno.EISDIR, errno.ENOTDIR)
)


def _pattern(source: str) -> re.Pattern[str]:
    pieces = [re.escape(piece.strip()) for piece in _PLACEHOLDER.split(source)]
    body = r".{0,200}?".join(piece for piece in pieces if piece)
    body = re.sub(r"(\\ )+|\\\n", r"\\s+", body)  # output is wrapped at any space
    start = r"\b" if re.match(r"\w", source.strip()) else ""
    end = r"\b" if re.search(r"\w$", source.strip()) else ""
    return re.compile(start + body + end)


def _worth_looking_for(source: str, *, argparse: bool) -> bool:
    words = re.findall(r"[A-Za-z]+", _PLACEHOLDER.sub(" ", source))
    if argparse:
        return bool(words)
    return len(words) >= 2 or (len(words) == 1 and words[0].isupper() and len(words[0]) >= 3)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found: dict[str, re.Pattern[str]] = {}
    for domain in ("livetweet", "argparse"):
        with (LOCALE / f"{domain}.po").open("rb") as po:
            for message in read_po(po):
                ids = message.id if isinstance(message.id, list | tuple) else (message.id,)
                strings = message.string
                french = strings if isinstance(strings, list | tuple) else (strings,)
                for source in ids:
                    argparse = domain == "argparse"
                    if source not in french and _worth_looking_for(source, argparse=argparse):
                        found[source] = _pattern(source)
    for source in (*TEXTUAL, *OS_ERRORS):
        found[source] = _pattern(source)
    return tuple(found.items())


def english_leaks(output: str) -> list[str]:
    """The English source strings found in ``output``."""
    return [source for source, pattern in _patterns() if pattern.search(output)]


def screen_text(svg: str) -> str:
    """The characters of a Textual screenshot (``App.export_screenshot``), line by line."""
    lines: dict[int, dict[int, str]] = {}
    for match in re.finditer(
        r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
        r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>',
        svg,
    ):
        column = round(float(match[1]) / 12.2)  # Rich's SVG: 12.2 units a cell
        cells = lines.setdefault(int(match[2]), {})
        for offset, char in enumerate(html.unescape(match[3])):
            cells[column + offset] = char
    return "\n".join(
        "".join(cells.get(c, " ") for c in range(max(cells) + 1)).replace("\xa0", " ").rstrip()
        for _n, cells in sorted(lines.items())
    )
