"""Split a draft too long for a network into the posts of a thread.

Cuts fall at paragraph breaks first, then at sentence ends, then between words,
and always on white space, so a link, a mention or a hashtag is never cut. A
word longer than a whole post (only possible for a huge link on Bluesky) is the
one exception: it is cut between graphemes. No-break spaces (``18\u00a0h``) are
not places to cut.

The operator forces a cut by typing a line that holds only ``---`` (the
*explicit break*); it is removed from the posts. With ``numbering`` each post
of a thread of n gets the suffix `` i/n``, whose characters are counted.
"""

from __future__ import annotations

import regex

from livetweet.text.counting import BLUESKY_MAX_BYTES, count, utf8_prefix_length
from livetweet.text.networks import HARD_LIMITS, Network

#: A line holding only ``---``: the operator's explicit break.
EXPLICIT_BREAK = regex.compile(r"^[ \t]*---[ \t]*\r?$", regex.MULTILINE)

_PARAGRAPH_BREAK = regex.compile(r"\n[ \t]*\n\s*")
#: White space a post may end at: not the no-break spaces of French typography
#: (``18\u00a0h``, ``«\u00a0oui\u00a0»``), which exist to keep words together.
_SPACE = r"[^\S\u00a0\u2007\u202f]"
_SENTENCE_END = regex.compile(rf"(?<=[.!?…](?:[»\"”)]|[ \u00a0\u202f][»\"”])?){_SPACE}+")
_WORD_BREAK = regex.compile(rf"{_SPACE}+")
_GRAPHEME = regex.compile(r"\X")
#: A cut is taken at the best level only if it keeps at least this share of a post.
_MIN_FILL = 0.5


class _Splitter:
    """Cuts posts of at most ``budget`` (the limit less the numbering's reserve)."""

    def __init__(self, network: Network, limit: int, reserve: int) -> None:
        self.network, self.budget = network, limit - reserve
        self.max_bytes = BLUESKY_MAX_BYTES - reserve if network == "bluesky" else None

    def overflow(self, text: str) -> int | None:
        """Where ``text`` stops fitting, or None if it fits."""
        result = count(text, self.network, limit=self.budget)
        at = result.overflow_at if result.length > self.budget else None
        if self.max_bytes is not None and result.utf8_bytes > self.max_bytes:
            fitting = utf8_prefix_length(text, self.max_bytes)
            at = fitting if at is None else min(at, fitting)
        return at

    def fits(self, text: str) -> bool:
        return self.overflow(text) is None

    def window(self, rest: str) -> tuple[str, int | None]:
        """The shortest whole-word prefix of ``rest`` that overflows, and where it does.

        Counting only a window keeps splitting linear in the draft's length.
        """
        size = self.budget + self.budget // 2 + 16
        while True:
            end = _WORD_BREAK.search(rest, size)
            window = rest if end is None else rest[: end.start()]
            at = self.overflow(window)
            if at is not None or window is rest:
                return window, at
            size *= 2

    def hard_cut(self, text: str, reach: int) -> int:
        """The longest prefix ending between graphemes that fits (one grapheme at least)."""
        ends = [m.end() for m in _GRAPHEME.finditer(text, 0, reach + 1)]
        for end in reversed(ends):
            if self.fits(text[:end]):
                return end
        return ends[0] if ends else len(text)

    def next_cut(self, text: str, reach: int) -> tuple[int, int]:
        """(end of the first post, start of the rest) for ``text``, which overflows at ``reach``."""
        head = text[: reach + 1]
        best: tuple[int, int] | None = None
        for pattern in (_PARAGRAPH_BREAK, _SENTENCE_END, _WORD_BREAK):
            breaks = [(m.start(), m.end()) for m in pattern.finditer(head) if m.start() > 0]
            for start, end in reversed(breaks):
                if self.fits(text[:start]):
                    if start >= reach * _MIN_FILL:
                        return start, end
                    if best is None or start > best[0]:
                        best = (start, end)
                    break
        if best is not None:
            return best
        cut = self.hard_cut(text, reach)
        return cut, cut

    def split(self, text: str) -> list[str]:
        parts: list[str] = []
        rest = text.strip()
        while rest:
            window, reach = self.window(rest)
            if reach is None:
                parts.append(rest)
                break
            end, start = self.next_cut(window, reach)
            parts.append(rest[:end].rstrip())
            rest = rest[start:].lstrip()
        return parts


def part_number(position: int, total: int) -> str:
    """The one numbering format of a thread's posts: `` i/n`` at the end (counted)."""
    return f" {position}/{total}"


def numbered(text: str, position: int, total: int, network: Network) -> str:
    """``text`` as post ``position`` of ``total``, unless it already ends with that very
    number (split with numbering) or the number would not fit.

    Only the exact suffix counts as numbering: a date (``15/12``) or a fraction
    (``2/3 des voix``) in the text is text.
    """
    suffix = part_number(position, total)
    if total < 2 or text.endswith(suffix):
        return text
    candidate = text + suffix
    return candidate if count(candidate, network).fits else text


def _reserve(parts: int) -> int:
    return len(part_number(parts, parts))


def split_thread(
    text: str,
    network: Network = "x",
    *,
    limit: int | None = None,
    numbering: bool = True,
) -> list[str]:
    """``text`` as the posts of a thread that each fit ``network``'s limit.

    A text that fits and holds no explicit break comes back unchanged, alone;
    a blank one, or one made only of explicit breaks, gives no post at all.
    """
    hard = limit if limit is not None else HARD_LIMITS[network]
    whole = count(text, network, limit=hard)
    if whole.empty:
        return []
    if whole.fits and not EXPLICIT_BREAK.search(text):
        return [text]
    sections = [s for s in EXPLICIT_BREAK.split(text) if s.strip()]
    if not sections:
        return []
    estimate = max(2, len(sections), -(-whole.length // max(hard, 1)))
    reserve = _reserve(estimate) if numbering else 0
    while True:
        splitter = _Splitter(network, hard, reserve)
        parts = [p for section in sections for p in splitter.split(section)]
        if not numbering or len(parts) == 1:
            return parts
        if _reserve(len(parts)) <= reserve:
            return [p + part_number(i, len(parts)) for i, p in enumerate(parts, 1)]
        reserve = _reserve(len(parts))
