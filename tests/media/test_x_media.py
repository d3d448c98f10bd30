"""The real tweepy client's session and OAuth 1.0a handler upload a prepared photo to
the fake X's v2 media endpoints, then set its alt text."""

from __future__ import annotations

from pathlib import Path

import pytest
import tweepy
from fakex import FakeX
from photofiles import TELL_TALES, phone_jpeg, write_gif

from livetweet.media import load_image, prepare, x_limits
from livetweet.publishing import PublishError
from livetweet.publishing.networks.x_http import route_session
from livetweet.publishing.networks.x_media import set_alt_text, upload_image
from livetweet.publishing.publisher import FailureKind

ALT = "Diapositive du budget : 42 M€ d'investissement, dont 12 M€ pour les écoles."


def client(server: FakeX) -> tweepy.Client:
    creds = server.credentials
    made = tweepy.Client(
        consumer_key=creds.consumer_key,
        consumer_secret=creds.consumer_secret,
        access_token=creds.access_token,
        access_token_secret=creds.access_token_secret,
    )
    route_session(made.session, server.url, 2.0)
    return made


def test_a_photo_is_uploaded_signed_then_given_its_alt_text(fake_x: FakeX, tmp_path: Path) -> None:
    prepared = prepare(load_image(phone_jpeg(tmp_path / "diapo.jpg")), x_limits(), alt=ALT)
    x = client(fake_x)

    media_id = upload_image(x, prepared)
    set_alt_text(x, media_id, prepared.alt)

    stored = fake_x.media.items[media_id]
    assert (stored.alt_text, stored.media_type, stored.media_category) == (
        ALT,
        "image/jpeg",
        "tweet_image",
    )
    assert stored.data == prepared.data
    assert not any(tell_tale in stored.data for tell_tale in TELL_TALES)
    calls = [(r.path, r.authorized) for r in fake_x.requests_log]
    assert calls == [("/2/media/upload", True), ("/2/media/metadata", True)]


def test_an_animated_gif_goes_up_as_a_gif(fake_x: FakeX, tmp_path: Path) -> None:
    prepared = prepare(load_image(write_gif(tmp_path / "a.gif")), x_limits())
    media_id = upload_image(client(fake_x), prepared)
    assert fake_x.media.items[media_id].media_category == "tweet_gif"


def test_x_refusing_the_alt_text_says_why_without_the_request(
    fake_x: FakeX, tmp_path: Path
) -> None:
    x = client(fake_x)
    media_id = upload_image(x, prepare(load_image(phone_jpeg(tmp_path / "s.jpg")), x_limits()))
    with pytest.raises(PublishError) as caught:
        set_alt_text(x, media_id, "a" * 1001)
    assert caught.value.kind is FailureKind.REJECTED
    assert "1000 characters" in caught.value.message
    assert fake_x.credentials.access_token not in caught.value.message
    assert fake_x.media.items[media_id].alt_text is None


def test_a_post_attaches_two_photos_with_their_alt_texts(fake_x: FakeX, tmp_path: Path) -> None:
    x = client(fake_x)
    ids = []
    for name, alt in (("salle.jpg", "La salle du conseil"), ("vote.jpg", "Le vote")):
        media_id = upload_image(x, prepare(load_image(phone_jpeg(tmp_path / name)), x_limits()))
        set_alt_text(x, media_id, alt)
        ids.append(media_id)

    x.create_tweet(text="1/2 Budget adopté", media_ids=ids, user_auth=True)

    [post] = fake_x.posts
    assert post.media_ids == ids
    assert [fake_x.media.items[m].alt_text for m in ids] == ["La salle du conseil", "Le vote"]
    with pytest.raises(tweepy.BadRequest, match="media IDs are invalid"):
        x.create_tweet(text="2/2 Unknown photo", media_ids=["999"], user_auth=True)
