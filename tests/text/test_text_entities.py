"""Hashtags, handles and links as an agenda writes them, checked on their own."""

from __future__ import annotations

import pytest

from livetweet.text import (
    extract_emoji,
    extract_hashtags,
    extract_mentions,
    extract_urls,
    is_http_url,
    is_valid_bluesky_handle,
    is_valid_hashtag,
    is_valid_mastodon_handle,
    is_valid_x_handle,
)


@pytest.mark.parametrize(
    ("tag", "valid"),
    [
        ("#CMVilleneuve", True),
        ("#ConseilMunicipal", True),
        ("#Budget2027", True),
        ("#Séance", True),
        ("#ÉcoleGaëlleNoël", True),
        ("#conseil_municipal", True),
        ("＃CMVilleneuve", True),  # full-width number sign
        ("#2027", False),  # digits only
        ("#CM Villeneuve", False),
        ("#CM-Villeneuve", False),
        ("CMVilleneuve", False),
        ("#", False),
        ("##CM", False),
    ],
)
def test_hashtags(tag: str, valid: bool) -> None:
    assert is_valid_hashtag(tag) is valid


@pytest.mark.parametrize(
    ("handle", "valid"),
    [
        ("@VilleVilleneuve", True),  # 15 characters: the maximum
        ("@Ville_2027", True),
        ("@VilleDeVilleneuve", False),  # 17 characters
        ("@ville-neuve", False),
        ("@", False),
        ("VilleVilleneuve", False),
        ("@ville@mastodon.social", False),
    ],
)
def test_x_handles(handle: str, valid: bool) -> None:
    assert is_valid_x_handle(handle) is valid


@pytest.mark.parametrize(
    ("handle", "valid"),
    [
        ("@ville@mastodon.social", True),
        ("@ville.neuve@social.villeneuve.fr", True),
        ("@Ville_Villeneuve@piaille.fr", True),
        ("@ville", False),  # which instance?
        ("@ville@localhost", False),
        ("ville@mastodon.social", False),
        ("@ville@mastodon.social/", False),
    ],
)
def test_mastodon_handles(handle: str, valid: bool) -> None:
    assert is_valid_mastodon_handle(handle) is valid


@pytest.mark.parametrize(
    ("handle", "valid"),
    [
        ("@villeneuve.bsky.social", True),
        ("@villeneuve.fr", True),
        ("@conseil-municipal.villeneuve.fr", True),
        ("@ville", False),
        ("@-ville.fr", False),
        ("@ville-.fr", False),
        ("@ville.123", False),
        ("villeneuve.bsky.social", False),
        ("@" + "a" * 64 + ".fr", False),  # a label is 63 characters at most
    ],
)
def test_bluesky_handles(handle: str, valid: bool) -> None:
    assert is_valid_bluesky_handle(handle) is valid


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("https://www.villeneuve.fr/conseil-municipal", True),
        ("http://ville.fr", True),
        ("https://www.grandlyon.com/deliberations?annee=2027#point-4", True),
        ("www.villeneuve.fr", False),  # a link X makes, but not a URL: no scheme
        ("ftp://ville.fr/cm.pdf", False),
        ("https://ville.fr/compte rendu", False),
        ("javascript:alert(1)", False),
        ("https://ville", False),
        ("", False),
    ],
)
def test_http_urls(url: str, valid: bool) -> None:
    assert is_http_url(url) is valid


def test_entities_found_in_a_french_draft() -> None:
    text = (
        "Point 4 adopté 👏🏽 Merci @MaireVilleneuve ! "
        "Détails : ville.fr/cm #CMVilleneuve #Budget2027 (contact@ville.fr)"
    )
    spans = {
        "mentions": [text[s:e] for s, e in extract_mentions(text)],
        "hashtags": [text[s:e] for s, e in extract_hashtags(text)],
        "urls": [text[s:e] for s, e in extract_urls(text)],
        "emoji": [text[s:e] for s, e in extract_emoji(text)],
    }
    assert spans == {
        "mentions": ["@MaireVilleneuve"],
        "hashtags": ["#CMVilleneuve", "#Budget2027"],
        "urls": ["ville.fr/cm"],
        "emoji": ["👏🏽"],
    }


def test_hashtag_inside_a_link_is_not_a_hashtag() -> None:
    assert extract_hashtags("https://ville.fr/cm#point-4 et #CMVilleneuve") == [(31, 44)]
