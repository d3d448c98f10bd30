"""Split a draft too long for a network into the posts of a thread.

Cuts fall at paragraph breaks first, then at sentence ends, then between words,
and always on white space, so a link, a mention or a hashtag is never cut. A
word longer than a whole post (a huge link on Bluesky, a string without spaces)
is the one exception: it is cut between grapheme clusters, never inside one, so
an accent never leaves its letter. A cluster that alone exceeds a post (a letter
under thousands of accents) cannot be posted: :class:`ClusterTooLong` says so.
No-break spaces (``18\u00a0h``) are not places to cut.

The operator forces a cut by typing a line that holds only ``---`` (the
*explicit break*); it is removed from the posts. With ``numbering`` each post
of a thread of n gets the suffix `` i/n``, whose characters are counted.

Splitting is linear in the draft's length: each post is looked for in a window
a little longer than a post, never in the whole rest of the draft.
"""

from __future__ import annotations

import re

import regex

from livetweet.i18n import _
from livetweet.text.counting import (
    BLUESKY_MAX_BYTES,
    URL_WEIGHT,
    Count,
    count,
    utf8_length,
    utf8_prefix_length,
)
from livetweet.text.networks import DISPLAY_NAMES, HARD_LIMITS, Network

#: A line holding only ``---``: the operator's explicit break.
EXPLICIT_BREAK = regex.compile(r"^[ \t]*---[ \t]*\r?$", regex.MULTILINE)

#: White space a post may end at: not the no-break spaces of French typography
#: (``18\u00a0h``, ``«\u00a0oui\u00a0»``), which exist to keep words together.
_SPACE = r"[^\S\u00a0\u2007\u202f]"
#: Nor white space that carries an accent or a joiner: it is one cluster with it.
_NOT_JOINED = (
    r"(?![\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}])"
)
_PARAGRAPH_BREAK = regex.compile(rf"\n[ \t]*+\n\s*+{_NOT_JOINED}")
_SENTENCE_END = regex.compile(
    rf"(?<=[.!?…](?:[»\"”)]|[ \u00a0\u202f][»\"”])?){_SPACE}++{_NOT_JOINED}"
)
_WORD_BREAK = regex.compile(rf"{_SPACE}++{_NOT_JOINED}")
_GRAPHEME = regex.compile(r"\X")
#: What ``str.lstrip`` removes (the stdlib's ``\s`` is ``str.isspace``).
_LEADING_SPACE = re.compile(r"\s*")
#: A cut is taken at the best level only if it keeps at least this share of a post.
_MIN_FILL = 0.5


class ClusterTooLong(ValueError):
    """One grapheme cluster (a letter and all its accents) is longer than a post.

    It cannot be cut without detaching accents from their letter, so it cannot
    be posted on ``network``: the operator must shorten it. ``start``/``end`` are
    its place in the section of the draft where it was found; ``size`` and
    ``limit`` (the network's, though the numbering takes a little of it) are in
    ``unit`` (``"weight"``, ``"bytes"`` or ``"graphemes"``).
    """

    def __init__(
        self, network: Network, *, start: int, end: int, size: int, limit: int, unit: str
    ) -> None:
        super().__init__(network, start, end, size, limit, unit)
        self.network, self.start, self.end = network, start, end
        self.size, self.limit, self.unit = size, limit, unit

    def __str__(self) -> str:
        message = (
            _(
                "One character carries {marks} accents or joiners: {size} bytes, more than "
                "a post on {network} allows ({limit}). Remove them: it cannot be split."
            )
            if self.unit == "bytes"
            else _(
                "One character carries {marks} accents or joiners: it counts {size}, more "
                "than a post on {network} allows ({limit}). Remove them: it cannot be split."
            )
        )
        return message.format(
            marks=self.end - self.start - 1,
            size=self.size,
            limit=self.limit,
            network=DISPLAY_NAMES[self.network],
        )


def _skip_space(text: str, pos: int) -> int:
    """Past the white space at ``pos`` (as ``str.lstrip`` would strip it)."""
    match = _LEADING_SPACE.match(text, pos)
    return match.end() if match else pos


class _Splitter:
    """Cuts posts of at most ``budget`` (the limit less the numbering's reserve)."""

    def __init__(
        self, network: Network, limit: int, reserve: int, url_weight: int | None = None
    ) -> None:
        self.network, self.limit, self.budget = network, limit, limit - reserve
        self.url_weight = url_weight
        self.max_bytes = BLUESKY_MAX_BYTES - reserve if network == "bluesky" else None

    def overflow(self, text: str) -> int | None:
        """Where ``text`` stops fitting, or None if it fits."""
        result = count(text, self.network, limit=self.budget, url_weight=self.url_weight)
        at = result.overflow_at if result.length > self.budget else None
        if self.max_bytes is not None and result.utf8_bytes > self.max_bytes:
            fitting = utf8_prefix_length(text, self.max_bytes)
            at = fitting if at is None else min(at, fitting)
        return at

    def fits(self, text: str) -> bool:
        return self.overflow(text) is None

    def window(self, text: str, pos: int) -> tuple[str, int | None]:
        """A prefix of ``text[pos:]`` that overflows (and where it does), or the whole
        rest with None when it fits.

        The window ends at a word break, or mid-word when the next break is far away
        (a giant word): it stays a few posts long, which keeps splitting linear.
        """
        size = self.budget + self.budget // 2 + 16
        while True:
            if pos + size >= len(text):
                window = text[pos:]
                return window, self.overflow(window)
            end = _WORD_BREAK.search(text, pos + size, pos + 2 * size)
            window = text[pos : end.start() if end else pos + size]
            at = self.overflow(window)
            if at is not None:
                return window, at
            size *= 2

    def too_long(self, cluster: str, start: int) -> ClusterTooLong:
        result = count(cluster, self.network, limit=self.budget, url_weight=self.url_weight)
        if self.max_bytes is not None and result.utf8_bytes > self.max_bytes:
            size, limit, unit = result.utf8_bytes, BLUESKY_MAX_BYTES, "bytes"
        else:
            size, limit = result.length, self.limit
            unit = "weight" if self.network == "x" else "graphemes"
        return ClusterTooLong(
            self.network, start=start, end=start + len(cluster), size=size, limit=limit, unit=unit
        )

    def hard_cut(self, text: str, pos: int, reach: int) -> int:
        """The longest prefix of ``text[pos:]`` ending between grapheme clusters that
        fits (a whole cluster at least: one too long for a post is an error)."""
        ends: list[int] = []
        for match in _GRAPHEME.finditer(text, pos):
            if match.end() - pos > reach + 1:
                if not ends:
                    raise self.too_long(match.group(), match.start())
                break
            ends.append(match.end() - pos)
        for end in reversed(ends):
            if self.fits(text[pos : pos + end]):
                return end
        raise self.too_long(text[pos : pos + ends[0]], pos)

    def next_cut(self, window: str, reach: int) -> tuple[int, int] | None:
        """(end of the first post, start of the rest) at a break of ``window``, which
        overflows at ``reach``; None when no break fits."""
        best: tuple[int, int] | None = None
        for pattern in (_PARAGRAPH_BREAK, _SENTENCE_END, _WORD_BREAK):
            breaks = [
                (m.start(), m.end()) for m in pattern.finditer(window) if 0 < m.start() <= reach
            ]
            for start, end in reversed(breaks):
                if self.fits(window[:start]):
                    if start >= reach * _MIN_FILL:
                        return start, end
                    if best is None or start > best[0]:
                        best = (start, end)
                    break
        return best

    def split(self, text: str, max_parts: int | None = None) -> list[str]:
        """The posts of ``text``; with ``max_parts``, stops after one more than that."""
        parts: list[str] = []
        text = text.rstrip()
        pos = _skip_space(text, 0)
        while pos < len(text):
            if max_parts is not None and len(parts) > max_parts:
                break
            window, reach = self.window(text, pos)
            if reach is None:
                parts.append(window)
                break
            cut = self.next_cut(window, reach)
            if cut is None:
                end = start = self.hard_cut(text, pos, reach)
            else:
                end, start = cut
            parts.append(window[:end].rstrip())
            pos = _skip_space(text, pos + start)
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
    url_weight: int | None = None,
) -> list[str]:
    """``text`` as the posts of a thread that each fit ``network``'s limit.

    A text that fits and holds no explicit break comes back unchanged, alone;
    a blank one, or one made only of explicit breaks, gives no post at all.
    Raises :class:`ClusterTooLong` when one grapheme cluster alone is too long.
    ``url_weight``: what a link counts (a Mastodon instance's own), as for :func:`count`.
    """
    return _thread(
        text, network, limit=limit, numbering=numbering, max_parts=None, url_weight=url_weight
    )[0]


def split_thread_start(
    text: str,
    network: Network = "x",
    *,
    limit: int | None = None,
    numbering: bool = True,
    max_parts: int,
    counted: Count | None = None,
    url_weight: int | None = None,
) -> tuple[list[str], bool]:
    """The thread's posts if it has at most ``max_parts`` (and True), else its first
    ``max_parts`` posts, unnumbered (and False): the work stays bounded by
    ``max_parts``, however long the draft (for a preview on every keystroke).

    ``counted``: the draft's :func:`count` for this network and limit, when the
    caller has it already (not counted twice)."""
    return _thread(
        text,
        network,
        limit=limit,
        numbering=numbering,
        max_parts=max_parts,
        counted=counted,
        url_weight=url_weight,
    )


def _thread(
    text: str,
    network: Network,
    *,
    limit: int | None,
    numbering: bool,
    max_parts: int | None,
    counted: Count | None = None,
    url_weight: int | None = None,
) -> tuple[list[str], bool]:
    hard = limit if limit is not None else HARD_LIMITS[network]
    link = url_weight if url_weight is not None and network == "mastodon" else URL_WEIGHT
    same = counted is not None and (counted.network, counted.limit, counted.url_weight) == (
        network,
        hard,
        link,
    )
    whole = (
        counted
        if counted is not None and same
        else count(text, network, limit=hard, url_weight=url_weight)
    )
    if whole.empty:
        return [], True
    if whole.fits and not EXPLICIT_BREAK.search(text):
        return [text], True
    sections = [s for s in EXPLICIT_BREAK.split(text) if s.strip()]
    if not sections:
        return [], True
    estimate = max(2, len(sections), -(-whole.length // max(hard, 1)))
    if network == "bluesky":
        estimate = max(estimate, -(-utf8_length(text) // BLUESKY_MAX_BYTES))
    reserve = _reserve(estimate) if numbering else 0
    while True:
        splitter = _Splitter(network, hard, reserve, url_weight)
        parts: list[str] = []
        for section in sections:
            left = None if max_parts is None else max_parts - len(parts)
            parts.extend(splitter.split(section, left))
            if max_parts is not None and len(parts) > max_parts:
                return parts[:max_parts], False
        if not numbering or len(parts) == 1:
            return parts, True
        if _reserve(len(parts)) <= reserve:
            return [p + part_number(i, len(parts)) for i, p in enumerate(parts, 1)], True
        reserve = _reserve(len(parts))
