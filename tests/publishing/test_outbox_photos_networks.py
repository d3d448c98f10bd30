"""Photos through the outbox with the real clients (tweepy, Mastodon.py, atproto)
against the fake X, Mastodon and PDS: a crash after the uploads and before the
post reuses them (one upload per photo, one post); a network that forgot them
gets them again."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fakemastodon import FakeMastodon
from fakepds import FakePDS
from fakepds.fixtures import make_publisher as make_bluesky
from fakex import FakeX
from fakex.fixtures import MakeXPublisher
from photofiles import phone_jpeg

from livetweet.publishing import Outbox
from livetweet.publishing.attachments import MediaAttachment
from livetweet.publishing.networks.mastodon import MastodonPublisher
from livetweet.publishing.reports import OutboxEvent
from livetweet.text.networks import Network as NetworkName

from .conftest import FakeClock, ProcessDied

SALLE = "La salle du conseil municipal, vue depuis la tribune du public."
VOTE = "Les élus votent à main levée le budget primitif 2027."


@dataclass
class Network:
    """One fake network and how to make a real publisher on it, all seen alike."""

    name: NetworkName
    publisher: Callable[[], Any]
    posts: Callable[[], list[tuple[str, list[str]]]]  # (text, alt texts), oldest first
    uploads: Callable[[], int]  # upload calls the server answered
    forget: Callable[[], None]


@pytest.fixture(params=["x", "mastodon", "bluesky"])
def network(request: pytest.FixtureRequest, make_publisher: MakeXPublisher) -> Iterator[Network]:
    if request.param == "x":
        with FakeX(hang_seconds=2.0) as x:
            media = x.media.items
            yield Network(
                "x",
                lambda: make_publisher(x),
                lambda: [(p.text, [media[m].alt_text or "" for m in p.media_ids]) for p in x.posts],
                lambda: len(media),  # nothing is forgotten before it is counted
                x.media.forget,
            )
    elif request.param == "mastodon":
        with FakeMastodon(hang_seconds=2.0, processing_polls=1) as mastodon:
            items = mastodon.media.items
            yield Network(
                "mastodon",
                lambda: MastodonPublisher(
                    access_token=mastodon.token,
                    api_base_url=mastodon.url,
                    account="@villeneuve@127.0.0.1",
                    timeout_seconds=2.0,
                ),
                lambda: [
                    (s.text, [items[m].description or "" for m in s.media_ids])
                    for s in mastodon.statuses
                ],
                lambda: len(items),
                mastodon.media.forget,
            )
    else:
        with FakePDS(hang_seconds=2.0) as pds:

            def posts() -> list[tuple[str, list[str]]]:
                return [
                    (
                        r.value["text"],
                        [i["alt"] for i in (r.value.get("embed") or {}).get("images", [])],
                    )
                    for r in pds.records
                ]

            def forget() -> None:
                pds.forget_blobs()

            yield Network(
                "bluesky",
                lambda: make_bluesky(pds),
                posts,
                lambda: sum(c.status == 200 for c in pds.calls_to("com.atproto.repo.uploadBlob")),
                forget,
            )


def crash_when_sending(event: OutboxEvent) -> None:
    """SIGKILL right after ``sending`` is on disk, before the post's request."""
    if event.kind == "sending":
        raise ProcessDied


def open_outbox(path: Path, network: Network, **options: Any) -> Outbox:
    return Outbox.open(path, [network.publisher()], clock=FakeClock(), **options)


def entries(path: Path, type_: str) -> list[dict[str, Any]]:
    found = [json.loads(line) for line in path.read_text().splitlines()]
    return [e for e in found if e["type"] == type_]


def test_a_crash_between_the_uploads_and_the_post_reuses_the_uploaded_photos(
    network: Network, tmp_path: Path
) -> None:
    path = tmp_path / "seance.jsonl"
    photos = [
        MediaAttachment(phone_jpeg(tmp_path / "salle.jpg"), SALLE),
        MediaAttachment(phone_jpeg(tmp_path / "vote.jpg", orientation=6), VOTE),
    ]
    outbox = open_outbox(path, network, listener=crash_when_sending)
    outbox.submit({network.name: ["Budget 2027 adopté 1/2", "Détail du vote 2/2"]}, media=photos)
    with pytest.raises(ProcessDied):
        outbox.process()
    outbox.journal.close()  # the process is gone; its lock with it
    assert network.uploads() == 2 and network.posts() == []

    with open_outbox(path, network) as outbox:
        report = outbox.process()

    assert len(report.posted) == 2
    assert network.posts() == [
        ("Budget 2027 adopté 1/2", [SALLE, VOTE]),
        ("Détail du vote 2/2", []),
    ]
    assert network.uploads() == 2  # one upload per photo, across the crash
    assert len(entries(path, "media_uploaded")) == 2


def test_photos_the_network_forgot_during_a_crash_are_uploaded_again(
    network: Network, tmp_path: Path
) -> None:
    path = tmp_path / "seance.jsonl"
    photo = MediaAttachment(phone_jpeg(tmp_path / "vote.jpg"), VOTE)
    outbox = open_outbox(path, network, listener=crash_when_sending)
    outbox.submit({network.name: ["Vote du budget"]}, media=[photo])
    with pytest.raises(ProcessDied):
        outbox.process()
    outbox.journal.close()
    network.forget()  # the next morning: the network dropped the unattached upload

    with open_outbox(path, network) as outbox:
        report = outbox.process()

    assert len(report.posted) == 1, outbox.timeline()
    assert network.posts() == [("Vote du budget", [VOTE])]
    assert [e["ref"] for e in entries(path, "media_forgotten")] == report.posted
    assert len(entries(path, "media_uploaded")) == 2
