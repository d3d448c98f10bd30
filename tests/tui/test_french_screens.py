"""The French screens show no English: every screen and dialog, the palette with
Textual's own commands, a search that finds nothing, the theme list, ctrl+c."""

from __future__ import annotations

from english_leaks import english_leaks, screen_text
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import OptionList

from livetweet.tui.app import LiveTweetApp
from livetweet.tui.screens.help import HelpScreen
from tui.conftest import MakeApp


async def palette_shown(pilot: Pilot[None], *keys: str) -> None:
    """Open the palette, type ``keys``, wait for its background search (and for the
    half second after which Textual would say that nothing matched)."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*keys)
    for _ in range(40):
        await pilot.pause(0.05)
        options = pilot.app.screen.query(OptionList)
        if options and options.first().option_count:
            break
    await pilot.pause(0.7)


async def test_no_english_on_any_screen(make_app: MakeApp) -> None:
    app: LiveTweetApp = make_app()
    seen: dict[str, str] = {}

    async def look(name: str) -> None:
        await pilot.pause()
        seen[name] = screen_text(app.export_screenshot())

    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await look("main")
        await palette_shown(pilot)
        await look("palette")
        await pilot.press(*"Cap")
        await pilot.pause(0.7)
        await look("palette, a Textual command")
        assert "Capture d'écran" in seen["palette, a Textual command"]  # Textual's, translated
        await pilot.press("escape")
        await palette_shown(pilot, *"zzzz")
        await look("palette, nothing found")
        await pilot.press("escape")
        await palette_shown(pilot, *"Thème")
        await pilot.press("enter")
        await pilot.pause(0.5)
        await look("themes")
        await pilot.press("escape", "escape")
        for key in ("f1", "ctrl+t", "ctrl+o", "ctrl+r", "ctrl+l"):
            await pilot.press(key)
            await look(key)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("shift+tab", "ctrl+c")  # outside the editor: how to quit
        await look("ctrl+c")
        assert "Appuyez sur ^q pour quitter" in seen["ctrl+c"]
        app.clear_notifications()
        app.main_screen.jump_to("d2026-103")  # huis clos: the override dialog
        app.main_screen.editor.focus()
        await pilot.press(*"Texte", "ctrl+s")
        await look("override")
        assert "huis clos" in seen["override"]
    assert len(seen) == 12
    leaks = {name: found for name, text in seen.items() if (found := english_leaks(text))}
    assert not leaks, {name: (found, seen[name]) for name, found in leaks.items()}


async def test_the_palettes_help_and_quit_are_the_apps_own(make_app: MakeApp) -> None:
    """Textual's "Keys" would open its English panel and its "Quit" would bypass the
    app's rule for quitting: the palette runs the same actions as F1 and ctrl+q."""
    app: LiveTweetApp = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await palette_shown(pilot, *"Aide")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        titles = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"Quitter", "Aide", "Thème", "Capture d'écran"} <= set(titles)
        quit_key = next(
            b for b in LiveTweetApp.BINDINGS if isinstance(b, Binding) and b.id == "quit"
        )
        assert titles["Quitter"].help == quit_key.tooltip  # the key's rule, in its words
        await palette_shown(pilot, *"Quitter")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert not app.is_running
