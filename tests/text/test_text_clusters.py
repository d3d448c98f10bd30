"""The fast grapheme and emoji paths agree with plain \\X segmentation everywhere."""

from __future__ import annotations

import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from livetweet.text import extract_emoji
from livetweet.text.clusters import JOINER_RANGES, grapheme_count
from livetweet.text.emoji_sequences import emoji_pattern, listed_sequences

JOINING = regex.compile(
    r"[\p{Extended_Pictographic}\p{Regional_Indicator}\p{GCB=Extend}\p{GCB=ZWJ}"
    r"\p{GCB=SpacingMark}\p{GCB=Prepend}\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{GCB=LV}\p{GCB=LVT}"
    r"\p{InCB=Consonant}\p{InCB=Linker}\p{InCB=Extend}\u20e3]"
)


def test_joiner_ranges_cover_every_character_that_can_join_a_neighbour() -> None:
    every_character = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    covered = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in JOINER_RANGES) + "]")
    missing = [f"U+{ord(c):04X}" for c in JOINING.findall(every_character) if not covered.match(c)]
    assert missing == []


PIECES = st.sampled_from(
    [
        "a",
        "é",
        "e\u0301",  # decomposed accent
        "\r\n",
        "\r",
        "\n",
        " ",
        "’",
        "…",
        "©",
        "©\ufe0f",
        "1\ufe0f\u20e3",
        "👨‍👩‍👧‍👦",
        "🫱🏻‍🫲🏿",
        "🇫🇷",
        "🇫",
        "\u200d",
        "क्ष",  # Devanagari conjunct
        "\u0600",  # Arabic number sign: prepends to what follows
        "١",
        "한",
        "\u1100\u1161",  # Hangul jamo
        "👍🏽",
    ]
)
TEXTS = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_grapheme_count_matches_full_segmentation(text: str) -> None:
    assert grapheme_count(text) == len(regex.findall(r"\X", text))


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_emoji_found_in_regions_match_a_full_scan(text: str) -> None:
    assert extract_emoji(text) == [m.span() for m in emoji_pattern().finditer(text)]


def test_every_listed_sequence_is_one_emoji_and_inside_the_joiner_ranges() -> None:
    sequences = listed_sequences()
    assert len(sequences) > 2500
    for sequence in sequences:
        text = f"a {sequence}b"
        assert extract_emoji(text) == [(2, 2 + len(sequence))], sequence
        assert all(any(start <= ord(c) <= end for start, end in JOINER_RANGES) for c in sequence)
