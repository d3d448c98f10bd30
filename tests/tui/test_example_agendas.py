"""The app on the repository's example agendas (what `python3 dev.py run` opens)."""

from __future__ import annotations

from pathlib import Path

import pytest

from livetweet.agenda import load_agenda
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from tui.helpers import agenda_row, preview

AGENDAS = Path(__file__).resolve().parents[2] / "agendas"


@pytest.mark.parametrize("name", ["cm-villeneuve-2026-12-15.yaml", "full-council-2026-12-10.yaml"])
async def test_every_item_lists_and_every_template_renders(name: str) -> None:
    agenda = load_agenda(AGENDAS / name)
    app = LiveTweetApp(agenda, settings=UiSettings())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for item in agenda.items:
            assert agenda_row(app, item.id)[1]  # a title is shown
            app.main_screen.jump_to(item.id)
            for choice in app.flows.choices(item):
                assert not choice.preview.startswith("⚠"), (item.id, choice)
        closed = [item for item in agenda.items if item.closed]
        assert closed, "the example should show a closed-session item"
        await pilot.pause()
        assert agenda_row(app, closed[0].id)[2] in {"huis clos", "closed session"}


async def test_prepared_drafts_of_the_example_render_per_network() -> None:
    agenda = load_agenda(AGENDAS / "cm-villeneuve-2026-12-15.yaml")
    item = next(i for i in agenda.items if i.drafts and i.postable)
    app = LiveTweetApp(agenda, settings=UiSettings())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.main_screen.jump_to(item.id)
        app.flows.insert_stage(next(iter(item.drafts)))
        await pilot.pause()
        assert app.main_screen.editor.text
        assert app.main_screen.analysis.error is None
        assert preview(app)
