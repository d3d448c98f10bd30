"""A photo attached in the TUI reaches X, Mastodon and Bluesky through the real
clients (tweepy, Mastodon.py, atproto) and the fake servers: once each, without
its phone's metadata, within each network's limits, with its alt text; and still
once each when the app is SIGKILLed between the upload and the post."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fakemastodon import FakeMastodon
from fakepds import FakePDS
from fakepds.fixtures import make_publisher as make_bluesky
from fakex import FakeX
from fakex.fixtures import MakeXPublisher
from photofiles import TELL_TALES, noise, phone_jpeg
from PIL import Image

from livetweet.agenda import Agenda
from livetweet.publishing import Outbox, RetryPolicy
from livetweet.publishing.networks.mastodon import MastodonPublisher
from livetweet.publishing.publisher import Publisher
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from tui.crashing_app import PHOTO_ALT, app_as_run
from tui.helpers import editor_text
from tui.test_nothing_lost import run_and_kill
from tui.test_photos import shown_photos
from tui.test_posting import states, wait_until

FAST = RetryPolicy(base=0.01, factor=2.0, cap=0.05, jitter=0.0)
ALT = "Les élus votent à main levée"
TEXT = "Budget 2027 adopté à main levée"
#: Bluesky's limit on an image (the 2 MB one is not on every server yet).
BLUESKY_MAX_BYTES = 1_000_000
X_MAX_BYTES = 5 * 1024 * 1024


def phone_photo(path: Path) -> Path:
    """A phone photo (GPS EXIF, XMP, comment, device) taken sideways (orientation 6,
    1600×1200 stored: 1200×1600 shown), too heavy for Bluesky as it is (~1.9 MB of
    pixels no encoder can shrink much)."""
    photo = phone_jpeg(path, orientation=6, image=noise(1600, 1200))
    assert photo.stat().st_size > BLUESKY_MAX_BYTES
    return photo


def assert_clean(data: bytes, size: tuple[int, int] = (1200, 1600)) -> None:
    """The bytes a network stored: an image upright, with no metadata left."""
    # b"GPS" alone is left to the EXIF check: 3 bytes may occur by chance in ~4 MB of noise
    for tell_tale in (t for t in TELL_TALES if t != b"GPS"):
        assert tell_tale not in data, tell_tale
    image = Image.open(io.BytesIO(data))
    assert image.size == size  # the phone's orientation applied to the pixels
    exif = image.getexif()
    assert dict(exif) == {} and dict(exif.get_ifd(0x8825)) == {}  # no GPS IFD
    assert "exif" not in image.info and "xmp" not in image.info and "comment" not in image.info


async def test_a_photo_attached_in_the_tui_reaches_each_network_once_without_its_metadata(
    agenda: Agenda, tmp_path: Path, make_publisher: MakeXPublisher, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = phone_photo(tmp_path / "vote.jpg")
    monkeypatch.chdir(tmp_path)  # the operator's shell, where the photo is
    with (
        FakeX(hang_seconds=2.0) as x,
        FakeMastodon(hang_seconds=2.0, processing_polls=1) as mastodon,
        FakePDS(hang_seconds=2.0) as pds,
    ):
        publishers: list[Publisher] = [
            make_publisher(x),
            MastodonPublisher(
                access_token=mastodon.token, api_base_url=mastodon.url, timeout_seconds=2.0
            ),
            make_bluesky(pds),
        ]
        journal = tmp_path / "s.jsonl"
        outbox = Outbox.open(
            journal, publishers, session_id=agenda.session.id, agenda=agenda, policy=FAST
        )
        with outbox:
            app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.press("ctrl+n", *TEXT, "ctrl+g")
                await pilot.press(*photo.name, "enter")  # relative to the shell's folder
                await pilot.press(*ALT, "ctrl+s")  # the alt text, saved
                assert "vote.jpg" in shown_photos(app)
                await pilot.press("ctrl+s")  # the post
                await wait_until(pilot, lambda: states(app) == ["posted"] * 3, attempts=400)
                assert shown_photos(app) == "" and editor_text(app) == ""

        # X: one upload, its alt text set through the metadata endpoint, one post
        [x_post] = x.posts
        assert x_post.text == TEXT
        assert list(x.media.items) == x_post.media_ids
        [x_media] = x.media.items.values()
        assert x_media.alt_text == ALT
        assert len(x_media.data) <= X_MAX_BYTES
        assert_clean(x_media.data)

        # Mastodon: one upload with its description, one status attaching it
        [status] = mastodon.statuses
        assert status.text == TEXT
        assert list(mastodon.media.items) == status.media_ids
        [m_media] = mastodon.media.items.values()
        assert m_media.description == ALT
        assert len(m_media.data) <= mastodon.image_size_limit
        assert_clean(m_media.data)

        # Bluesky: one blob, re-encoded under 1,000,000 bytes; the embed's alt and ratio
        uploads = pds.calls_to("com.atproto.repo.uploadBlob")
        assert [c.status for c in uploads] == [200]
        [record] = pds.records
        assert record.value["text"] == TEXT
        [image] = record.value["embed"]["images"]
        assert image["alt"] == ALT
        ratio = image["aspectRatio"]
        assert (ratio["width"], ratio["height"]) == (1200, 1600)
        blob = pds.state.blobs[image["image"]["ref"]["$link"]]
        assert len(blob) <= BLUESKY_MAX_BYTES
        assert_clean(blob)


# -- across a kill -9 --------------------------------------------------------------------

#: The client's timeout and how long the fake holds the post unanswered: the kill
#: lands well within it.
HANG_SECONDS = 20.0


@dataclass
class Account:
    """A fake network's account as a follower (and the network) sees it."""

    config: Path  # for ``livetweet run --config``: posts at once (send_delay_seconds 0)
    posts: Callable[[], list[tuple[str, list[str], list[str]]]]  # (text, media ids, alts)
    uploads: Callable[[], int]  # uploads the network accepted
    stored: Callable[[str], bytes]  # an upload's bytes, by media id
    #: Drop the hang still pending: the kill may come before the post left the app.
    heal: Callable[[], None]


def write_config(path: Path, yaml: str) -> Path:
    path.write_text(yaml + "send_delay_seconds: 0\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@contextmanager
def account_whose_next_post_hangs(network: str, directory: Path) -> Iterator[Account]:
    """The fake ``network`` with a config to post to it; its next post request is
    held unanswered (and not carried out) for HANG_SECONDS: the app is stuck between
    the journalled upload and the post until the test kills it."""
    config = directory / f"config-{network}.yaml"
    if network == "x":
        with FakeX(hang_seconds=HANG_SECONDS) as x:
            x.fail_next("hang", path="/2/tweets")
            write_config(config, x.config_yaml(timeout_seconds=HANG_SECONDS))
            items = x.media.items
            yield Account(
                config,
                lambda: [
                    (p.text, p.media_ids, [items[m].alt_text or "" for m in p.media_ids])
                    for p in x.posts
                ],
                lambda: len(items),
                lambda media_id: items[media_id].data,
                x.state.faults.clear,
            )
    elif network == "mastodon":
        with FakeMastodon(hang_seconds=HANG_SECONDS, processing_polls=1) as mastodon:
            mastodon.fail_next("hang", path="/api/v1/statuses")
            write_config(config, mastodon.config_yaml(timeout_seconds=HANG_SECONDS))
            media = mastodon.media.items
            yield Account(
                config,
                lambda: [
                    (s.text, s.media_ids, [media[m].description or "" for m in s.media_ids])
                    for s in mastodon.statuses
                ],
                lambda: len(media),
                lambda media_id: media[media_id].data,
                mastodon.state.faults.clear,
            )
    else:
        with FakePDS(hang_seconds=HANG_SECONDS) as pds:
            pds.fail_next("hang", nsid="com.atproto.repo.createRecord")
            write_config(config, pds.config_yaml(timeout_seconds=HANG_SECONDS))

            def posts() -> list[tuple[str, list[str], list[str]]]:
                found = []
                for record in pds.records:
                    images = (record.value.get("embed") or {}).get("images", [])
                    links = [i["image"]["ref"]["$link"] for i in images]
                    found.append((record.value["text"], links, [i["alt"] for i in images]))
                return found

            yield Account(
                config,
                posts,
                lambda: sum(c.status == 200 for c in pds.calls_to("com.atproto.repo.uploadBlob")),
                lambda link: pds.state.blobs[link],
                pds.state.faults.clear,
            )


def journalled(journal: Path, type_: str) -> list[dict[str, Any]]:
    if not journal.exists():
        return []
    entries = [json.loads(line) for line in journal.read_text().splitlines() if line]
    return [e for e in entries if e["type"] == type_]


def upload_journalled(journal: Path) -> Callable[[], None]:
    """Wait (bounded) until the photo's ``media_uploaded`` entry is in the journal."""

    def wait() -> None:
        deadline = time.monotonic() + 60
        while not journalled(journal, "media_uploaded"):
            assert time.monotonic() < deadline, "the upload never reached the journal"
            time.sleep(0.005)

    return wait


@pytest.mark.slow
@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
async def test_a_photo_posted_from_the_tui_reaches_the_network_once_across_a_kill(
    network: str, agenda: Agenda, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGKILL once the upload is journalled, the post not made; the app started
    again on the same journal (as ``livetweet run`` restarts) posts it with the
    upload it journalled: one upload, one post with the photo and its alt text."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    photo = phone_jpeg(tmp_path / "salle.jpg", orientation=6)
    journal = tmp_path / "seance.jsonl"
    with account_whose_next_post_hangs(network, tmp_path) as found:
        run_and_kill(
            journal,
            TEXT,
            post=True,
            photo=photo,
            config=found.config,
            until=upload_journalled(journal),
        )
        [upload] = journalled(journal, "media_uploaded")
        assert found.uploads() == 1 and found.posts() == []  # killed in between
        found.heal()

        app, outbox = app_as_run(agenda, found.config, journal)
        with outbox:
            async with app.run_test(size=(100, 30)) as pilot:
                await wait_until(pilot, lambda: states(app) == ["posted"], attempts=400)
                assert editor_text(app) == "" and shown_photos(app) == ""  # not back: sent

        assert found.posts() == [(TEXT, [upload["media_id"]], [PHOTO_ALT])]
        assert found.uploads() == 1  # the journalled upload was reused
        assert len(journalled(journal, "media_uploaded")) == 1
        assert_clean(found.stored(upload["media_id"]), size=(300, 400))
