"""Link cards: the first link's page becomes an external embed, fetched during the
send delay. The pages are served on 127.0.0.1 (see ``fakepds.pages``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakepds import FakePDS
from fakepds.fixtures import make_publisher
from fakepds.pages import PNG, Site, serve
from photofiles import phone_jpeg

from livetweet.publishing import Outbox
from livetweet.publishing.attachments import MediaAttachment


@pytest.fixture
def pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from serve(monkeypatch)


@pytest.fixture
def site(pages: Site) -> str:
    return pages.url


@pytest.fixture
def pds() -> Iterator[FakePDS]:
    with FakePDS() as server:
        yield server


def test_the_first_link_gets_a_card_with_its_image(pds: FakePDS, site: str) -> None:
    publisher = make_publisher(pds, link_cards=True, card_timeout_seconds=1.0)
    text = f"Séance ce soir : {site}/seance et {site}/autre #CMVilleneuve"
    publisher.publish(text, reply_to=None, idempotency_key="s/p1")
    [record] = pds.records
    embed = record.value["embed"]
    assert embed["$type"] == "app.bsky.embed.external"
    external = embed["external"]
    assert external["uri"] == f"{site}/seance"
    assert external["title"] == "Conseil municipal du 15 décembre"
    assert external["description"] == "Ordre du jour & délibérations"
    assert external["thumb"]["mimeType"] == "image/png"
    assert list(pds.state.blobs.values()) == [PNG]


@pytest.mark.parametrize("path", ["/slow", "/absente"])
def test_a_slow_or_missing_page_means_a_post_without_a_card(
    pds: FakePDS, site: str, path: str
) -> None:
    publisher = make_publisher(pds, link_cards=True, card_timeout_seconds=0.3)
    publisher.publish(f"Voir {site}{path}", reply_to=None, idempotency_key="s/p1")
    [record] = pds.records
    assert "embed" not in record.value


def test_cards_can_be_turned_off(pds: FakePDS, site: str) -> None:
    make_publisher(pds, link_cards=False).publish(
        f"Voir {site}/seance", reply_to=None, idempotency_key="s/p1"
    )
    assert "embed" not in pds.records[0].value


def test_a_card_fetched_during_the_send_delay_is_not_fetched_again(
    pds: FakePDS, pages: Site
) -> None:
    publisher = make_publisher(pds, link_cards=True, card_timeout_seconds=1.0)
    text = f"Séance ce soir : {pages.url}/seance #CMVilleneuve"
    publisher.prefetch(text)
    assert pages.served == ["/seance", "/vignette.png"]
    publisher.publish(text, reply_to=None, idempotency_key="s/p1")
    assert pages.served == ["/seance", "/vignette.png"]  # the post waited for no page
    [record] = pds.records
    assert record.value["embed"]["external"]["title"] == "Conseil municipal du 15 décembre"
    assert list(pds.state.blobs.values()) == [PNG]


def test_a_page_still_loading_never_holds_the_post_back(pds: FakePDS, pages: Site) -> None:
    publisher = make_publisher(pds, link_cards=True, card_timeout_seconds=5.0)
    text = f"Voir {pages.url}/gated"
    prefetching = threading.Thread(target=publisher.prefetch, args=(text,))
    prefetching.start()
    try:
        while "/gated" not in pages.served and prefetching.is_alive():
            prefetching.join(0.01)  # until the page is asked; it answers when let
        assert "/gated" in pages.served
        publisher.publish(text, reply_to=None, idempotency_key="s/p1")
    finally:
        pages.gate.set()
        prefetching.join()
    [record] = pds.records
    assert "embed" not in record.value  # posted without its card rather than late
    assert pages.served.count("/gated") == 1  # and the page was not asked twice


def test_the_send_delay_fetches_no_card_for_a_post_with_photos_and_prepares_them(
    pds: FakePDS, pages: Site, tmp_path: Path
) -> None:
    publisher = make_publisher(pds, link_cards=True, card_timeout_seconds=1.0)
    photo = MediaAttachment(phone_jpeg(tmp_path / "vote.jpg"), "Le vote à main levée")
    text = f"Le budget est adopté {pages.url}/seance"
    with Outbox.open(tmp_path / "s.jsonl", [publisher], thread_mode="none") as outbox:
        outbox.prefetch({"bluesky": [text]}, media=[photo])  # what the countdown does
        assert pages.served == []  # the photos take the card's place: no page asked
        assert outbox.preparations.preparations == 1
        outbox.submit({"bluesky": [text]}, media=[photo])
        assert len(outbox.process().posted) == 1
    [record] = pds.records
    assert record.value["embed"]["$type"] == "app.bsky.embed.images"
    assert pages.served == []
    assert outbox.preparations.preparations == 1  # sending only uploaded it
