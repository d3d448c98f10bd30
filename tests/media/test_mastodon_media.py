"""The real Mastodon.py client uploads a prepared photo to the fake Mastodon: the
description arrives, the 202-then-206 processing is waited for, limits are the
instance's own."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakemastodon import FakeMastodon
from mastodon import Mastodon, MastodonAPIError
from photofiles import TELL_TALES, phone_jpeg

from livetweet.media import load_image, prepare
from livetweet.publishing import PublishError
from livetweet.publishing.networks.mastodon_instance import instance_limits
from livetweet.publishing.networks.mastodon_media import image_limits, upload_image
from livetweet.publishing.publisher import FailureKind

ALT = "Les élus votent à main levée le budget primitif 2027."


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    with FakeMastodon(image_matrix_limit=120_000, description_limit=1200) as server:
        yield server


def client(server: FakeMastodon) -> Mastodon:
    return Mastodon(
        access_token=server.token,
        api_base_url=server.url,
        request_timeout=2.0,
        ratelimit_method="throw",
        version_check_mode="none",
    )


def test_a_photo_arrives_clean_with_its_alt_text_once_processed(
    fake: FakeMastodon, tmp_path: Path
) -> None:
    limits = image_limits(instance_limits(fake.url))
    assert (limits.max_pixels, limits.alt_limit) == (120_000, 1200)
    prepared = prepare(load_image(phone_jpeg(tmp_path / "vote.jpg")), limits, alt=ALT)
    waits: list[float] = []

    media_id = upload_image(client(fake), prepared, focus=(0.0, 0.5), sleep=waits.append)

    stored = fake.media.items[media_id]
    assert stored.processed and stored.description == ALT and stored.focus == "0.0,0.5"
    assert stored.data == prepared.data and stored.content_type == "image/jpeg"
    assert not any(tell_tale in stored.data for tell_tale in TELL_TALES)
    polls = [r for r in fake.requests_log if r.path == f"/api/v1/media/{media_id}"]
    assert len(polls) == 3  # 206, 206, then 200 with the URL
    assert waits == [0.2, 0.4, 0.8]  # a short back-off, not Mastodon.py's 5 s per poll


def test_a_media_that_never_finishes_processing_is_a_timeout(tmp_path: Path) -> None:
    with FakeMastodon(processing_polls=1000) as fake:
        prepared = prepare(
            load_image(phone_jpeg(tmp_path / "s.jpg")),
            image_limits(instance_limits(fake.url)),
            alt=ALT,
        )
        now = [0.0]

        def sleep(seconds: float) -> None:
            now[0] += seconds

        with pytest.raises(PublishError) as caught:
            upload_image(
                client(fake), prepared, max_processing=10, sleep=sleep, clock=lambda: now[0]
            )
    assert caught.value.kind is FailureKind.TIMEOUT
    assert "still processing" in caught.value.message


def test_an_alt_text_over_the_instance_limit_is_refused_with_mastodon_s_reason(
    fake: FakeMastodon, tmp_path: Path
) -> None:
    prepared = prepare(
        load_image(phone_jpeg(tmp_path / "s.jpg")),
        image_limits(instance_limits(fake.url)),
        alt="é" * 1201,
    )
    with pytest.raises(PublishError) as caught:
        upload_image(client(fake), prepared, sleep=lambda _s: None)
    assert caught.value.kind is FailureKind.REJECTED
    assert "maximum is 1200" in caught.value.message
    assert fake.media.items == {}


def test_a_status_may_attach_the_photo_only_once_it_is_processed(
    fake: FakeMastodon, tmp_path: Path
) -> None:
    mastodon = client(fake)
    prepared = prepare(
        load_image(phone_jpeg(tmp_path / "s.jpg")), image_limits(instance_limits(fake.url)), alt=ALT
    )
    raw = mastodon.media_post(io.BytesIO(prepared.data), mime_type="image/jpeg")
    with pytest.raises(MastodonAPIError, match="not finished processing"):
        mastodon.status_post("Vote du budget", media_ids=[raw["id"]])

    media_id = upload_image(mastodon, prepared, sleep=lambda _s: None)
    mastodon.status_post("Vote du budget", media_ids=[media_id])

    [status] = fake.statuses
    assert status.media_ids == [media_id]
