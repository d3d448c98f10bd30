"""Every publisher uploads photos and attaches them to a post, with the real client
libraries (tweepy, Mastodon.py, atproto) against the fake X, Mastodon and PDS: what
each account ends up holding is what a follower would see."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fakemastodon import FakeMastodon
from fakepds import FakePDS
from fakepds.fixtures import make_publisher as make_bluesky
from fakepds.pages import Site, serve
from fakex import FakeX
from fakex.fixtures import MakeXPublisher
from photofiles import TELL_TALES, noise, phone_jpeg, two_halves
from PIL import Image

from livetweet.media import PreparedImage, load_image, prepare
from livetweet.publishing import DryRunPublisher, FailureKind, Publisher, PublishError
from livetweet.publishing.dryrun import read_dry_run_outbox
from livetweet.publishing.networks.mastodon import MastodonPublisher
from livetweet.publishing.publisher import MediaUploader, UploadedMedia

pytestmark = pytest.mark.usefixtures("english")

SALLE = "La salle du conseil municipal, vue depuis la tribune du public."
VOTE = "Les élus votent à main levée le budget primitif 2027."


@dataclass
class Photo:
    """A photo as the network holds it."""

    data: bytes
    alt: str | None
    aspect: tuple[int, int] | None = None  # Bluesky's aspectRatio


@dataclass
class Account:
    """One network's fake and a real publisher on it, seen the same way for every network."""

    publisher: Any  # Publisher & MediaUploader
    posts: Callable[[], list[tuple[str, list[Photo]]]]  # (text, photos), oldest first
    forget: Callable[[], None]  # the network drops the uploaded media
    secrets: tuple[str, ...]


def x_account(server: FakeX, make: MakeXPublisher) -> Account:
    def posts() -> list[tuple[str, list[Photo]]]:
        items = server.media.items
        return [
            (p.text, [Photo(items[m].data, items[m].alt_text) for m in p.media_ids])
            for p in server.posts
        ]

    creds = server.credentials
    secrets = (creds.consumer_secret, creds.access_token, creds.access_token_secret)
    return Account(make(server), posts, server.media.forget, secrets)


def mastodon_account(server: FakeMastodon) -> Account:
    def posts() -> list[tuple[str, list[Photo]]]:
        items = server.media.items
        return [
            (s.text, [Photo(items[m].data, items[m].description) for m in s.media_ids])
            for s in server.statuses
        ]

    publisher = MastodonPublisher(
        access_token=server.token,
        api_base_url=server.url,
        account="@villeneuve@127.0.0.1",
        timeout_seconds=2.0,
    )
    return Account(publisher, posts, server.media.forget, (server.token,))


def bluesky_account(pds: FakePDS) -> Account:
    def posts() -> list[tuple[str, list[Photo]]]:
        found = []
        for record in pds.records:
            embed = record.value.get("embed") or {}
            photos = [
                Photo(
                    pds.state.blobs[image["image"]["ref"]["$link"]],
                    image["alt"],
                    (image["aspectRatio"]["width"], image["aspectRatio"]["height"]),
                )
                for image in embed.get("images", [])
            ]
            found.append((record.value["text"], photos))
        return found

    def forget() -> None:
        pds.forget_blobs()

    return Account(make_bluesky(pds), posts, forget, (pds.account.app_password,))


@pytest.fixture(params=["x", "mastodon", "bluesky"])
def account(request: pytest.FixtureRequest, make_publisher: MakeXPublisher) -> Iterator[Account]:
    if request.param == "x":
        with FakeX(hang_seconds=2.0) as x:
            yield x_account(x, make_publisher)
    elif request.param == "mastodon":
        with FakeMastodon(hang_seconds=2.0, processing_polls=1) as mastodon:
            yield mastodon_account(mastodon)
    else:
        with FakePDS(hang_seconds=2.0) as pds:
            yield bluesky_account(pds)


def upload(account: Account, path: Path, alt: str) -> UploadedMedia:
    publisher = account.publisher
    prepared = prepare(load_image(path), publisher.media_limits(), alt=alt)
    uploaded: UploadedMedia = publisher.upload_media(prepared)
    assert (uploaded.sha256, uploaded.alt) == (prepared.sha256, alt)
    return uploaded


def test_a_thread_s_first_part_carries_two_photos_in_order_with_their_alt_texts(
    account: Account, tmp_path: Path
) -> None:
    publisher = account.publisher
    assert isinstance(publisher, Publisher) and isinstance(publisher, MediaUploader)
    salle = upload(account, phone_jpeg(tmp_path / "salle.jpg"), SALLE)
    vote = upload(account, phone_jpeg(tmp_path / "vote.jpg", orientation=6), VOTE)

    first = publisher.publish(
        "Budget 2027 adopté 1/2", reply_to=None, idempotency_key="s/p1", media=[salle, vote]
    )
    publisher.publish("Détail du vote 2/2", reply_to=first.post_id, idempotency_key="s/p2")

    (text1, photos1), (text2, photos2) = account.posts()
    assert (text1, text2) == ("Budget 2027 adopté 1/2", "Détail du vote 2/2")
    assert [p.alt for p in photos1] == [SALLE, VOTE]
    assert [Image.open(io.BytesIO(p.data)).size for p in photos1] == [(400, 300), (300, 400)]
    assert photos2 == []
    if publisher.network == "bluesky":
        assert [p.aspect for p in photos1] == [(400, 300), (300, 400)]


def test_a_phone_photo_arrives_without_its_gps_position_or_any_metadata(
    account: Account, tmp_path: Path
) -> None:
    photo = upload(account, phone_jpeg(tmp_path / "gps.jpg"), SALLE)
    account.publisher.publish("Séance ouverte", reply_to=None, idempotency_key="g", media=[photo])

    [(_text, [stored])] = account.posts()
    assert not any(tell_tale in stored.data for tell_tale in TELL_TALES)
    image = Image.open(io.BytesIO(stored.data))
    assert len(image.getexif()) == 0 and "xmp" not in image.info and "comment" not in image.info


def test_a_photo_the_network_forgot_is_media_gone_and_goes_again_once_re_uploaded(
    account: Account, tmp_path: Path
) -> None:
    publisher = account.publisher
    path = phone_jpeg(tmp_path / "vote.jpg")
    photo = upload(account, path, VOTE)
    account.forget()

    with pytest.raises(PublishError) as caught:
        publisher.publish("Vote du budget", reply_to=None, idempotency_key="v", media=[photo])

    assert caught.value.kind is FailureKind.MEDIA_GONE
    assert not caught.value.retryable  # the outbox uploads again rather than wait
    assert not any(secret in caught.value.message for secret in account.secrets)
    assert account.posts() == []
    again = upload(account, path, VOTE)
    publisher.publish("Vote du budget", reply_to=None, idempotency_key="v", media=[again])
    [(_text, [stored])] = account.posts()
    assert stored.alt == VOTE


def test_an_8_mb_phone_photo_fits_bluesky_s_million_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    noise(2900, 2175).save(path, "JPEG", quality=97)
    assert path.stat().st_size > 8_000_000
    with FakePDS() as pds:
        account = bluesky_account(pds)
        photo = upload(account, path, SALLE)
        account.publisher.publish("Vue", reply_to=None, idempotency_key="b", media=[photo])
        [(_text, [stored])] = account.posts()
    assert photo.size == len(stored.data) <= 1_000_000
    assert stored.aspect is not None and abs(stored.aspect[0] / stored.aspect[1] - 4 / 3) < 0.01


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """Where a link card would be fetched from (nothing leaves the machine)."""
    yield from serve(monkeypatch)


def test_bluesky_s_photos_take_the_embed_from_a_link_card_and_keep_the_link(
    tmp_path: Path, site: Site
) -> None:
    text = f"Le budget {site.url}/seance en photos"
    with FakePDS() as pds:
        publisher = make_bluesky(pds, link_cards=True, card_timeout_seconds=1.0)
        photo = upload(bluesky_account(pds), phone_jpeg(tmp_path / "p.jpg"), "Vue")
        publisher.publish(text, reply_to=None, idempotency_key="c", media=[photo])
        [record] = pds.records
    assert record.value["embed"]["$type"] == "app.bsky.embed.images"
    [facet] = record.value["facets"]
    assert facet["features"][0]["uri"] == f"{site.url}/seance"
    assert site.served == []  # no card was fetched for a post that shows photos


def test_bluesky_refuses_a_photo_over_its_million_bytes_and_says_so(tmp_path: Path) -> None:
    data = io.BytesIO()
    noise(700, 700).save(data, "PNG")
    too_big = PreparedImage("bluesky", data.getvalue(), "0" * 64, "0" * 64, "image/png", 700, 700)
    with FakePDS() as pds:
        with pytest.raises(PublishError) as caught:
            make_bluesky(pds).upload_media(too_big)
        assert pds.state.blobs == {}
    assert caught.value.kind is FailureKind.REJECTED
    assert "larger than this server accepts" in caught.value.message


def test_mastodon_waits_for_a_photo_the_instance_is_still_processing_then_posts(
    tmp_path: Path,
) -> None:
    with FakeMastodon(processing_polls=0) as server:
        account = mastodon_account(server)
        photo = upload(account, phone_jpeg(tmp_path / "v.jpg"), VOTE)
        server.media.items[photo.media_id].polls_left = 2  # processing again

        account.publisher.publish("Vote", reply_to=None, idempotency_key="p", media=[photo])

        [(_text, [stored])] = account.posts()
        assert stored.alt == VOTE
        tried = [r.path for r in server.requests_log if r.method == "POST"]
        polls = [r for r in server.requests_log if r.path == f"/api/v1/media/{photo.media_id}"]
    assert tried == ["/api/v2/media", "/api/v1/statuses", "/api/v1/statuses"]
    assert len(polls) == 3  # 206, 206, 200


def test_an_older_mastodon_that_drops_a_forgotten_photo_gets_no_text_only_status(
    tmp_path: Path,
) -> None:
    with FakeMastodon(legacy_media_ids=True, processing_polls=0) as server:
        account = mastodon_account(server)
        photo = upload(account, phone_jpeg(tmp_path / "v.jpg"), VOTE)
        account.forget()
        with pytest.raises(PublishError) as caught:
            account.publisher.publish("Vote", reply_to=None, idempotency_key="p", media=[photo])
        assert caught.value.kind is FailureKind.MEDIA_GONE
        assert server.statuses == [] and len(server.deleted) == 1


def test_mastodon_fits_photos_to_the_instance_s_own_limits_asked_once(tmp_path: Path) -> None:
    with FakeMastodon(image_matrix_limit=60_000, description_limit=900) as server:
        publisher = mastodon_account(server).publisher
        limits = publisher.media_limits()
        assert publisher.media_limits() == limits
        asked = [r.path for r in server.requests_log if r.path.endswith("/instance")]
    assert (limits.max_pixels, limits.alt_limit) == (60_000, 900)
    assert asked == ["/api/v2/instance"]


@pytest.mark.parametrize(
    ("network", "fault", "kind"),
    [
        ("x", "503", FailureKind.SERVER),
        ("x", "429", FailureKind.RATE_LIMITED),
        ("x", "hang", FailureKind.TIMEOUT),
        ("mastodon", "500", FailureKind.SERVER),
        ("mastodon", "429", FailureKind.RATE_LIMITED),
        ("bluesky", "503", FailureKind.SERVER),
        ("bluesky", "429", FailureKind.RATE_LIMITED),
        ("bluesky", "hang", FailureKind.CONNECTION),
    ],
)
def test_a_failed_upload_tells_the_outbox_what_to_do_without_a_secret(
    network: str, fault: str, kind: FailureKind, tmp_path: Path, make_publisher: MakeXPublisher
) -> None:
    source = load_image(phone_jpeg(tmp_path / "p.jpg"))
    with (
        FakeX(hang_seconds=2.0) as x,
        FakeMastodon(hang_seconds=2.0) as mastodon,
        FakePDS(hang_seconds=2.0) as pds,
    ):
        x.fail_next(fault, path="/2/media/upload")
        mastodon.fail_next(fault, path="/api/v2/media")
        pds.fail_next(fault, nsid="com.atproto.repo.uploadBlob")
        account = {
            "x": lambda: x_account(x, make_publisher),
            "mastodon": lambda: mastodon_account(mastodon),
            "bluesky": lambda: bluesky_account(pds),
        }[network]()
        with pytest.raises(PublishError) as caught:
            publisher = account.publisher
            publisher.upload_media(prepare(source, publisher.media_limits(), alt=VOTE))
    assert caught.value.kind is kind
    assert not any(secret in caught.value.message for secret in account.secrets)


def test_a_dry_run_writes_down_each_photo_but_never_its_bytes(tmp_path: Path) -> None:
    outbox = tmp_path / "s.dryrun.jsonl"
    publisher = DryRunPublisher("bluesky", outbox)
    prepared = prepare(
        load_image(phone_jpeg(tmp_path / "v.jpg", image=two_halves(500, 250))),
        publisher.media_limits(),
        alt=VOTE,
    )
    photo = publisher.upload_media(prepared)
    publisher.publish("Vote", reply_to=None, idempotency_key="k", media=[photo])

    assert photo.media_id.startswith("dry-media-")
    _upload, post = read_dry_run_outbox(outbox)
    assert post["media"] == [
        {
            "id": photo.media_id,
            "sha256": prepared.sha256,
            "alt": VOTE,
            "mime_type": "image/jpeg",
            "bytes": prepared.size,
            "width": 500,
            "height": 250,
        }
    ]
    assert prepared.data[:64].hex() not in outbox.read_text()
    assert publisher.media_limits().max_bytes == 1_000_000
