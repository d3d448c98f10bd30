"""Command palette, F1 help, function-key alternates and the English UI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from livetweet.tui.palette import commands_for
from livetweet.tui.screens.help import HelpScreen
from tui.conftest import MakeApp
from tui.helpers import counters

ROOT = Path(__file__).resolve().parents[2]


async def test_palette_jumps_to_an_item(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        # Textual types the argument App[object]; App is invariant in its return type.
        assert CommandPalette.is_open(app)  # type: ignore[arg-type]
        await pilot.press(*"Tanneries")
        palette = app.screen
        for _ in range(100):  # the palette searches in the background
            options = palette.query(OptionList)
            if options and options.first().option_count:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.model.current_item is not None
        assert app.model.current_item.id == "d2026-102"


async def palette_options(pilot: Pilot[None], query: str) -> list[str]:
    """What the palette offers for ``query``, once its background search is done."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    found: list[str] = []
    for _ in range(20):
        await pilot.pause(0.05)
        options = pilot.app.screen.query(OptionList)
        if options:
            lists = options.first()
            found = [str(lists.get_option_at_index(i).prompt) for i in range(lists.option_count)]
    return found


async def test_the_palette_follows_the_screen(make_app: MakeApp) -> None:
    """Over the timeline, "go to item" would act on a screen the operator cannot see."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert any("Tanneries" in option for option in await palette_options(pilot, "Tanneries"))
        await pilot.press("escape", "escape", "ctrl+l")
        await pilot.pause()
        assert not any("Tanneries" in o for o in await palette_options(pilot, "Tanneries"))


async def test_palette_toggles_a_network(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        names = [name for name, _callback, _help in commands_for(app)]
        assert "Activer/désactiver Mastodon (actuellement activé)" in names
        assert "Modèle : Adopté" in names
        assert "Aller au point QD1 — Éclairage public" in names
        [toggle] = [
            cb
            for name, cb, _h in commands_for(app)
            if name.startswith("Activer/dés") and "Mastodon" in name
        ]
        toggle()
        await pilot.pause()
        assert "Mastodon" not in counters(app)
        assert app.enabled_networks == ["x", "bluesky"]


async def test_f1_explains_the_focused_widget_and_lists_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.topic == "editor"
        keys = str(app.screen.query_one("#help-keys", Static).content)
        assert "^s / f5  Publier" in keys
        assert "^n / f8  Point suivant" in keys
        await pilot.press("escape", "shift+tab", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.topic == "agenda"


async def test_function_keys_work_while_typing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Bon", "f8")
        await pilot.pause()
        assert app.model.current_item is not None
        assert app.model.current_item.id == "d2026-101"


def test_english_ui() -> None:
    """Binding labels are translated when the app's classes are created: a fresh process."""
    code = """
import asyncio, sys
from livetweet.i18n import set_language
set_language("en")
sys.path.insert(0, "tests/tui")
from pathlib import Path
from livetweet.agenda import load_agenda
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings

async def main():
    app = LiveTweetApp(load_agenda(Path('tests/tui/agenda.yaml')), settings=UiSettings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print([b.description for b in app.main_screen.BINDINGS])
        print(app.main_screen.query_one("#item-header").content)
        from helpers import agenda_row
        print(agenda_row(app, "d2026-103"))

asyncio.run(main())
"""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "'Post', 'Next item', 'Templates'" in result.stdout
    assert "About: item 1" in result.stdout
    assert "closed session" in result.stdout
