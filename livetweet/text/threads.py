"""Split a draft too long for a network into the posts of a thread.

Cuts fall at paragraph breaks first, then at sentence ends, then between words,
and always on white space, so a link, a mention or a hashtag is never cut. A
word longer than a whole post (only possible for a huge link on Bluesky) is the
one exception: it is cut between graphemes.

The operator forces a cut by typing a line that holds only ``---`` (the
*explicit break*); it is removed from the posts. With ``numbering`` each post
of a thread of n gets the suffix `` i/n``, whose characters are counted.
"""

from __future__ import annotations

import regex

from livetweet.text.counting import count
from livetweet.text.networks import HARD_LIMITS, Network

#: A line holding only ``---``: the operator's explicit break.
EXPLICIT_BREAK = regex.compile(r"^[ \t]*---[ \t]*$", regex.MULTILINE)

_PARAGRAPH_BREAK = regex.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = regex.compile(r"(?<=[.!?…](?:[»\"”)]|[ \u00a0\u202f][»\"”])?)\s+")
_WORD_BREAK = regex.compile(r"\s+")
_GRAPHEME = regex.compile(r"\X")
#: A cut is taken at the best level only if it keeps at least this share of a post.
_MIN_FILL = 0.5


def _fits(text: str, network: Network, limit: int) -> bool:
    return count(text, network, limit=limit).fits


def _overflow(text: str, network: Network, limit: int) -> int:
    found = count(text, network, limit=limit).overflow_at
    return len(text) if found is None else found


def _hard_cut(text: str, network: Network, limit: int) -> int:
    """The longest prefix ending between graphemes that fits (at least one grapheme)."""
    ends = [m.end() for m in _GRAPHEME.finditer(text, 0, _overflow(text, network, limit) + 1)]
    for end in reversed(ends):
        if end > 0 and _fits(text[:end], network, limit):
            return end
    return ends[0] if ends else len(text)


def _next_cut(text: str, network: Network, limit: int) -> tuple[int, int]:
    """(end of the first post, start of the rest) for ``text``, which does not fit."""
    reach = _overflow(text, network, limit)
    window = text[: reach + 1]
    best: tuple[int, int] | None = None
    for pattern in (_PARAGRAPH_BREAK, _SENTENCE_END, _WORD_BREAK):
        breaks = [(m.start(), m.end()) for m in pattern.finditer(window) if m.start() > 0]
        for start, end in reversed(breaks):
            if _fits(text[:start], network, limit):
                if start >= reach * _MIN_FILL:
                    return start, end
                if best is None or start > best[0]:
                    best = (start, end)
                break
    if best is not None:
        return best
    cut = _hard_cut(text, network, limit)
    return cut, cut


def _split(text: str, network: Network, limit: int) -> list[str]:
    parts: list[str] = []
    rest = text.strip()
    while rest:
        if _fits(rest, network, limit):
            parts.append(rest)
            break
        end, start = _next_cut(rest, network, limit)
        parts.append(rest[:end].rstrip())
        rest = rest[start:].lstrip()
    return parts


def split_thread(
    text: str,
    network: Network = "x",
    *,
    limit: int | None = None,
    numbering: bool = True,
) -> list[str]:
    """``text`` as the posts of a thread that each fit ``network``'s limit.

    A text that fits and holds no explicit break comes back unchanged, alone.
    """
    hard = limit if limit is not None else HARD_LIMITS[network]
    sections = [s for s in EXPLICIT_BREAK.split(text) if s.strip()]
    if not EXPLICIT_BREAK.search(text) and count(text, network, limit=hard).fits:
        return [text]
    if not sections:
        return [text]
    reserve = 0
    while True:
        parts = [p for s in sections for p in _split(s, network, hard - reserve)]
        if not numbering or len(parts) == 1:
            return parts
        needed = len(f" {len(parts)}/{len(parts)}")
        if needed <= reserve:
            return [f"{p} {i}/{len(parts)}" for i, p in enumerate(parts, 1)]
        reserve = needed
