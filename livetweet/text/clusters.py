"""Find, fast, the few places where a grapheme or an emoji spans several code points.

Segmenting a whole draft with ``\\X`` costs about a microsecond per character;
a French draft has a handful of multi-code-point clusters (emoji, the odd
combining accent). The UTF-32 form of the text is read through byte tables to
find the characters that *may* join a neighbour (a superset, checked by
``tests/text``), and only the short regions around them are segmented.
"""

from __future__ import annotations

import regex

Span = tuple[int, int]

#: Code points that can join a neighbour in one grapheme cluster, or start an
#: emoji sequence: combining marks, joiners, variation selectors, Hangul, scripts
#: with conjuncts, pictographs, and everything outside the BMP. A superset.
JOINER_RANGES: tuple[tuple[int, int], ...] = (
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0590, 0x0FFF),
    (0x1000, 0x109F),
    (0x1100, 0x11FF),
    (0x1200, 0x137F),
    (0x1700, 0x1DFF),
    (0x200C, 0x200D),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x20D0, 0x20FF),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x21FF),
    (0x2300, 0x23FF),
    (0x24C2, 0x24C2),
    (0x25A0, 0x27BF),
    (0x2900, 0x2BFF),
    (0x2CEF, 0x2CF1),
    (0x2D7F, 0x2D7F),
    (0x2DE0, 0x2DFF),
    (0x302A, 0x303D),
    (0x3099, 0x309A),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0xA600, 0xABFF),
    (0xAC00, 0xD7FF),
    (0xFB1E, 0xFB1E),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xFF9E, 0xFF9F),
    (0x10000, 0x10FFFF),
)

#: Blocks (high byte of a BMP code point) looked at byte by byte, because French
#: text is full of their other characters (Latin-1, typographic punctuation);
#: other blocks count as joiners as a whole as soon as they hold one.
_FINE_BLOCKS = (0x00, 0x20)

_GRAPHEME = regex.compile(r"\X")
#: Prepend characters join the *following* character: regions are not enough.
_PREPEND = regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}")


def _tables() -> tuple[bytes, dict[int, bytes]]:
    coarse = bytearray(256)
    fine = {high: bytearray(256) for high in _FINE_BLOCKS}
    for start, end in JOINER_RANGES:
        for code_point in range(start, min(end, 0xFFFF) + 1):
            high = code_point >> 8
            if high in fine:
                fine[high][code_point & 0xFF] = 1
            else:
                coarse[high] = 1
    return bytes(coarse), {high: bytes(table) for high, table in fine.items()}


_COARSE, _FINE = _tables()
_FINE_SELECT = {high: bytes(1 if h == high else 0 for h in range(256)) for high in _FINE_BLOCKS}
_NONZERO = bytes([0] + [1] * 255)


def _joiner_mask(text: str) -> bytes | None:
    """One byte per code point, 1 where it may join a neighbour; None if none may."""
    wide = text.encode("utf-32-be", "surrogatepass")
    plane, high, low = wide[1::4], wide[2::4], wide[3::4]
    mask = int.from_bytes(plane.translate(_NONZERO), "big") | int.from_bytes(
        high.translate(_COARSE), "big"
    )
    for block, table in _FINE.items():
        if (block == 0x00 and ("\xa9" in text or "\xae" in text)) or (
            block != 0x00 and block in high
        ):
            selected = int.from_bytes(high.translate(_FINE_SELECT[block]), "big")
            mask |= selected & int.from_bytes(low.translate(table), "big")
    if not mask:
        return None
    return mask.to_bytes(len(text), "big")


def joining_regions(text: str) -> list[Span]:
    """Spans of ``text`` outside which every code point is a grapheme of its own.

    Each span is a run of possible joiners plus the character before it; no
    grapheme cluster or emoji sequence crosses a span's edge (save after a
    Prepend character, which :func:`grapheme_count` handles).
    """
    if text.isascii():
        return []
    mask = _joiner_mask(text)
    if mask is None:
        return []
    regions: list[Span] = []
    last_end = 0
    at = mask.find(1)
    while at != -1:
        end = mask.find(0, at)
        if end == -1:
            end = len(text)
        start = max(at - 1, last_end)
        regions.append((start, end))
        last_end = end
        at = mask.find(1, end)
    return regions


def grapheme_count(text: str) -> int:
    """How many extended grapheme clusters ``text`` holds (as ``\\X`` counts them)."""
    clusters = len(text) - text.count("\r\n")
    for start, end in joining_regions(text):
        region = text[start:end]
        if _PREPEND.search(region):
            return len(_GRAPHEME.findall(text))
        clusters -= len(region) - len(_GRAPHEME.findall(region))
    return clusters
