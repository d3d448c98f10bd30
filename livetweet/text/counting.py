"""Count a draft exactly as each network will, fast enough for every keystroke.

- X: twitter-text v3 weights on the NFC text (``\\r\\n`` counts as one line
  break): weight 1 for code points 0-4351, 8192-8205, 8208-8223, 8242-8247,
  2 otherwise; every link X would make counts 23, every emoji sequence 2.
- Mastodon: graphemes; every link with a scheme (``https://``, as Mastodon's
  own link rules find them) counts 23 (or the instance's
  ``characters_reserved_per_url``) and ``@user@instance`` counts as ``@user``.
  The limit is 500 unless the instance says otherwise.
- Bluesky: 300 graphemes, and never more than 3,000 UTF-8 bytes; links count
  at full length (the text is posted as written).

Counting never loops over characters in Python: heavy characters are counted
from the UTF-16 bytes through translation tables, links and emoji are found by
compiled patterns (emoji only in the few regions :mod:`clusters` points at), and
the place where the text stops fitting is looked for only when it does not fit.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import regex

from livetweet.text.clusters import grapheme_count
from livetweet.text.entities import MASTODON_MENTION, extract_emoji
from livetweet.text.networks import HARD_LIMITS, Network
from livetweet.text.urls import Span, extract_mastodon_urls, extract_urls

URL_WEIGHT = 23
EMOJI_WEIGHT = 2
BLUESKY_MAX_BYTES = 3000

#: What each network refuses outright: lone surrogates (not text at all) and,
#: for X, the noncharacters twitter-text rejects.
_X_INVALID = re.compile("[\ufffe\ufeff\uffff\ud800-\udfff]")
_INVALID = re.compile("[\ud800-\udfff]")
_GRAPHEME = regex.compile(r"\X")

# X weights, read from the UTF-16 code units: a unit whose high byte is 0x00-0x10
# is a code point 0-4351 (light); a low surrogate is the second half of an astral
# (heavy) code point already counted by its high surrogate; in the 0x20 block only
# 2000-200D, 2010-201F and 2032-2037 are light.
_HEAVY_HIGH_BYTES = bytes(0 if h <= 0x10 or 0xDC <= h <= 0xDF else 1 for h in range(256))
_IS_0x20_BLOCK = bytes(1 if h == 0x20 else 0 for h in range(256))
_LIGHT_IN_0x20_BLOCK = bytes(
    1 if low <= 0x0D or 0x10 <= low <= 0x1F or 0x32 <= low <= 0x37 else 0 for low in range(256)
)
_HEAVY_CHAR = re.compile("[^\x00-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")

#: An entity: (start, end, what it counts for) in the counted string.
_Entity = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Count:
    """What a network will count for a draft, and where the draft stops fitting.

    Indices (``overflow_at``, ``urls``, ``invalid_at``) are into the text as
    given, so the UI can highlight ``text[overflow_at:]`` directly.

    - ``length``/``limit``: in the network's unit; ``limit`` is the hard limit in
      force (the network's, or the instance's ``max_characters`` given).
    - ``fits``: within the hard limit (and, on Bluesky, within ``byte_limit``).
    - ``overflow_at``: first character past the limit (a whole link or emoji
      when the limit falls inside one), None when it fits.
    - ``urls``: the links. X and Mastodon count each as ``url_weight`` (23, or a
      Mastodon instance's own); Bluesky counts them at full length (they are
      listed for highlighting).
    - ``house_limit``/``over_house_limit``/``house_overflow_at``: the team's own
      ceiling, never mixed with the hard limit.
    - ``invalid_at``: first character the network refuses outright (a lone
      surrogate; for X also U+FFFE, U+FEFF, U+FFFF).
    - ``empty``: nothing but white space.
    """

    network: Network
    length: int
    limit: int
    fits: bool
    overflow_at: int | None
    urls: tuple[Span, ...]
    house_limit: int | None = None
    over_house_limit: bool = False
    house_overflow_at: int | None = None
    utf8_bytes: int = 0
    byte_limit: int | None = None
    invalid_at: int | None = None
    empty: bool = False
    url_weight: int = URL_WEIGHT

    @property
    def remaining(self) -> int:
        """How much is left before the hard limit (negative when over)."""
        return self.limit - self.length

    @property
    def postable(self) -> bool:
        """Fits, is not blank and holds no character the network refuses."""
        return self.fits and not self.empty and self.invalid_at is None


def _heavy(text: str) -> int:
    """How many code points of ``text`` weigh 2 for X (no Python loop)."""
    if text.isascii():
        return 0
    units = text.encode("utf-16-be", "surrogatepass")
    high = units[0::2]
    heavy = high.translate(_HEAVY_HIGH_BYTES).count(1)
    if 0x20 in high:
        in_block = int.from_bytes(high.translate(_IS_0x20_BLOCK), "big")
        light = int.from_bytes(units[1::2].translate(_LIGHT_IN_0x20_BLOCK), "big")
        heavy -= (in_block & light).bit_count()
    return heavy


def _graphemes(text: str) -> int:
    return grapheme_count(text)


class _IndexMap:
    """Maps indices in the X-normalised text back to the text as typed.

    When the text is already NFC only line breaks change (``\r\n`` becomes
    ``\n``): each such break shifts later indices by one. Otherwise the text is
    normalised grapheme by grapheme and indices map cluster to cluster.
    """

    def __init__(self, original: str) -> None:
        self.orig_len = len(original)
        self.crlf_at: list[int] | None = None
        self.orig_starts: list[int] = []
        self.norm_starts: list[int] = []
        if unicodedata.is_normalized("NFC", original):
            self.text = original.replace("\r\n", "\n")
            self.crlf_at = []
            found = original.find("\r\n")
            while found != -1:
                self.crlf_at.append(found - len(self.crlf_at))
                found = original.find("\r\n", found + 2)
            self.text = self.text.replace("\r", "\n")
            self.norm_len = len(self.text)
            return
        pieces: list[str] = []
        orig = norm = 0
        for cluster in _GRAPHEME.findall(original):
            piece = _x_normalise_piece(cluster)
            self.orig_starts.append(orig)
            self.norm_starts.append(norm)
            pieces.append(piece)
            orig += len(cluster)
            norm += len(piece)
        self.norm_len = norm
        self.text = "".join(pieces)

    def to_original(self, index: int, *, end: bool = False) -> int:
        if index >= self.norm_len:
            return self.orig_len
        if self.crlf_at is not None:
            return index + bisect_left(self.crlf_at, index)
        k = bisect_right(self.norm_starts, index) - 1
        if end and self.norm_starts[k] != index:
            k += 1
            return self.orig_starts[k] if k < len(self.orig_starts) else self.orig_len
        return self.orig_starts[k]


def _x_normalise_piece(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def _outside(spans: list[Span]) -> Callable[[int, int], bool]:
    """Whether [start, end) overlaps none of ``spans`` (sorted, disjoint), by bisection:
    one look per entity, so a long draft full of links and emoji stays linear."""
    starts = [s for s, _ in spans]

    def check(start: int, end: int) -> bool:
        i = bisect_left(starts, max(end, start + 1)) - 1
        return i < 0 or spans[i][1] <= start

    return check


def _x_entities(text: str) -> list[_Entity]:
    urls = extract_urls(text)
    entities = [(s, e, URL_WEIGHT) for s, e in urls]
    if not text.isascii():
        outside = _outside(urls)
        entities.extend((s, e, EMOJI_WEIGHT) for s, e in extract_emoji(text) if outside(s, s + 1))
        entities.sort()
    return entities


def _x_weight_of(text: str) -> int:
    return len(text) + _heavy(text)


def _x_locate(run: str, budget: int) -> int:
    """Index in ``run`` of the code point that takes the weight past ``budget``."""
    total = 0
    for offset, char in enumerate(run):
        total += 2 if _HEAVY_CHAR.match(char) else 1
        if total > budget:
            return offset
    return len(run)


def _grapheme_locate(run: str, budget: int) -> int:
    """Where the grapheme after the first ``budget`` graphemes of ``run`` starts."""
    for index, match in enumerate(_GRAPHEME.finditer(run)):
        if index == budget:
            return match.start()
    return len(run)


def _overflow(
    text: str,
    entities: list[_Entity],
    limit: int,
    measure: Callable[[str], int],
    locate: Callable[[str, int], int],
) -> int | None:
    """Where ``text`` passes ``limit``: the runs between entities are measured whole,
    and only the run that crosses the limit is walked (never past the limit); an
    entity that crosses it overflows at its start."""
    total = pos = 0
    for start, end, weight in [*entities, (len(text), len(text), 0)]:
        run = text[pos:start]
        size = measure(run)
        if total + size > limit:
            return pos + locate(run, limit - total)
        total += size
        if start == len(text):
            return None
        total += weight
        if total > limit:
            return start
        pos = end
    return None


def utf8_length(text: str) -> int:
    """UTF-8 bytes of ``text``; a lone surrogate (invalid, reported apart) takes 3."""
    return len(text.encode("utf-8", "surrogatepass"))


def utf8_prefix_length(text: str, max_bytes: int) -> int:
    """How many characters of ``text`` fit whole in ``max_bytes`` UTF-8 bytes."""
    encoded = text.encode("utf-8", "surrogatepass")[: max_bytes + 1]
    if len(encoded) <= max_bytes:
        return len(text)
    # Drop the character the limit falls in: back to its lead byte.
    end = max_bytes
    while end > 0 and (encoded[end] & 0xC0) == 0x80:
        end -= 1
    return len(encoded[:end].decode("utf-8", "surrogatepass"))


def _mastodon_entities(text: str, url_weight: int) -> list[_Entity]:
    urls = extract_mastodon_urls(text)
    entities = [(s, e, url_weight) for s, e in urls]
    if "@" in text:
        outside = _outside(urls)
        for m in MASTODON_MENTION.finditer(text):
            if m.group(2) and outside(m.start(), m.end()):
                entities.append((m.start(2), m.end(2), 0))
        entities.sort()
    return entities


def _first(*indices: int | None) -> int | None:
    present = [i for i in indices if i is not None]
    return min(present) if present else None


def count(
    text: str,
    network: Network = "x",
    *,
    limit: int | None = None,
    house_limit: int | None = None,
    url_weight: int | None = None,
) -> Count:
    """Count ``text`` for ``network``.

    ``limit`` overrides the hard limit (a Mastodon instance's ``max_characters``);
    ``house_limit`` is the team's own, stricter ceiling, reported on its own;
    ``url_weight`` what a link counts on Mastodon (the instance's
    ``characters_reserved_per_url``; X always counts 23).
    """
    hard = limit if limit is not None else HARD_LIMITS[network]
    link = url_weight if url_weight is not None and network == "mastodon" else URL_WEIGHT
    counted = text
    index_map: _IndexMap | None = None
    if network == "x":
        if "\r" in text or not unicodedata.is_normalized("NFC", text):
            index_map = _IndexMap(text)
            counted = index_map.text
        entities = _x_entities(counted)
        length = _x_weight_of(counted) + sum(w - _x_weight_of(counted[s:e]) for s, e, w in entities)
        url_spans = [(s, e) for s, e, w in entities if w == URL_WEIGHT]
    else:
        entities = _mastodon_entities(text, link) if network == "mastodon" else []
        length = _graphemes(text) + sum(w - _graphemes(text[s:e]) for s, e, w in entities)
        if network == "mastodon":
            url_spans = [(s, e) for s, e, w in entities if w == link]
        else:
            url_spans = extract_urls(text)

    def overflow(at: int) -> int | None:
        if network != "x":
            return _overflow(text, entities, at, _graphemes, _grapheme_locate)
        found = _overflow(counted, entities, at, _x_weight_of, _x_locate)
        return index_map.to_original(found) if index_map and found is not None else found

    utf8_bytes = utf8_length(text)
    byte_limit = BLUESKY_MAX_BYTES if network == "bluesky" else None
    over_bytes = byte_limit is not None and utf8_bytes > byte_limit
    overflow_at = overflow(hard) if length > hard else None
    if over_bytes and byte_limit is not None:
        overflow_at = _first(overflow_at, utf8_prefix_length(text, byte_limit))
    over_house = house_limit is not None and length > house_limit
    house_overflow_at = overflow(house_limit) if over_house and house_limit is not None else None
    if index_map is not None:
        url_spans = [
            (index_map.to_original(s), index_map.to_original(e, end=True)) for s, e in url_spans
        ]
    invalid = (_X_INVALID if network == "x" else _INVALID).search(text)
    return Count(
        network=network,
        length=length,
        limit=hard,
        fits=length <= hard and not over_bytes,
        overflow_at=overflow_at,
        urls=tuple(url_spans),
        house_limit=house_limit,
        over_house_limit=over_house,
        house_overflow_at=house_overflow_at,
        utf8_bytes=utf8_bytes,
        byte_limit=byte_limit,
        invalid_at=invalid.start() if invalid else None,
        empty=not text.strip(),
        url_weight=link,
    )


def weighted_length(text: str, network: str = "x") -> int:
    """The length ``network`` counts for ``text`` (X: weighted; others: graphemes)."""
    if network not in HARD_LIMITS:
        raise ValueError(f"unknown network: {network!r}")
    return count(text, network).length
