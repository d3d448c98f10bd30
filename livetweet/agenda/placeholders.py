"""The placeholder language of templates and drafts, and its tokenizer.

Deliberately not ``str.format``: that allows ``{x.__class__}``, ``{0}``,
``{x!r}`` and ``{x:>10}``, which let a template reach into Python objects.
Here a placeholder is one of a fixed set of plain names, or ``{@member_id}``;
``{{`` and ``}}`` write literal braces; anything else is a ``TemplateError``
found when the agenda is checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from livetweet.i18n import _

#: Every placeholder, with what it becomes (documentation shown by the CLI and the TUI).
PLACEHOLDERS: Final[dict[str, str]] = {
    "number": "the item's number as written in the agenda (e.g. 7, 12 bis)",
    "title": "the item's full title",
    "short_title": "the item's short title, or its title when it has none",
    "rapporteur": "the rapporteur's mention on the network, else their name",
    "hashtags": "the item's and its theme's hashtags",
    "session_hashtags": "the session's hashtags",
    "link": "the URL of the item's first link",
    "livestream_url": "the session's livestream URL",
    "for": "votes for (asked when posting)",
    "against": "votes against (asked when posting)",
    "abstain": "abstentions (asked when posting)",
    "body": "the council, e.g. Ville de Villeneuve",
    "session_title": "the session's title",
    "time": "the time of posting, e.g. 18 h 45 (fr) or 18:45 (en)",
    "@member_id": "a member's mention: the handle on that network, else the name",
}

#: Placeholders that need an agenda item.
ITEM_PLACEHOLDERS: Final = frozenset(
    {"number", "title", "short_title", "rapporteur", "hashtags", "link"}
)
#: Placeholders that need vote counts.
VOTE_PLACEHOLDERS: Final = frozenset({"for", "against", "abstain"})

_NAMES: Final = frozenset(PLACEHOLDERS) - {"@member_id"}
_MENTION = re.compile(r"@([A-Za-z0-9_-]+)\Z")
_SPECIAL = re.compile(r"[{}]")


class TemplateError(ValueError):
    """A template or draft cannot be rendered; the message names the placeholder."""

    def __init__(self, message: str, placeholder: str | None = None) -> None:
        super().__init__(message)
        self.placeholder = placeholder


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # a name from PLACEHOLDERS


@dataclass(frozen=True, slots=True)
class Mention:
    member_id: str


Token = str | Field | Mention


@dataclass(frozen=True, slots=True)
class Span:
    """Where a placeholder or a doubled brace sits in the source text: ``text`` is
    what it is written as (``{title}``, ``{{``), ``token`` what it means (a literal
    brace, a field or a mention). The TUI maps rendered offsets back with it."""

    start: int
    end: int
    token: Token

    def text_in(self, source: str) -> str:
        return source[self.start : self.end]


@lru_cache(maxsize=4096)
def spans(text: str) -> tuple[Span, ...]:
    """Every placeholder and doubled brace of ``text``, in order, or raise TemplateError.

    The one scanner of the placeholder language: ``tokenize`` is built on it."""
    found: list[Span] = []
    pos = 0
    while (match := _SPECIAL.search(text, pos)) is not None:
        start = match.start()
        char = text[start]
        if text.startswith(char * 2, start):
            found.append(Span(start, start + 2, char))
            pos = start + 2
            continue
        if char == "}":
            raise TemplateError(
                _("a lone '}}' at position {pos}: write '}}}}' for a literal brace").format(
                    pos=start + 1
                ),
                "}",
            )
        end = text.find("}", start + 1)
        inner = text[start + 1 : end] if end != -1 else None
        if inner is None or "{" in inner:
            raise TemplateError(
                _("'{{' at position {pos} is not closed: write '{{{{' for a literal brace").format(
                    pos=start + 1
                ),
                "{",
            )
        found.append(Span(start, end + 1, _placeholder(inner)))
        pos = end + 1
    return tuple(found)


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Token, ...]:
    """Split ``text`` into literal strings, fields and mentions, or raise TemplateError."""
    tokens: list[Token] = []
    literal: list[str] = []
    pos = 0
    for span in spans(text):
        literal.append(text[pos : span.start])
        if isinstance(span.token, str):  # a doubled brace: one literal brace
            literal.append(span.token)
        else:
            if literal:
                tokens.append("".join(literal))
                literal = []
            tokens.append(span.token)
        pos = span.end
    literal.append(text[pos:])
    if any(literal):
        tokens.append("".join(literal))
    return tuple(tokens)


def _placeholder(inner: str) -> Field | Mention:
    if inner in _NAMES:
        return Field(inner)
    mention = _MENTION.match(inner)
    if mention:
        return Mention(mention.group(1))
    raise TemplateError(
        _("unknown placeholder {{{name}}}").format(name=inner),
        "{" + inner + "}",
    )


def placeholders_in(text: str) -> set[str]:
    """The plain placeholder names ``text`` uses (mentions as ``@id``)."""
    found: set[str] = set()
    for token in tokenize(text):
        if isinstance(token, Field):
            found.add(token.name)
        elif isinstance(token, Mention):
            found.add("@" + token.member_id)
    return found
