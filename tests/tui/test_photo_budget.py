"""Mastodon's photo upload budget on the screen (issue 16): the account's segment of
the status bar says how many uploads are left once some are spent, and a post that
waits for the budget says why and until when (a notice, its timeline row), against
the real MastodonPublisher and the fake instance."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fakemastodon import FakeMastodon
from photofiles import phone_jpeg
from rich.text import Text
from textual.widgets import Static

from livetweet.agenda import Agenda
from livetweet.publishing import Outbox
from livetweet.publishing.attachments import MediaAttachment
from livetweet.publishing.networks.mastodon import MastodonPublisher
from livetweet.publishing.retry import RealClock
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.screens.timeline import TimelineScreen
from tui.test_nothing_lost import said
from tui.test_posting import wait_until

ALT = "Le vote à main levée"


def status(app: LiveTweetApp) -> str:
    content = app.main_screen.query_one("#status", Static).content
    assert isinstance(content, Text)
    return content.plain


def detail(app: LiveTweetApp) -> str:
    content = app.screen.query_one("#timeline-detail", Static).content
    assert isinstance(content, Text)
    return content.plain


async def test_the_status_bar_counts_photo_uploads_and_a_waiting_post_says_until_when(
    agenda: Agenda, tmp_path: Path
) -> None:
    photos = [MediaAttachment(phone_jpeg(tmp_path / f"p{i}.jpg"), ALT) for i in range(4)]
    with FakeMastodon(processing_polls=0) as server:
        publisher = MastodonPublisher(
            access_token=server.token,
            api_base_url=server.url,
            account="@villeneuve@127.0.0.1",
            timeout_seconds=2.0,
        )
        journal = tmp_path / "s.jsonl"
        outbox = Outbox.open(
            journal, [publisher], session_id=agenda.session.id, agenda=agenda, thread_mode="none"
        )
        with outbox:
            for n in range(7):  # 28 of the 30 uploads of the half hour
                outbox.submit({"mastodon": [f"Point {n}"]}, media=photos)
            assert len(outbox.process(max_wait=0).posted) == 7
            settings = UiSettings(networks=("mastodon",), send_delay_seconds=0)
            app = LiveTweetApp(agenda, outbox=outbox, settings=settings)
            async with app.run_test(size=(120, 30)) as pilot:
                notices = said(app)
                await wait_until(pilot, lambda: "photos 2/30" in status(app))

                await asyncio.to_thread(  # as the submitter thread does
                    outbox.submit, {"mastodon": ["Le budget est adopté"]}, media=photos
                )
                await wait_until(pilot, lambda: any("Mastodon" in n for n in notices))
                assert len(server.media.items) == 30  # two uploaded, two wait
                [notice] = notices
                assert "30 envois de photos par 30 minutes" in notice
                assert "Nouvel essai à" in notice
                bar = status(app)
                assert "photos 0/30 jusqu’à" in bar and "en file 1" in bar

                await pilot.press("ctrl+l")
                await pilot.pause()
                assert isinstance(app.screen, TimelineScreen)
                await pilot.press("end")
                await pilot.pause()
                shown = detail(app)
                assert "Le budget est adopté" in shown and "Nouvel essai à" in shown
                until = bar.split("jusqu’à ")[1][:8]
                assert f"Nouvel essai à {until}." in shown


class LaterClock(RealClock):
    """The real clock, ``ahead`` seconds later: half an hour passes in a test."""

    ahead = 0.0

    def now(self) -> float:
        return super().now() + self.ahead


async def test_the_budget_shown_frees_as_time_passes_without_any_post(
    agenda: Agenda, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("livetweet.tui.app.BUDGET_REFRESH_SECONDS", 0.05)
    photos = [MediaAttachment(phone_jpeg(tmp_path / f"p{i}.jpg"), ALT) for i in range(2)]
    clock = LaterClock()
    with FakeMastodon(processing_polls=0) as server:
        publisher = MastodonPublisher(
            access_token=server.token,
            api_base_url=server.url,
            account="@villeneuve@127.0.0.1",
            timeout_seconds=2.0,
        )
        with Outbox.open(tmp_path / "s.jsonl", [publisher], agenda=agenda, clock=clock) as outbox:
            outbox.submit({"mastodon": ["Le vote"]}, media=photos)
            assert len(outbox.process(max_wait=0).posted) == 1
            settings = UiSettings(networks=("mastodon",), send_delay_seconds=0)
            app = LiveTweetApp(agenda, outbox=outbox, settings=settings)
            async with app.run_test(size=(120, 30)) as pilot:
                await wait_until(pilot, lambda: "photos 28/30" in status(app))
                clock.ahead = 31 * 60  # the two uploads leave the window
                await wait_until(pilot, lambda: "photos" not in status(app))
