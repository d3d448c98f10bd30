"""Counting written from each network's rules, so the suite stands without ../shared."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livetweet.text import HARD_LIMITS, NETWORKS, Network, count, split_thread, weighted_length

# --- X ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Séance ouverte à 18 h 30", 24),  # accented Latin letters weigh 1
        ("L’adjointe « très » attendue – vote", 35),  # typographic quotes, en dash: 1
        ("Budget 2027…", 13),  # the ellipsis is outside the light ranges: 2
        ("18\u202fh\u00a030", 8),  # narrow no-break space weighs 2, no-break space 1
        ("会議", 4),  # CJK weighs 2
    ],
)
def test_x_weights_characters_by_code_point_range(text: str, expected: int) -> None:
    assert weighted_length(text, "x") == expected


@pytest.mark.parametrize(
    "emoji",
    [
        "👏",
        "👶🏽",  # skin tone
        "👨‍👩‍👧‍👦",  # ZWJ family
        "🇫🇷",  # flag
        "🏴󠁧󠁢󠁳󠁣󠁴󠁿",  # subdivision flag (tag sequence)
        "1️⃣",  # keycap
        "#⃣",  # keycap without the variation selector
        "🐦‍🔥",  # phoenix, Unicode 15.1
        "🫱🏻‍🫲🏿",  # handshake with two skin tones, Unicode 14
        "🙂‍↔️",  # head shaking horizontally, Unicode 15.1
        "🏳️‍⚧️",
    ],
)
def test_x_counts_every_emoji_sequence_as_two(emoji: str) -> None:
    assert weighted_length(emoji, "x") == 2
    assert weighted_length(f"Vote {emoji} !", "x") == 9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("👨\u200d👩", 5),  # a ZWJ chain Unicode does not list: two emoji and a joiner
        ("👏\ufe0f", 4),  # 👏 takes no variation selector: it counts on its own
        ("☕🏽", 4),  # ☕ takes no skin tone
        ("❤\ufe0f", 2),  # ❤ does take one
        ("©", 2),  # an emoji even without its selector, as for X
    ],
)
def test_x_counts_what_unicode_does_not_list_as_one_emoji_piece_by_piece(
    text: str, expected: int
) -> None:
    assert weighted_length(text, "x") == expected


@pytest.mark.parametrize(
    "link",
    [
        "ville.fr/cm",
        "www.grandlyon.com",
        "https://www.villeneuve.fr/conseil-municipal/seance-du-15-decembre-2026?ordre=du-jour",
        "http://ville.fr",
        "villeneuve.fr/délibérations/2027",
        "https://twitter.com/#!/ville",
    ],
)
def test_x_counts_every_link_as_23_with_or_without_scheme(link: str) -> None:
    text = f"Détails : {link} #CMVilleneuve"
    result = count(text, "x")
    assert result.length == len("Détails : ") + 23 + len(" #CMVilleneuve")
    start = text.index(link)
    assert result.urls == ((start, start + len(link)),)


@pytest.mark.parametrize(
    "not_a_link", ["ville.example/cm", "https://localhost/cm", "fin.Suite", "vote.", "v1.2"]
)
def test_x_does_not_count_what_it_would_not_link(not_a_link: str) -> None:
    result = count(not_a_link, "x")
    assert result.urls == ()
    assert result.length == len(not_a_link)


def test_x_counts_the_nfc_form_and_maps_overflow_back_to_the_typed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "é")
    assert len(decomposed) == 2
    assert weighted_length(decomposed * 10, "x") == 10
    text = decomposed * 300
    result = count(text, "x")
    assert result.length == 300
    assert result.overflow_at == 280 * 2  # the 281st é starts at index 560 of the typed text


def test_x_counts_a_crlf_line_break_once() -> None:
    assert weighted_length("Point 4\r\nadopté", "x") == len("Point 4\nadopté")


def test_x_overflow_and_links_map_back_across_crlf_line_breaks() -> None:
    text = "Ligne\r\n" * 40 + "ville.fr/cm " + "x" * 30  # 40 breaks counted once each
    result = count(text, "x")
    assert result.length == 40 * 6 + 23 + 1 + 30
    start = text.index("ville.fr")
    assert result.urls == ((start, start + len("ville.fr/cm")),)
    assert result.overflow_at == len(text) - 14  # 280 reached after 16 of the 30 x


def test_x_overflow_points_at_the_first_character_past_the_limit() -> None:
    text = "a" * 279 + "€" + "b" * 5
    result = count(text, "x")
    assert result.length == 286
    assert not result.fits
    assert result.overflow_at == 279  # the euro sign (weight 2) takes 280 to 281
    assert count("a" * 280, "x").overflow_at is None


def test_x_overflow_inside_a_link_highlights_the_whole_link() -> None:
    text = "x" * 270 + " https://www.villeneuve.fr/cm"
    result = count(text, "x")
    assert result.length == 294
    assert result.overflow_at == 271


def test_x_refuses_noncharacters_even_when_short() -> None:
    result = count("Séance\ufffe", "x")
    assert result.fits
    assert result.invalid_at == 6
    assert not result.postable


def test_empty_draft_fits_but_cannot_be_posted() -> None:
    result = count("  ", "x")
    assert result.fits
    assert result.empty
    assert not result.postable


# --- house style -----------------------------------------------------------------


def test_house_limit_is_reported_apart_from_the_hard_limit() -> None:
    text = "Point 4 adopté à l'unanimité. " * 6  # 180 characters
    result = count(text, "x", house_limit=140)
    assert result.limit == HARD_LIMITS["x"]
    assert result.fits
    assert result.overflow_at is None
    assert result.over_house_limit
    assert result.house_overflow_at == 140
    assert result.house_limit == 140
    assert not count("Court.", "x", house_limit=140).over_house_limit


# --- Mastodon --------------------------------------------------------------------


def test_mastodon_counts_graphemes_and_links_as_23() -> None:
    text = (
        "Compte rendu : https://www.villeneuve.fr/conseil-municipal/2026-12-15/compte-rendu 👨‍👩‍👧"
    )
    result = count(text, "mastodon")
    assert result.length == len("Compte rendu : ") + 23 + 2  # space + one grapheme
    assert result.limit == 500


def test_mastodon_ignores_scheme_less_links() -> None:
    assert weighted_length("Voir ville.fr/cm", "mastodon") == len("Voir ville.fr/cm")


def test_mastodon_counts_only_the_user_part_of_a_remote_mention() -> None:
    assert weighted_length("Merci @alice@mastodon.social !", "mastodon") == len("Merci @alice !")
    assert weighted_length("Merci @alice !", "mastodon") == len("Merci @alice !")


@pytest.mark.parametrize(
    "link",
    [
        "https://www.villeneuve.fr/délibérations/«budget»",  # Mastodon's looser paths
        "https://ville.fr/recherche?q=écoles",  # non-ASCII query
        "gemini://ville.fr/cm",
        "https://ville.fr/@conseil",
    ],
)
def test_mastodon_counts_its_own_links_whole(link: str) -> None:
    text = f"Voir {link} ."
    result = count(text, "mastodon")
    assert result.length == len("Voir ") + 23 + 2
    assert result.urls == ((5, 5 + len(link)),)


def test_mastodon_link_stops_before_trailing_punctuation() -> None:
    text = "Voir https://ville.fr/cm=, puis"  # Mastodon ends its links before "="
    assert count(text, "mastodon").length == len("Voir ") + 23 + len("=, puis")


@pytest.mark.parametrize(
    ("text", "counted_as"),
    [
        ("Merci @alice@café.example !", "Merci @alice !"),
        ("@Alice.B@piaille.fr", "@Alice.B"),
        ("courriel alice@ville.fr", "courriel alice@ville.fr"),  # not a mention
        ("@alice@ville.fr@autre", "@alice@ville.fr@autre"),  # followed by @: no mention
    ],
)
def test_mastodon_mentions_follow_mastodon_rules(text: str, counted_as: str) -> None:
    assert weighted_length(text, "mastodon") == len(counted_as)


def test_mastodon_instance_limit_replaces_the_default() -> None:
    text = "a" * 600
    assert not count(text, "mastodon").fits
    result = count(text, "mastodon", limit=1000)
    assert result.fits
    assert result.limit == 1000
    assert count(text, "mastodon", limit=550).overflow_at == 550


def test_mastodon_overflow_counts_links_as_23() -> None:
    text = "https://www.villeneuve.fr/" + "x" * 40 + " " + "é" * 480
    result = count(text, "mastodon")
    assert result.length == 23 + 1 + 480
    assert result.overflow_at == len(text) - 4


# --- Bluesky ---------------------------------------------------------------------


def test_bluesky_counts_graphemes_and_links_at_full_length() -> None:
    text = "Séance 🇫🇷 https://ville.fr/cm"
    result = count(text, "bluesky")
    assert result.length == len("Séance ") + 1 + 1 + len("https://ville.fr/cm")
    assert result.urls == ((10, 29),)
    assert result.limit == 300


def test_bluesky_byte_ceiling_bites_before_the_grapheme_limit() -> None:
    family = "👨‍👩‍👧‍👦"  # one grapheme, 25 UTF-8 bytes
    text = family * 121  # 121 graphemes, 3,025 bytes
    result = count(text, "bluesky")
    assert result.length == 121
    assert result.utf8_bytes == 3025
    assert result.byte_limit == 3000
    assert not result.fits
    assert result.overflow_at == 120 * len(family)
    assert count(family * 120, "bluesky").fits


def test_bluesky_grapheme_overflow() -> None:
    text = "é" * 301
    result = count(text, "bluesky")
    assert result.length == 301
    assert result.overflow_at == 300


def test_unknown_network_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown network"):
        weighted_length("x", "threads")


# --- properties ------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "Séance ",
        "e\u0301",
        "\u1100\u1161\u11a8",  # Hangul jamo that NFC composes
        "\r\n",
        "€",
        "…",
        "👨‍👩‍👧‍👦",
        "🐦‍🔥",
        " ville.fr/cm ",
        " https://www.villeneuve.fr/conseil ",
        " @alice@mastodon.social ",
        "#CMVilleneuve ",
        "x" * 30,
    ]
)


@settings(max_examples=200, deadline=None)
@given(text=st.lists(PIECES, max_size=40).map("".join), network=st.sampled_from(NETWORKS))
def test_overflow_is_where_the_text_stops_fitting(text: str, network: Network) -> None:
    result = count(text, network)
    assert (result.overflow_at is None) is result.fits
    if result.overflow_at is not None:
        before = count(text[: result.overflow_at], network)
        assert before.fits
        assert before.length > result.limit - 30  # nothing left unused but the last unit
    for start, end in result.urls:
        assert "." in text[start:end]


@settings(max_examples=200, deadline=None)
@given(text=st.lists(PIECES, max_size=40).map("".join))
def test_x_counts_a_text_and_its_nfc_form_alike(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    assert weighted_length(text, "x") == weighted_length(nfc, "x")
    assert len(count(text, "x").urls) == len(count(nfc, "x").urls)


@pytest.mark.parametrize("network", NETWORKS)
def test_a_lone_surrogate_is_reported_never_raised(network: Network) -> None:
    text = "Séance \ud83d ouverte " * 40  # half an emoji, as a broken paste leaves it
    result = count(text, network)
    assert result.invalid_at == 7
    assert not result.postable
    assert split_thread(text, network)
