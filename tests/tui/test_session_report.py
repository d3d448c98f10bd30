"""Closing the session in the app: the palette writes the report next to the journal."""

from __future__ import annotations

import html
from pathlib import Path

from livetweet.agenda import Agenda
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.palette import commands_for
from tui.conftest import open_dry_run_outbox


async def test_the_palette_writes_the_report_next_to_the_journal(
    agenda: Agenda, tmp_path: Path
) -> None:
    journal = tmp_path / "cm.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        outbox.submit({"x": ["La séance est ouverte"]}, None, "opening")
        outbox.process()
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(networks=("x",)))
        async with app.run_test(size=(100, 30)) as pilot:
            [write] = [
                callback
                for name, callback, _help in commands_for(app)
                if name.startswith("Écrire le compte rendu de la séance")
            ]
            write()
            await pilot.pause()
    page = html.unescape((tmp_path / "cm.report.html").read_text(encoding="utf-8"))
    assert "La séance est ouverte" in page
    assert "rien n'a été publié" in page
    assert '<html lang="fr">' in page
