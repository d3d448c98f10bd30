"""The agenda pane on a long agenda, and the key bar: what the mouse and the keys do."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from livetweet.agenda import load_agenda
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.screens.templates import TemplatePicker
from livetweet.tui.widgets.agenda_list import AgendaList
from livetweet.tui.widgets.key_bar import KeyBar
from tui.conftest import MakeApp, open_dry_run_outbox
from tui.helpers import agenda_row, header

ROOT_DIR = Path(__file__).resolve().parents[2]


def long_agenda(tmp_path: Path, items: int = 300) -> Path:
    spec = importlib.util.spec_from_file_location(
        "make_agenda", ROOT_DIR / "benchmarks" / "make_agenda.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path / "long.yaml"
    path.write_text(module.make_agenda(items), encoding="utf-8")
    return path


def shown_rows(agenda_list: AgendaList) -> list[str]:
    """The lines the pane draws now, header first."""
    height = agenda_list.scrollable_content_region.height
    return [agenda_list.render_line(y).text for y in range(height)]


def shown_items(agenda_list: AgendaList) -> dict[int, str]:
    """What the pane draws for each item on screen (by index), its lines joined."""
    height = agenda_list.scrollable_content_region.height
    items: dict[int, list[str]] = {}
    for y in range(1, height):
        strip = agenda_list.render_line(y)
        rows: set[Any] = {
            s.style.meta.get("row") for s in strip if s.style is not None and s.style.meta
        }
        rows.discard(None)
        if rows:
            [row] = rows
            items.setdefault(row, []).append(strip.text)
    return {row: "\n".join(lines) for row, lines in items.items()}


def shown_numbers(agenda_list: AgendaList) -> list[str]:
    """The item numbers on screen, without their status mark."""
    return [text.split()[0].lstrip("▶✓⊘") for text in shown_items(agenda_list).values()]


async def test_the_end_key_reaches_the_last_of_300_items_and_shows_it(tmp_path: Path) -> None:
    agenda = load_agenda(long_agenda(tmp_path))
    app = LiveTweetApp(agenda, settings=UiSettings())
    async with app.run_test(size=(80, 24)) as pilot:
        agenda_list = app.main_screen.query_one(AgendaList)
        await pilot.press("shift+tab", "end")
        first, last = agenda.items[0], agenda.items[-1]
        assert shown_numbers(agenda_list)[-1] == last.number
        assert first.number not in shown_numbers(agenda_list)
        await pilot.press("enter")
        assert app.model.current_item == last
        assert agenda_row(app, last.id)[0] == f"▶{last.number}"
        await pilot.press("shift+tab", "home")
        assert shown_numbers(agenda_list)[0] == first.number


async def test_a_resumed_session_opens_on_its_current_item_far_down(tmp_path: Path) -> None:
    agenda = load_agenda(long_agenda(tmp_path))
    journal = tmp_path / "s.jsonl"
    far = agenda.items[250]
    with open_dry_run_outbox(agenda, journal) as outbox:
        outbox.record_item_started(far.id)
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, settings=UiSettings(), outbox=outbox, journal_path=journal)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            rows = shown_rows(app.main_screen.query_one(AgendaList))
            assert any(row.lstrip().startswith(f"▶{far.number} ") for row in rows)
            assert f"point {far.number} —" in header(app)


async def test_a_click_on_a_row_makes_it_the_current_item(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        agenda_list = app.main_screen.query_one(AgendaList)
        rows = shown_rows(agenda_list)
        line = next(y for y, row in enumerate(rows) if "Cantine" in row)
        await pilot.click(AgendaList, offset=(8, line))
        await pilot.pause()
        assert app.model.current_item is not None
        assert app.model.current_item.id == "d2026-104"
        assert "Cantine" in header(app)
        assert app.focused is app.main_screen.editor


async def test_a_click_on_a_key_of_the_key_bar_presses_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.main_screen.query_one(KeyBar)
        line = bar.render().plain
        column = line.index("Modèles")
        await pilot.click(KeyBar, offset=(column + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
        assert app.screen.query_one(OptionList).option_count > 0


async def test_the_key_bar_lists_the_screens_keys_and_follows_a_keymap(make_app: MakeApp) -> None:
    app = make_app(keymap={"templates": "f10"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        line = app.main_screen.query_one(KeyBar).render().plain
        assert "^s Publier" in line
        assert "f10 Modèles" in line
        assert line.rstrip().endswith("^p palette")
        await pilot.press("f10")
        assert isinstance(app.screen, TemplatePicker)


async def test_every_key_has_an_id_and_a_tooltip_shown_on_hover(make_app: MakeApp) -> None:
    """Remappable (``keymap:`` takes binding ids) and explained, on every screen."""
    from textual.binding import Binding

    from livetweet.tui.screens.main import MainScreen
    from livetweet.tui.screens.timeline import TimelineScreen
    from livetweet.tui.widgets.attachments import AttachmentList

    declared = [
        b
        for owner in (LiveTweetApp, MainScreen, TimelineScreen, AttachmentList)
        for b in owner.BINDINGS
        if isinstance(b, Binding) and b.show
    ]
    assert len(declared) == 22  # F12 "retry journal" shows only when the journal failed
    assert [b.action for b in declared if not (b.id and b.tooltip)] == []
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.main_screen.query_one(KeyBar)
        column = bar.render().plain.index("Modèles")
        await pilot.hover(KeyBar, offset=(column + 1, 0))
        await pilot.pause()
        assert bar.tooltip == "Textes du point en cours, ses brouillons préparés d'abord"
