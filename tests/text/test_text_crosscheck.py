"""Cross-check X counting against twitter-text-parser, the dev-only baseline.

Skipped when twitter-text-parser is not installed; never imported by livetweet.
"""

from __future__ import annotations

import unicodedata
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livetweet.text import count

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    twitter_text = pytest.importorskip("twitter_text")

#: Emoji no newer than Unicode 12, where twitter-text-parser's data is right.
TWEET_PIECES = st.sampled_from(
    [
        "Séance",
        "délibération",
        "à",
        "l’unanimité",
        "«",
        "»",
        "…",
        "€",
        "\u202f",
        "\u00a0",
        " ",
        "\n",
        ".",
        "👏",
        "👶🏽",
        "👨‍👩‍👧‍👦",
        "🇫🇷",
        "1️⃣",
        "#CMVilleneuve",
        "@MaireVilleneuve",
        "ville.fr/cm",
        "www.grandlyon.com",
        "https://www.villeneuve.fr/conseil?seance=12",
        "ville.example",
        "会議",
        "x" * 40,
        "\ufe0f",
        "\u200d",
        "☺",
        "©",
        "e\u0301",  # decomposed: both count the NFC form
        "\r\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(text=st.lists(TWEET_PIECES, max_size=80).map("".join))
def test_x_count_agrees_with_twitter_text(text: str) -> None:
    theirs = twitter_text.parse_tweet(text)
    ours = count(text, "x")
    assert ours.length == theirs.weightedLength
    if ours.length > 280 and unicodedata.is_normalized("NFC", text) and "\r" not in text:
        # twitter-text maps its valid range back to unnormalised text only roughly.
        assert ours.overflow_at is not None
        utf16_before = len(text[: ours.overflow_at].encode("utf-16-le")) // 2
        assert utf16_before == theirs.validRangeEnd + 1
