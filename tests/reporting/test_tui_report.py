"""Closing the session in the app: the palette writes the report next to the journal."""

from __future__ import annotations

from pathlib import Path

from livetweet.agenda import load_agenda
from livetweet.publishing import DryRunPublisher, Outbox
from livetweet.publishing.dryrun import dry_run_outbox_path
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.commands import commands_for
from livetweet.tui.settings import UiSettings

from .conftest import AGENDA


async def test_the_palette_writes_the_report_next_to_the_journal(tmp_path: Path) -> None:
    agenda = load_agenda(AGENDA)
    journal = tmp_path / "cm.jsonl"
    publishers = [DryRunPublisher("x", dry_run_outbox_path(journal))]
    with Outbox.open(journal, publishers, session_id=agenda.session.id, agenda=agenda) as outbox:
        outbox.submit({"x": ["La séance est ouverte"]}, None, "opening")
        outbox.process()
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(networks=("x",)))
        async with app.run_test(size=(100, 30)) as pilot:
            [write] = [
                callback
                for name, callback, _help in commands_for(app)
                if name.startswith("Write the session report")
            ]
            write()
            await pilot.pause()
    page = (tmp_path / "cm.report.html").read_text(encoding="utf-8")
    assert "La séance est ouverte" in page
    assert "nothing was published" in page
