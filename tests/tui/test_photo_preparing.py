"""A photo attached in the TUI is stripped and fitted to each network off the UI
thread, before it is posted, and the outbox uploads those very preparations: after
the countdown, sending only uploads (decoding and re-encoding a phone photo takes
seconds; speed itself is measured in benchmarks/bench_photo_send.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from photofiles import phone_jpeg

from livetweet.agenda import Agenda
from livetweet.media import PreparedImage, SourceImage, prepare
from livetweet.media.limits import ImageLimits
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from tui.conftest import open_dry_run_outbox
from tui.test_nothing_lost import run_and_kill
from tui.test_photos import ALT, attach, posts
from tui.test_posting import wait_until


class Preparations:
    """Each preparation really made: in which thread, and how many posts were in the
    outbox by then (any: it was made while sending)."""

    def __init__(self) -> None:
        self.made: list[tuple[str, int]] = []
        self.queued: Callable[[], int] = lambda: 0

    def __call__(self, source: SourceImage, limits: ImageLimits) -> PreparedImage:
        self.made.append((threading.current_thread().name, self.queued()))
        return prepare(source, limits)


@pytest.fixture
def preparations(monkeypatch: pytest.MonkeyPatch) -> Preparations:
    spy = Preparations()
    monkeypatch.setattr("livetweet.media.cache.prepare", spy)
    return spy


async def test_a_photo_is_prepared_when_attached_and_sending_only_uploads_it(
    agenda: Agenda, tmp_path: Path, preparations: Preparations
) -> None:
    photo = phone_jpeg(tmp_path / "salle-du-conseil.jpg")
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        preparations.queued = lambda: len(outbox.timeline())
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*"La salle est pleine")
            await attach(app, pilot, photo, ALT)
            await wait_until(pilot, lambda: len(preparations.made) == 3)  # X, Mastodon, Bluesky
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: len(posts(journal)) == 3)
    assert [m["alt"] for p in posts(journal) for m in p["media"]] == [ALT] * 3
    assert len(preparations.made) == 3  # none again at send time
    assert all(queued == 0 for _thread, queued in preparations.made)
    assert threading.main_thread().name not in {thread for thread, _ in preparations.made}


async def test_photos_brought_back_from_the_drafts_file_are_prepared_before_they_are_sent(
    agenda: Agenda, tmp_path: Path, preparations: Preparations
) -> None:
    photo = phone_jpeg(tmp_path / "vote.jpg")
    journal = tmp_path / "s.jsonl"
    run_and_kill(journal, "Le vote", photo=photo)  # the draft comes back with its photo
    with open_dry_run_outbox(agenda, journal) as outbox:
        preparations.queued = lambda: len(outbox.timeline())
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=30))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: len(preparations.made) == 3)
            app.posting.send_now()
            await wait_until(pilot, lambda: len(posts(journal)) == 3)
    assert len(preparations.made) == 3
    assert all(queued == 0 for _thread, queued in preparations.made)
