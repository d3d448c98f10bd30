"""Splitting long drafts into threads: examples, then properties over generated drafts."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
import regex
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from livetweet.text import (
    DISPLAY_NAMES,
    HARD_LIMITS,
    NETWORKS,
    Network,
    count,
    extract_urls,
    numbered,
    split_thread,
)
from livetweet.text.threads import ClusterTooLong

PARAGRAPH = (
    "Point 4 – budget primitif 2027. Le rapporteur présente les grandes masses : "
    "fonctionnement en baisse, investissement en hausse pour l’école Gaëlle-Noël 👶🏽. "
    "Détails sur https://www.villeneuve.fr/conseil-municipal/budget-2027 #CMVilleneuve"
)
LONG_DRAFT = "\n\n".join([PARAGRAPH] * 5)


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w != "---"]


def test_a_draft_that_fits_comes_back_unchanged() -> None:
    draft = "  Séance ouverte à 18 h 30 #CMVilleneuve\n"
    assert split_thread(draft, "x") == [draft]


def test_long_draft_is_cut_at_paragraph_breaks_and_numbered() -> None:
    parts = split_thread(LONG_DRAFT, "x")
    assert len(parts) == 5
    for index, part in enumerate(parts, 1):
        assert part == f"{PARAGRAPH} {index}/5"
        assert count(part, "x").fits


def test_each_network_gets_its_own_split() -> None:
    sizes = {network: len(split_thread(LONG_DRAFT, network)) for network in NETWORKS}
    assert sizes["mastodon"] < sizes["x"]
    assert all(count(p, "bluesky").fits for p in split_thread(LONG_DRAFT, "bluesky"))


def test_a_long_paragraph_is_cut_at_a_sentence_end() -> None:
    sentence = "Le conseil adopte la délibération numéro {} à l'unanimité des présents. "
    draft = "".join(sentence.format(n) for n in range(1, 9))
    parts = split_thread(draft, "x", numbering=False)
    assert len(parts) > 1
    assert all(part.endswith("présents.") for part in parts)


def test_links_mentions_and_hashtags_are_never_cut() -> None:
    draft = " ".join(
        ["@MaireVilleneuve", "#ConseilMunicipal", "https://www.villeneuve.fr/cm?seance=12"] * 20
    )
    for network in NETWORKS:
        for part in split_thread(draft, network, numbering=False):
            for token in part.split():
                assert token in draft.split()


def test_the_operator_can_force_a_break_with_a_dashes_line() -> None:
    draft = "Ouverture de la séance.\n---\nAppel nominal : quorum atteint."
    assert split_thread(draft, "x") == [
        "Ouverture de la séance. 1/2",
        "Appel nominal : quorum atteint. 2/2",
    ]
    assert split_thread(draft, "x", numbering=False) == [
        "Ouverture de la séance.",
        "Appel nominal : quorum atteint.",
    ]


def test_a_blank_draft_or_one_of_explicit_breaks_only_gives_no_post() -> None:
    assert split_thread("\n---\n  \n---\n", "x") == []
    assert split_thread(" \n ", "x") == []


def test_explicit_break_with_windows_line_endings() -> None:
    assert split_thread("Un.\r\n---\r\nDeux.", "x", numbering=False) == ["Un.", "Deux."]


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
def test_no_break_spaces_are_not_cut(network: Network, space: str) -> None:
    """Every alignment of the limit against ``18 h 30``: some fall on a no-break space,
    where a cut would be the best (latest) place if it were allowed."""
    group = f"18{space}h{space}30"
    for shift in range(len(group) + 1):
        draft = "Reprise" + "e" * shift + " " + " ".join([group] * 200)
        for part in split_thread(draft, network, numbering=False):
            assert part.split(" ")[-1] == group
            assert part.split(" ")[0] in (group, draft.split(" ")[0])


def test_numbering_is_counted_in_each_part() -> None:
    draft = "mot " * 800
    parts = split_thread(draft, "x")
    assert len(parts) >= 10
    assert parts[0].endswith(f" 1/{len(parts)}")
    assert all(count(p, "x").length <= 280 for p in parts)
    assert any(count(p, "x").length > 275 for p in parts)  # the budget is used, not wasted


def test_dates_and_fractions_in_the_text_do_not_stop_the_numbering() -> None:
    """One format, `` i/n`` at the end, whatever dates or fractions the text holds."""
    sentence = "Séance du 15/12/2027 : budget adopté aux 2/3 des voix, soit 1/2 point de plus. "
    parts = split_thread(sentence * 12, "x")
    assert len(parts) > 2
    assert [p.rsplit(" ", 1)[1] for p in parts] == [
        f"{i}/{len(parts)}" for i in range(1, 1 + len(parts))
    ]
    assert [numbered(p, i, len(parts), "x") for i, p in enumerate(parts, 1)] == parts  # not twice
    assert numbered("Vote du 15/12", 2, 3, "x") == "Vote du 15/12 2/3"
    assert numbered("Adopté aux 2/3", 1, 3, "bluesky") == "Adopté aux 2/3 1/3"
    assert numbered("Adopté aux 2/3", 2, 3, "x") == "Adopté aux 2/3"  # already part 2 of 3
    assert numbered("x" * 280, 2, 3, "x") == "x" * 280  # no room: left as it is


def test_a_word_longer_than_a_post_is_cut_between_graphemes_as_a_last_resort() -> None:
    giant = "https://ville.fr/" + "é" * 400
    parts = split_thread(giant, "bluesky", numbering=False)
    assert len(parts) == 2
    assert "".join(parts) == giant
    assert all(count(p, "bluesky").fits for p in parts)


def test_mastodon_instance_limit_is_used() -> None:
    draft = "Délibération adoptée. " * 40  # 880 characters
    assert len(split_thread(draft, "mastodon")) == 2
    assert split_thread(draft, "mastodon", limit=1000) == [draft]


# --- properties ------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "séance",
        "délibération",
        "adoptée",
        "à",
        "l'unanimité.",
        "Vote :",
        "28 pour,",
        "3 contre,",
        "abstentions…",
        "«",
        "»",
        "👏",
        "👨‍👩‍👧‍👦",
        "🇫🇷",
        "🐦‍🔥",
        "#CMVilleneuve",
        "@MaireVilleneuve",
        "@alice@mastodon.social",
        "ville.fr/cm",
        "https://www.villeneuve.fr/conseil-municipal/2027?seance=12",
        "会議",
        "Fin.",
        "?",
        "!",
    ]
)
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "\n\n", "  ", "\u00a0", "\u202f"])
DRAFTS = st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=300).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


@settings(max_examples=200, deadline=None)
@given(draft=DRAFTS, network=st.sampled_from(NETWORKS), numbering=st.booleans())
def test_split_properties(draft: str, network: Network, numbering: bool) -> None:
    parts = split_thread(draft, network, numbering=numbering)
    if count(draft, network).fits:
        assert parts == [draft]
        return
    assert all(part and part == part.strip() for part in parts)
    assert all(count(part, network).fits for part in parts)
    if numbering:
        assert [re.sub(r" \d+/\d+$", "", p) != p for p in parts] == [True] * len(parts)
        parts = [re.sub(r" \d+/\d+$", "", p) for p in parts]
    assert [w for p in parts for w in _words(p)] == _words(draft)


@settings(max_examples=100, deadline=None)
@given(draft=DRAFTS)
def test_links_survive_splitting(draft: str) -> None:
    links = [draft[s:e] for s, e in extract_urls(draft)]
    parts = split_thread(draft, "x", numbering=False)
    assert [p[s:e] for p in parts for s, e in extract_urls(p)] == links


@settings(max_examples=50, deadline=None)
@given(draft=DRAFTS, limit=st.integers(min_value=60, max_value=HARD_LIMITS["mastodon"]))
def test_small_instance_limits_are_respected(draft: str, limit: int) -> None:
    for part in split_thread(draft, "mastodon", limit=limit):
        assert count(part, "mastodon", limit=limit).fits


@settings(max_examples=100, deadline=None)
@given(sections=st.lists(DRAFTS, min_size=1, max_size=4), network=st.sampled_from(NETWORKS))
def test_explicit_breaks_are_always_cuts(sections: list[str], network: Network) -> None:
    draft = "\n---\n".join(sections)
    parts = split_thread(draft, network, numbering=False)
    assert all(count(part, network).fits for part in parts)
    assert [w for p in parts for w in p.split()] == [w for s in sections for w in s.split()]
    # No part holds words of two sections: walk the sections' words part by part.
    remaining = [s.split() for s in sections if s.split()]
    for part in parts:
        words = part.split()
        assert words == remaining[0][: len(words)]
        remaining[0] = remaining[0][len(words) :]
        if not remaining[0]:
            remaining.pop(0)
    assert remaining == []


@settings(max_examples=150, deadline=None)
@given(
    draft=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=700),
    network=st.sampled_from(NETWORKS),
)
def test_any_text_is_counted_and_split_without_error(draft: str, network: Network) -> None:
    result = count(draft, network)
    assert result.length >= 0
    for part in split_thread(draft, network):
        assert part
        assert count(part, network).fits


# --- grapheme clusters: Zalgo text -----------------------------------------------

MARKS = [chr(c) for c in range(0x300, 0x370)]


def _clusters(text: str) -> list[str]:
    return [c for c in regex.findall(r"\X", text) if not c.isspace()]


def _unnumbered(parts: list[str]) -> list[str]:
    return [re.sub(r" \d+/\d+$", "", p) for p in parts]


def zalgo(letters: int, marks: int, *, spaces: bool, seed: int = 0) -> str:
    """``letters`` letters under ``marks`` accents each, as Zalgo generators make."""
    rng = random.Random(seed)
    out = []
    for index in range(letters):
        out.append(rng.choice("Zalgoséance") + "".join(rng.choices(MARKS, k=marks)))
        if spaces and index % 7 == 6:
            out.append(" ")
    return "".join(out).strip()


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("spaces", [True, False])
def test_zalgo_text_is_cut_between_letters_and_every_part_fits(
    network: Network, spaces: bool
) -> None:
    draft = zalgo(600, 30, spaces=spaces)  # about 37 KB
    parts = split_thread(draft, network)
    assert len(parts) > 1
    assert all(count(part, network).fits for part in parts)  # Bluesky: bytes too
    if network == "bluesky":
        assert all(len(part.encode()) <= 3000 for part in parts)
    assert _clusters(" ".join(_unnumbered(parts))) == _clusters(draft)  # no detached accent


@pytest.mark.parametrize("network", ["x", "bluesky"])
def test_a_letter_under_thousands_of_accents_is_an_error_not_a_flood(network: Network) -> None:
    bomb = "Vote : a" + "\u0301" * 5000 + " adopté."
    with pytest.raises(ClusterTooLong) as raised:
        split_thread(bomb, network)
    error = raised.value
    assert (error.network, error.end - error.start) == (network, 5001)
    assert error.size > error.limit == (280 if network == "x" else 3000)
    assert "5000" in str(error) and DISPLAY_NAMES[network] in str(error)


def test_the_bomb_fits_mastodon_as_one_grapheme() -> None:
    bomb = "a" + "\u0301" * 5000
    assert split_thread(bomb, "mastodon") == [bomb]


def test_a_space_carrying_an_accent_is_not_a_place_to_cut() -> None:
    """`` \u0301`` is one cluster: cutting there would start a post with a bare accent."""
    draft = " \u0301".join(["délibération"] * 60)
    for network in NETWORKS:
        parts = _unnumbered(split_thread(draft, network))
        assert len(parts) > 1
        assert not any(unicodedata.combining(p[0]) for p in parts)
        assert _clusters(" ".join(parts)) == _clusters(draft)


ZALGO_WORDS = st.builds(
    lambda letters, marks: "".join(
        letter + "".join(accents) for letter, accents in zip(letters, marks, strict=False)
    ),
    st.text(alphabet="aeiouZlgé", min_size=1, max_size=12),
    st.lists(st.lists(st.sampled_from(MARKS), max_size=40), min_size=12, max_size=12),
)


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.one_of(WORDS, ZALGO_WORDS), min_size=1, max_size=120),
    separator=st.sampled_from([" ", "\n\n", " \u0301", ". "]),
    network=st.sampled_from(NETWORKS),
)
def test_split_never_detaches_an_accent(words: list[str], separator: str, network: Network) -> None:
    draft = separator.join(words).strip()
    assume(draft and not unicodedata.combining(draft[0]))
    parts = split_thread(draft, network)
    assert all(count(part, network).fits for part in parts)
    if len(parts) > 1:
        parts = _unnumbered(parts)
    assert _clusters(" ".join(parts)) == _clusters(draft.strip())
