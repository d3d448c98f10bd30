"""Issue 10, "the screens tell the truth at a glance": what the operator reads on the
agenda, the timeline, the status bar, the footer and the dialogs, at 80 and 100 columns."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from livetweet.agenda import Agenda, load_agenda
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.outbox_view import TimelineRow
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.screens.help import HelpScreen
from livetweet.tui.screens.member_picker import search_members
from livetweet.tui.screens.override import OverrideDialog
from livetweet.tui.screens.timeline import TimelineScreen
from livetweet.tui.widgets.agenda_list import AgendaList
from livetweet.tui.widgets.key_bar import KeyBar
from tui.conftest import MakeApp, open_dry_run_outbox
from tui.helpers import header
from tui.test_agenda_list import shown_items
from tui.test_posting import states, wait_until

EXAMPLE = Path(__file__).resolve().parents[2] / "agendas" / "cm-villeneuve-2026-12-15.yaml"


def words(text: str) -> str:
    return " ".join(text.split())


# -- the agenda list -------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 100])
async def test_every_title_on_screen_is_shown_whole(columns: int) -> None:
    """At 100 columns 20 characters of a title were asked for; at 80, "Décision
    modificative n°…" stood twice in a row. Titles now wrap: each one is whole."""
    agenda = load_agenda(EXAMPLE)
    app = LiveTweetApp(agenda, settings=UiSettings())
    async with app.run_test(size=(columns, 30)) as pilot:
        await pilot.pause()
        agenda_list = app.main_screen.query_one(AgendaList)
        seen = 0
        for _page in range(6):  # page through the whole agenda
            shown = shown_items(agenda_list)
            complete = sorted(shown)[:-1]  # the last one may run off the bottom
            for index in complete:
                item = agenda.items[index]
                if not shown[index].lstrip().lstrip("▶✓⊘").startswith(item.number):
                    continue  # its first line is above the top
                title = item.display_title
                assert words(title) in words(shown[index]), (index, shown[index])
                assert "…" not in shown[index]
                seen = max(seen, index)
            agenda_list.scroll_to(y=agenda_list.scroll_offset.y + 20, animate=False)
            await pilot.pause()
        assert seen >= len(agenda.items) - 2


async def test_at_80_columns_neighbouring_items_never_look_the_same() -> None:
    agenda = load_agenda(EXAMPLE)
    app = LiveTweetApp(agenda, settings=UiSettings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        agenda_list = app.main_screen.query_one(AgendaList)
        blocks = [
            words(" ".join(line.plain for line in agenda_list.block(i))).split(" ", 1)[1]
            for i in range(len(agenda.items))
        ]  # each item without its number
        for first, second in itertools.pairwise(blocks):
            assert first != second
        assert any("n° 2 (budget principal)" in b for b in blocks)
        assert any("n° 1 (assainissement)" in b for b in blocks)


async def test_a_closed_item_is_flagged_above_the_draft_before_typing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.main_screen.jump_to("d2026-103")
        await pilot.pause()
        assert header(app).startswith("⊘ HUIS CLOS — ")  # first, never cut off
        assert "huis clos" in str(app.main_screen.editor.placeholder).lower()
        header_widget = app.main_screen.query_one("#item-header", Static)
        assert header_widget.size.height >= 2  # wrapped, not cut at 80 columns
        assert "blocked" in header_widget.classes
        app.main_screen.jump_to("d2026-105")
        await pilot.pause()
        assert header(app).startswith("⊘ NE PAS PUBLIER — ")
        assert "ne pas publier" in str(app.main_screen.editor.placeholder).lower()
        app.main_screen.jump_to("d2026-101")
        await pilot.pause()
        assert not header(app).startswith("⊘")
        assert "huis clos" not in str(app.main_screen.editor.placeholder).lower()


# -- the footer, the override dialog, the member picker, the journal's path --------------


@pytest.mark.parametrize("columns", [80, 100])
async def test_the_footer_always_shows_quit_and_help(make_app: MakeApp, columns: int) -> None:
    app = make_app()
    async with app.run_test(size=(columns, 24)) as pilot:
        await pilot.pause()
        line = app.main_screen.query_one(KeyBar).render().plain
        assert "^q Quitter" in line
        assert "f1 Aide" in line
        assert len(line) <= columns
        await pilot.press("ctrl+l")
        await pilot.pause()
        line = app.screen.query_one(KeyBar).render().plain
        assert "^q Quitter" in line and "f1 Aide" in line


async def test_the_override_dialog_opens_on_the_word_field(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.main_screen.jump_to("d2026-103")
        await pilot.press(*"Texte", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog)
        assert app.focused is app.screen.query_one("#override-word", Input)


def test_the_member_picker_finds_a_group_by_its_id_and_its_name() -> None:
    agenda = load_agenda(EXAMPLE)
    opposition = [m.id for m in agenda.members if m.group == "opposition"]
    assert opposition
    assert [m.id for m in search_members(agenda, "opposition")] == opposition
    assert [m.id for m in search_members(agenda, "Villeneuve autrement")][: len(opposition)] == (
        opposition
    )
    test_agenda = load_agenda(Path(__file__).with_name("agenda.yaml"))
    assert {m.id for m in search_members(test_agenda, "maj")} >= {"maire", "dupont", "benali"}


async def test_the_journal_path_is_on_the_help_screen_and_the_timeline(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.query_one("#help-journal", Static).content
        assert str(app.journal_path) in str(shown)
        await pilot.press("escape", "ctrl+l")
        await pilot.pause()
        title = app.screen.query_one(".screen-title", Static).content
        assert f"journal : {app.journal_path}" in str(title)


# -- the timeline ------------------------------------------------------------------------


def row(n: int) -> TimelineRow:
    return TimelineRow(f"p{n}", f"18:{n:02d}:00", "x", "2", "posted", f"Publication {n}", "")


async def test_the_timeline_opens_on_the_newest_post_and_follows_new_ones(
    make_app: MakeApp,
) -> None:
    app = make_app()
    rows = [row(n) for n in range(30)]
    app.timeline_rows = lambda: rows  # type: ignore[method-assign]  # the controller's rows, fixed here
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        table = screen.query_one(DataTable)
        assert screen.selected == rows[-1]
        assert table.scroll_offset.y == table.max_scroll_y > 0  # the newest is in view
        rows.append(row(30))
        app.refresh_timeline()
        await pilot.pause()
        assert screen.selected == rows[-1]  # it follows
        await pilot.press("up", "up")
        rows.append(row(31))
        app.refresh_timeline()
        await pilot.pause()
        assert screen.selected == rows[28]  # the operator's choice stays


@pytest.fixture
def far_time_zone() -> Iterator[None]:
    """The computer in Tokyo, the council in Villeneuve (+01:00)."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if previous is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = previous
    time.tzset()


async def test_timeline_times_are_in_the_session_time_zone(
    agenda: Agenda, tmp_path: Path, far_time_zone: None
) -> None:
    with open_dry_run_outbox(agenda, tmp_path / "s.jsonl") as outbox:
        app = LiveTweetApp(
            agenda, outbox=outbox, settings=UiSettings(networks=("x",), send_delay_seconds=0)
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*"Ouverture de la séance", "ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"])
            [record] = outbox.timeline()
            assert record.posted_at is not None
            posted = datetime.fromisoformat(record.posted_at)
            session_zone = timezone(timedelta(hours=1))
            [shown] = app.timeline_rows()
            assert shown.time == posted.astimezone(session_zone).strftime("%H:%M:%S")
            assert shown.time != posted.astimezone().strftime("%H:%M:%S")  # not Tokyo's


# -- notices -----------------------------------------------------------------------------


async def test_a_thread_is_announced_by_one_notice_per_network(
    agenda: Agenda, tmp_path: Path
) -> None:
    text = " ".join(f"Phrase numéro {n} du compte rendu de la séance." for n in range(1, 16))
    with open_dry_run_outbox(agenda, tmp_path / "s.jsonl") as outbox:
        app = LiveTweetApp(
            agenda, outbox=outbox, settings=UiSettings(networks=("x",), send_delay_seconds=0)
        )
        notices: list[tuple[str, str]] = []
        shown = app.notify

        def record(message: str, **options: Any) -> None:
            notices.append((options.get("title", ""), message))
            shown(message, **options)

        app.notify = record  # type: ignore[method-assign]
        async with app.run_test(size=(80, 24)) as pilot:
            app.main_screen.editor.text = text
            await pilot.pause()
            parts = app.main_screen.analysis.networks[0].parts
            assert len(parts) >= 3
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"] * len(parts))
            await pilot.pause()
        posted = [message for title, message in notices if title == "Publiée"]
        assert len(posted) == 1
        assert f"fil de {len(parts)} publications" in posted[0]
