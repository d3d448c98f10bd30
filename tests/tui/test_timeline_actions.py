"""The timeline's actions against the real XPublisher and the fake X server:
retry a refused post, resolve an uncertain one, delete, post a correction."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from fakex import FakeX
from fakex.fixtures import MakeXPublisher
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Label, Static

from livetweet.agenda import Agenda
from livetweet.publishing import Outbox, RetryPolicy
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.screens.confirm import ConfirmDialog, CorrectionDialog
from livetweet.tui.screens.timeline import TimelineScreen
from tui.conftest import open_dry_run_outbox
from tui.helpers import header
from tui.test_posting import states, wait_until

FAST = RetryPolicy(base=0.01, factor=2.0, cap=0.05, jitter=0.0)


def x_app(
    agenda: Agenda, tmp_path: Path, server: FakeX, make: MakeXPublisher, **options: Any
) -> LiveTweetApp:
    publisher = make(server, **options)
    outbox = Outbox.open(tmp_path / "s.jsonl", [publisher], agenda=agenda, policy=FAST)
    settings = UiSettings(networks=("x",), send_delay_seconds=0)
    return LiveTweetApp(agenda, outbox=outbox, settings=settings)


async def post(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text, "ctrl+s")


async def test_a_refused_post_is_retried_from_the_timeline(
    agenda: Agenda, tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    app = x_app(agenda, tmp_path, fake_x, make_publisher)
    async with app.run_test(size=(120, 40)) as pilot:
        assert not app.dry_run
        fake_x.fail_next("401")
        await post(pilot, "Ouverture de la séance")
        await wait_until(pilot, lambda: states(app) == ["failed"])
        assert fake_x.posts == []
        status = app.main_screen.query_one("#status", Static).content.plain  # type: ignore[union-attr]
        assert "X attend une action" in status  # refused, not "hors ligne"
        assert "hors ligne" not in status
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.rows[0].state == "failed"
        await pilot.press("r")
        await wait_until(pilot, lambda: states(app) == ["posted"])
        await wait_until(pilot, lambda: cast(TimelineScreen, app.screen).rows[0].state == "posted")
        assert [p.text for p in fake_x.posts] == ["Ouverture de la séance"]
    app.outbox.close()  # type: ignore[union-attr]


async def test_at_80_columns_the_timeline_still_says_why_a_post_failed(
    agenda: Agenda, tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    """The table cuts its last column on a laptop's 80 columns: the highlighted post's
    reason (or link) shows in full under it."""
    app = x_app(agenda, tmp_path, fake_x, make_publisher)
    async with app.run_test(size=(80, 24)) as pilot:
        fake_x.fail_next("401")
        await post(pilot, "Ouverture de la séance")
        await wait_until(pilot, lambda: states(app) == ["failed"])
        await pilot.press("ctrl+l")
        await pilot.pause()
        detail = app.screen.query_one("#timeline-detail", Static).content
        assert isinstance(detail, Text)
        reason = cast(TimelineScreen, app.screen).rows[0].detail
        assert "X" in reason and len(reason) > 40  # what the table cannot show at 80 columns
        assert reason in detail.plain
        assert "Ouverture de la séance" in detail.plain
        assert "en échec" in detail.plain
    app.outbox.close()  # type: ignore[union-attr]


async def test_an_uncertain_post_is_resolved_by_the_operator(
    agenda: Agenda, tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    app = x_app(agenda, tmp_path, fake_x, make_publisher, timeout_seconds=0.3, reconcile=False)
    async with app.run_test(size=(120, 40)) as pilot:
        fake_x.fail_next("accept_then_hang")
        await post(pilot, "Le point 1 est adopté")
        await wait_until(pilot, lambda: states(app) == ["uncertain"])
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("p")
        await wait_until(pilot, lambda: states(app) == ["posted"])
        assert len(fake_x.posts) == 1  # never sent twice
    app.outbox.close()  # type: ignore[union-attr]


async def test_delete_and_correct_a_posted_post(
    agenda: Agenda, tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    app = x_app(agenda, tmp_path, fake_x, make_publisher)
    async with app.run_test(size=(120, 40)) as pilot:
        await post(pilot, "Point 1 adopté à l'unanimté")
        await wait_until(pilot, lambda: states(app) == ["posted"])
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CorrectionDialog)
        await pilot.press(*"unanimité", "ctrl+s")
        await wait_until(pilot, lambda: states(app) == ["posted", "posted"])
        original, correction = fake_x.posts
        assert correction.text == "Rectificatif : unanimité"
        assert correction.in_reply_to == original.id

        await pilot.press("ctrl+l")  # the correction went through the main screen
        await pilot.pause()
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        assert timeline.selected is not None and timeline.selected.text == correction.text
        await pilot.press("up")  # the cursor followed the correction; back to the original
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # the safe answer: nothing deleted
        await pilot.pause()
        assert states(app) == ["posted", "posted"]
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await wait_until(pilot, lambda: states(app)[0] == "deleted")
        assert [p.id for p in fake_x.deleted] == [original.id]
    app.outbox.close()  # type: ignore[union-attr]


async def test_a_correction_covers_every_network_and_waits_the_send_delay(
    agenda: Agenda, tmp_path: Path
) -> None:
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*"Point 1 adopté à l'unanimté", "ctrl+s")
            app.posting.send_now()
            await wait_until(pilot, lambda: states(app) == ["posted"] * 3)
            await pilot.press("ctrl+l")
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, CorrectionDialog)
            title = app.screen.query_one(".dialog-title", Label).render()
            assert str(title) == "Rectificatif sur X, Mastodon, Bluesky"
            await pilot.press(*"unanimité", "ctrl+s")
            await pilot.pause()
            # mypy keeps app.screen narrowed to the dialog across the awaits above.
            assert app.screen is app.main_screen  # type: ignore[comparison-overlap]  # where the countdown shows
            assert app.posting.pending is not None
            assert states(app) == ["posted"] * 3  # nothing sent yet
            await pilot.press("escape")  # the correction comes back, still a correction
            await pilot.pause()
            assert app.posting.pending is None
            assert app.main_screen.editor.text == "Rectificatif : unanimité"
            assert "Rectificatif sur X, Mastodon, Bluesky" in header(app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.posting.pending is not None
            app.posting.send_now()
            await wait_until(pilot, lambda: states(app) == ["posted"] * 6)
            records = app.outbox.timeline()
    originals, corrections = records[:3], records[3:]
    by_network = {r.network: r for r in originals}
    assert {r.network for r in corrections} == {"x", "mastodon", "bluesky"}
    for correction in corrections:
        assert correction.text == "Rectificatif : unanimité"
        assert correction.corrects == by_network[correction.network].ref
        assert correction.replied_to == by_network[correction.network].post_id
