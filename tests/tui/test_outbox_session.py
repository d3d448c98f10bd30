"""The app over the real journalled outbox (dry-run publishers): what it journals,
what the status bar shows, and what a restart brings back."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from livetweet.agenda import Agenda
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.widgets.status_bar import DryRunBanner, StatusBar
from tui.conftest import MakeApp, open_dry_run_outbox
from tui.helpers import agenda_row


def journal_types(path: Path) -> list[str]:
    return [json.loads(line)["type"] for line in path.read_text().splitlines()]


async def test_item_changes_and_votes_are_journalled_and_resumed(
    agenda: Agenda, tmp_path: Path
) -> None:
    journal = tmp_path / "session.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings())
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.dry_run
            assert app.main_screen.query(DryRunBanner)
            await pilot.press("ctrl+n", "ctrl+o", *"25", "enter", "5", "enter", "3", "enter")
            await pilot.pause()
            await pilot.press("ctrl+n")
            await pilot.pause()
    types = journal_types(journal)
    assert types.count("item_started") == 3  # the first item, then two next-item keys
    assert "vote_recorded" in types

    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings())
        async with app.run_test(size=(80, 24)):
            assert app.model.current_item is not None
            assert app.model.current_item.id == "d2026-102"
            assert agenda_row(app, "d2026-101")[2] == "adopté 25-5-3"
            assert agenda_row(app, "d2026-100")[2] == "terminé"
            assert agenda_row(app, "d2026-102")[2] == "en cours"


async def test_status_bar_shows_each_network(agenda: Agenda, tmp_path: Path) -> None:
    with open_dry_run_outbox(agenda, tmp_path / "s.jsonl") as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(networks=("x", "bluesky")))
        async with app.run_test(size=(120, 40)):
            bar = app.main_screen.query_one(StatusBar).content
            text = bar.plain  # type: ignore[union-attr]
            assert "X simulation" in text  # dry-run: nothing goes online
            assert "Bluesky simulation" in text
            assert "en ligne" not in text
            assert "Mastodon désactivé" in text
            assert "publications 0" in text


async def test_vote_dialog_rejects_non_numbers(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        # The Input only accepts digits: letters typed are dropped.
        await pilot.press(*"douze", "enter")
        assert dialog.query_one("#vote-for", Input).value == ""
