"""Facets on UTF-8 byte offsets: they must fall exactly on the link, tag and handle text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from livetweet.publishing.networks.bluesky_facets import build_facets, link_uri

DIDS = {"marie-durand.bsky.social": "did:plc:mariedurandfake2026aaaaa"}


def resolve(handle: str) -> str | None:
    return DIDS.get(handle)


def sliced(text: str, facet: dict[str, object]) -> str:
    index = facet["index"]
    assert isinstance(index, dict)
    return text.encode("utf-8")[index["byteStart"] : index["byteEnd"]].decode("utf-8")


def test_accents_and_emoji_before_a_link_shift_the_byte_offsets() -> None:
    text = "Élu·es présent·es 🎉👩🏽‍⚖️ : https://ville.fr/séance?id=3 #ConseilMunicipal"
    facets, unresolved = build_facets(text, resolve)
    assert unresolved == []
    assert [sliced(text, f) for f in facets] == [
        "https://ville.fr/séance?id=3",
        "#ConseilMunicipal",
    ]
    link, tag = (f["features"][0] for f in facets)
    assert link == {"$type": "app.bsky.richtext.facet#link", "uri": "https://ville.fr/séance?id=3"}
    assert tag == {"$type": "app.bsky.richtext.facet#tag", "tag": "ConseilMunicipal"}
    # A character index would be wrong here: the text before the link is not ASCII.
    assert facets[0]["index"]["byteStart"] != text.index("https")


def test_a_bare_domain_link_gets_a_full_address_and_handles_resolve_or_stay_text() -> None:
    text = "Ordre du jour : ville.fr/cm — merci @marie-durand.bsky.social et @inconnu.bsky.social"
    facets, unresolved = build_facets(text, resolve)
    features = [f["features"][0] for f in facets]
    assert features[0]["uri"] == "https://ville.fr/cm"
    assert features[1] == {
        "$type": "app.bsky.richtext.facet#mention",
        "did": DIDS["marie-durand.bsky.social"],
    }
    assert [sliced(text, f) for f in facets] == ["ville.fr/cm", "@marie-durand.bsky.social"]
    assert unresolved == ["inconnu.bsky.social"]


def test_link_uri_keeps_a_scheme() -> None:
    assert link_uri("http://a.fr") == "http://a.fr"
    assert link_uri("a.fr/x") == "https://a.fr/x"


WORDS = st.sampled_from(
    [
        "séance",
        "délibération",
        "élu·es",
        "🎉",
        "👩🏽‍⚖️",
        "Ça",
        "vœu",
        "🇫🇷",
        "—",
        "«",
        "»",
        "ok",
        "Zoé",
    ]
)
ENTITIES = st.sampled_from(
    [
        "https://ville.fr/cm",
        "https://www.grandlyon.com/délibérations?n=12",
        "ville.fr/ordre-du-jour",
        "#CMVilleneuve",
        "#Conseil2026",
        "#vœux",
        "@marie-durand.bsky.social",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(WORDS, ENTITIES), min_size=1, max_size=12))
def test_every_facet_slices_exactly_its_entity(pieces: list[str]) -> None:
    text = " ".join(pieces)
    facets, _ = build_facets(text, resolve)
    expected = [p for p in pieces if p[0] in "#@" or "." in p]
    assert [sliced(text, f) for f in facets] == expected
    starts = [f["index"]["byteStart"] for f in facets]
    assert starts == sorted(starts)
