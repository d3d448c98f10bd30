"""YAML syntax errors told as a clerk can act on them: the likely cause and the fix.

PyYAML and libyaml describe their parser's state ("mapping values are not
allowed in this context"), in English. The few mistakes people actually make
in an agenda (a ``:`` inside a title, a tab, a line out of alignment, a quote
inside a quoted text, a quote never closed) are recognised from the message
and the source line and explained in the user's language, with the corrected
line where the fix is to put the text between quotes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from livetweet.i18n import _


@dataclass
class YamlProblem:
    line: int
    col: int
    message: str
    hint: str | None = None


def _pos(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Source:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def char(self, line: int, col: int) -> str:
        text = self.line(line)
        return text[col - 1] if 0 < col <= len(text) else ""


def _content(line: str) -> str:
    """The line without its indentation and list dashes."""
    content = line.lstrip()
    while content.startswith("- ") or content == "-":
        content = content[1:].lstrip()
    return content


def quoted_fix(line: str) -> str | None:
    """``key: value`` with the value between double quotes, or None if no key."""
    content = _content(line)
    key, sep, value = content.partition(": ")
    value = value.strip()
    if not sep or not key or not value:
        return None
    return f"{key}: {json.dumps(value, ensure_ascii=False)}"


def _quote_hint(line: str) -> str:
    fix = quoted_fix(line)
    if fix is None:
        return _('put the text between quotes ("...")')
    return _("put the text between quotes: {fix}").format(fix=fix)


def explain(exc: Any, text: str, max_depth: int) -> YamlProblem:
    """The problem for the ``yaml.MarkedYAMLError`` ``exc`` raised on ``text``."""
    source = _Source(text)
    problem = str(exc.problem or exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    line, col = _pos(mark) if mark is not None else (1, 1)
    context = _pos(exc.context_mark) if exc.context_mark is not None else None
    here = source.line(line)
    char = source.char(line, col)
    before = here[: col - 1].rstrip()

    if "mapping values are not allowed" in problem:
        if ": " in _content(here[: col - 1]) or _content(here[: col - 1]).endswith(":"):
            return YamlProblem(
                line,
                col,
                _("a ':' followed by a space inside a text without quotes: YAML reads a new key"),
                _quote_hint(here),
            )
        return YamlProblem(
            line,
            col,
            _("this line is indented more than the key above it"),
            _("start it in the same column as the other keys of its level (spaces only)"),
        )
    if char == "\t" or "tab character" in problem:
        return YamlProblem(
            line,
            col,
            _("a tab character: YAML indents with spaces only"),
            _("replace the tab with spaces"),
        )
    if "cannot start any token" in problem and char in ("@", "`", "%"):
        return YamlProblem(
            line,
            col,
            _("a text cannot start with {char} without quotes").format(char=char),
            _quote_hint(here),
        )
    scanning = str(exc.context or "")
    if context and any(what in scanning for what in ("an alias", "an anchor", "block scalar")):
        return YamlProblem(  # "* Budget", "& co", "> x": YAML syntax at a text's start
            *context,
            _("a text cannot start with {char} without quotes").format(char=source.char(*context)),
            _quote_hint(source.line(context[0])),
        )
    if "unknown escape" in problem:
        return YamlProblem(
            line,
            col,
            _('a backslash \\ inside "...": YAML reads it as an escape'),
            _("write it twice (\\\\), or put the text between '...'"),
        )
    if "end of stream" in problem and "quoted scalar" in str(exc.context) and context:
        return YamlProblem(
            *context,
            _("this quote is never closed"),
            _("end the text with the same quote mark; inside '...', write an apostrophe twice"),
        )
    if "could not find expected ':'" in problem and context:
        return YamlProblem(
            *context,
            _("a line without ':' where a key was expected"),
            _("write key: value; a text on several lines goes between quotes"),
        )
    if "nesting depth" in problem:
        return YamlProblem(
            line, col, _("values are nested too deeply (more than {n})").format(n=max_depth)
        )
    flow = _flow_problem(problem, line, col, context, source)
    if flow is not None:
        return flow
    if "expected key" in problem or "<block end>" in problem or "'-' indicator" in problem:
        if before.endswith(("'", '"')):
            return YamlProblem(
                line,
                col,
                _("the text goes on after its closing quote"),
                _(
                    "inside '...' write an apostrophe twice (l''école); inside \"...\" "
                    'write a quote as \\" or use « guillemets »'
                ),
            )
        return YamlProblem(
            line,
            col,
            _("this line does not line up with the lines above"),
            _(
                "the keys of one level, and the dashes of one list, start in the same "
                "column (spaces only)"
            ),
        )
    hint = None
    if context and exc.context:
        hint = _("{context} that starts at line {line}, column {col}").format(
            context=exc.context, line=context[0], col=context[1]
        )
    return YamlProblem(line, col, _("invalid YAML: {problem}").format(problem=problem), hint)


def _flow_problem(
    problem: str,
    line: int,
    col: int,
    context: tuple[int, int] | None,
    source: _Source,
) -> YamlProblem | None:
    if context is not None and "node content" in problem:
        opened = source.line(context[0])
        if "#" in opened:
            return YamlProblem(
                line,
                col,
                _("the value is empty"),
                _(
                    "'#' starts a comment in YAML: write hashtags in quotes, "
                    'e.g. ["#CMVilleneuve"]'
                ),
            )
    if context is None or "expected ','" not in problem:
        return None
    if "']'" in problem:
        message = _("the list opened with [ at line {line}, column {col} is not closed")
        hint = _("close it with ], and separate its values with commas")
    else:
        message = _("the mapping opened with {{ at line {line}, column {col} is not closed")
        hint = _("close it with }, and separate its entries with commas")
    return YamlProblem(line, col, message.format(line=context[0], col=context[1]), hint)
