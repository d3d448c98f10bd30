"""Quitting with a post in its send delay, restarting, and X going down then back."""

from __future__ import annotations

from pathlib import Path

from fakex import FakeX
from fakex.fixtures import MakeXPublisher

from livetweet.agenda import Agenda
from livetweet.publishing import verify_journal
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from tui.conftest import open_dry_run_outbox
from tui.test_posting import dry_run_posts, states, wait_until
from tui.test_timeline_actions import x_app


async def test_a_post_counting_down_at_exit_is_not_sent_but_comes_back(
    agenda: Agenda, tmp_path: Path
) -> None:
    """The quit rule: leaving during the countdown publishes nothing, on any network,
    now or at the next start; the text comes back as the draft, with its item."""
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+n", *"Point 2 : le débat commence", "ctrl+s")
            await pilot.pause()
            assert app.posting.pending is not None

    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.model.current_item is not None
            assert app.model.current_item.id == "d2026-101"
            assert app.main_screen.editor.text == "Point 2 : le débat commence"
            assert app.main_screen.context.item_id == "d2026-101"
            assert states(app) == []
    assert dry_run_posts(journal) == []
    assert verify_journal(journal).ok


async def test_x_down_then_back_posts_the_thread_once(
    agenda: Agenda, tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    app = x_app(agenda, tmp_path, fake_x, make_publisher)
    text = " ".join(f"Intervention {n} : la majorité défend le projet de budget." for n in range(9))
    async with app.run_test(size=(80, 24)) as pilot:
        fake_x.fail_next("503", count=2)
        fake_x.fail_next("disconnect")
        app.main_screen.editor.text = text
        await pilot.pause()
        parts = list(app.main_screen.analysis.networks[0].parts)
        assert len(parts) >= 2
        await pilot.press("ctrl+s")
        await pilot.press(*"Pendant ce temps")  # the UI keeps answering
        await wait_until(pilot, lambda: states(app) == ["posted"] * len(parts))
        assert app.main_screen.editor.text == "Pendant ce temps"
        status = app.main_screen.query_one("#status").content.plain  # type: ignore[attr-defined]
        assert "X en ligne" in status
    assert [p.text for p in fake_x.posts] == parts
    app.outbox.close()  # type: ignore[union-attr]
