"""Emoji sequences as X counts them: each one weighs 2, whatever it is built of.

Single pictographs, skin-tone modifier sequences, flags, keycaps and tag
sequences are recognised from Unicode properties (the ``regex`` module's
data), so even emoji newer than this file count right. ZWJ sequences are the
and tag sequences are the exception: a chain such as 👨‍👩 that Unicode does not
list is several emoji for X, so only the listed (RGI) ones, carried in
``data/emoji.txt`` up to the latest emoji version, count as one. The same
file says which characters take U+FE0F as part of their emoji form; after any
other emoji, U+FE0F counts on its own, as it does for X.
"""

from __future__ import annotations

from functools import cache

import regex

from livetweet.text.alternation import trie_pattern
from livetweet.text.datafiles import read_sections

Span = tuple[int, int]


def _read_data() -> tuple[list[str], list[str]]:
    sections = read_sections("emoji.txt", ("sequences", "fe0f"))
    chars = {
        name: ["".join(chr(int(code, 16)) for code in line.split()) for line in lines]
        for name, lines in sections.items()
    }
    return chars["sequences"], chars["fe0f"]


@cache
def emoji_pattern() -> regex.Pattern[str]:
    """The pattern of one emoji sequence (compiled on first use, about 0.1 s)."""
    sequences, fe0f_bases = _read_data()
    bases = "".join(f"\\U{ord(c):08x}" for c in fe0f_bases)
    return regex.compile(
        trie_pattern(sequences)
        + r"|\p{Regional_Indicator}{2}"
        + r"|[0-9#*]\uFE0F?\u20E3"
        + r"|\p{Emoji_Modifier_Base}\p{Emoji_Modifier}"
        + f"|[{bases}]\\uFE0F"
        + r"|\p{Extended_Pictographic}"
    )


def listed_sequences() -> list[str]:
    """Every ZWJ or tag sequence counted as one emoji (for tests and checks)."""
    return _read_data()[0]
