"""Characters a reader cannot see: refused in an agenda's texts, ignored when comparing.

ESC and the other control characters would reach the terminal (or a post) as
commands; bidirectional overrides reorder what the reader sees, so ``12`` can
be written as another number that looks the same. They are refused at the
source with their ``LINE:COL``. Line breaks are allowed in free texts (a title
or a draft written as a YAML block), not in an item number nor in a key.

Invisible format characters (zero-width space, joiners, bidirectional marks)
and the two ways of writing an accent (NFC, NFD) make equal-looking values
differ: :func:`comparable` removes that difference before uniqueness checks.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from livetweet.agenda.problems import Problem
from livetweet.agenda.yaml_tree import NodeInfo, Path, Tree
from livetweet.i18n import _
from livetweet.text.display import control_characters

_STR = "tag:yaml.org,2002:str"
#: Fields holding one token, where a line break can only be a mistake.
_ONE_LINE_FIELDS = frozenset({"number"})


def comparable(text: str) -> str:
    """``text`` as a reader sees it: NFC, without invisible format characters, spaces
    collapsed, case folded."""
    visible = "".join(c for c in unicodedata.normalize("NFC", text) if not is_invisible(c))
    return " ".join(visible.split()).casefold()


def is_invisible(char: str) -> bool:
    """A format character (Unicode Cf): zero-width space, joiner, bidi mark, BOM..."""
    return unicodedata.category(char) == "Cf"


def describe(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``: how a message names an invisible character."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def _texts(tree: Tree) -> Iterator[tuple[Path, NodeInfo, bool]]:
    """Every text the file holds (values and keys), and whether it is a key."""
    for path, info in tree.values.items():
        if info.tag == _STR and info.raw is not None:
            yield path, info, False
    for path, info in tree.keys.items():
        if info.raw is not None:
            yield path, info, True


def _where(source: list[str], info: NodeInfo, char: str) -> tuple[int, int]:
    """The character's own line and column when it is written as is in the file (not
    as an escape such as ``\\e``), else where its text starts."""
    for offset, line in enumerate(source[info.line - 1 : info.line + 2]):
        start = info.col - 1 if offset == 0 else 0
        found = line.find(char, start)
        if found >= 0:
            return info.line + offset, found + 1
    return info.line, info.col


def control_problems(name: str, tree: Tree, text: str) -> list[Problem]:
    """One error per text holding a control or bidirectional character."""
    source = text.split("\n")
    problems: list[Problem] = []
    for path, info, is_key in _texts(tree):
        assert info.raw is not None
        found = control_characters(info.raw)
        if not found:
            continue
        field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
        if not (is_key or field in _ONE_LINE_FIELDS):
            found = [(index, char) for index, char in found if char != "\n"]
            if not found:
                continue
        char = found[0][1]
        if char == "\n":
            line, col = info.line, info.col
            message = _("a line break in a one-line value")
            hint = _("write it on one line")
        else:
            line, col = _where(source, info, char)
            message = _("invisible control character {char} in the text").format(
                char=describe(char)
            )
            hint = _("delete it: it would reach the screen or the post as is")
        problems.append(Problem(name, line, col, "error", message, hint))
    return problems
