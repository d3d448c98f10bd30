"""Posting through the real outbox (dry-run publishers): send delay, cancel, results."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from livetweet.agenda import Agenda
from livetweet.publishing.dryrun import dry_run_outbox_path
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.screens.timeline import TimelineScreen
from livetweet.tui.widgets.status_bar import StatusBar
from tui.conftest import ALL_NETWORKS, open_dry_run_outbox
from tui.helpers import editor_text


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], object], attempts: int = 200
) -> None:
    """Let the worker threads run until ``condition()`` holds (bounded, not timed)."""
    for _ in range(attempts):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition never held")


def dry_run_posts(journal: Path) -> list[dict[str, Any]]:
    path = dry_run_outbox_path(journal)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def states(app: LiveTweetApp) -> list[str]:
    assert app.outbox is not None
    return [record.state for record in app.outbox.timeline()]


async def test_a_post_reaches_every_network_after_the_delay(agenda: Agenda, tmp_path: Path) -> None:
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0.2))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*"Bonsoir à toutes et à tous", "ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"] * 3)
            assert not app.main_screen.query_one("#countdown", Static).display
            status = app.main_screen.query_one(StatusBar).content.plain  # type: ignore[union-attr]
            assert "publications 3" in status
    posted = dry_run_posts(journal)
    assert sorted(p["network"] for p in posted) == sorted(ALL_NETWORKS)
    assert {p["text"] for p in posted} == {"Bonsoir à toutes et à tous"}


async def test_cancel_during_the_delay_gives_the_draft_back(agenda: Agenda, tmp_path: Path) -> None:
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*"Texte à revoir", "ctrl+s")
            await pilot.pause()
            assert editor_text(app) == ""
            assert app.posting.pending is not None
            countdown = app.main_screen.query_one("#countdown", Static)
            assert countdown.display
            assert "Envoi dans 60 s vers X, Mastodon, Bluesky" in str(countdown.content)
            await pilot.press("escape")
            await pilot.pause()
            assert app.posting.pending is None
            assert editor_text(app) == "Texte à revoir"
            assert not app.main_screen.query_one("#countdown", Static).display
            assert states(app) == []
    types = [json.loads(line)["type"] for line in journal.read_text().splitlines()]
    assert "queued" not in types
    assert dry_run_posts(journal) == []


async def test_a_long_draft_is_posted_as_a_thread_in_order(agenda: Agenda, tmp_path: Path) -> None:
    journal = tmp_path / "s.jsonl"
    text = " ".join(f"Phrase numéro {n} du compte rendu de la séance." for n in range(1, 16))
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(
            agenda, outbox=outbox, settings=UiSettings(networks=("x",), send_delay_seconds=0)
        )
        async with app.run_test(size=(80, 24)) as pilot:
            app.main_screen.editor.text = text
            await pilot.pause()
            parts = app.main_screen.analysis.networks[0].parts
            assert len(parts) >= 3
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"] * len(parts))
            records = app.outbox.timeline()  # type: ignore[union-attr]
            for previous, record in itertools.pairwise(records):
                assert record.replied_to == previous.post_id
    assert [p["text"] for p in dry_run_posts(journal)] == list(parts)


async def test_the_timeline_lists_what_was_posted(agenda: Agenda, tmp_path: Path) -> None:
    with open_dry_run_outbox(agenda, tmp_path / "s.jsonl") as outbox:
        app = LiveTweetApp(
            agenda, outbox=outbox, settings=UiSettings(networks=("x",), send_delay_seconds=0)
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*"Ouverture de la séance", "ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"])
            await pilot.press("ctrl+l")
            await pilot.pause()
            assert isinstance(app.screen, TimelineScreen)
            [row] = app.screen.rows
            assert (row.network, row.item, row.state) == ("x", "1", "posted")
            assert row.text == "Ouverture de la séance"
