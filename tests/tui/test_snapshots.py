"""Snapshots of the main screen and every dialog, at 80x24 and 120x40.

Update after an intended change with ``pytest tests/tui --snapshot-update`` and
review the SVGs in tests/tui/__snapshots__ before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.outbox_view import TimelineRow
from tui.conftest import MakeApp

#: The journal's path is shown (help, timeline): the same in every run.
JOURNAL = Path("/home/com/.local/share/livetweet/cm-test-2026-12-15.jsonl")

RunBefore = Callable[[Pilot[None]], Awaitable[None]]


class SnapCompare(Protocol):
    """The ``snap_compare`` fixture of pytest-textual-snapshot, whose own annotation
    (``Callable[[str | PurePath], bool]``) leaves out the app and keyword arguments."""

    def __call__(
        self,
        app: App[Any],
        press: Iterable[str] = ...,
        terminal_size: tuple[int, int] = ...,
        run_before: RunBefore | None = ...,
    ) -> bool: ...


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

DRAFT = (
    "Point 2 : {@dupont} présente le budget primitif 2027 : 48 M€ de fonctionnement, "
    "12 M€ d'investissement pour les écoles, la voirie et la rénovation énergétique "
    "des bâtiments communaux. Les taux d'imposition restent inchangés pour la "
    "quatrième année consécutive. Suivez les débats en direct : "
    "https://villeneuve.example.fr/direct #CMVilleneuve #Budget2027"
)


def steady(*keys: str, then: RunBefore | None = None) -> RunBefore:
    """Press ``keys``, run ``then``, and stop every cursor blinking (a blink is a flake)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        if then is not None:
            await then(pilot)
        for screen in pilot.app.screen_stack:
            for widget in screen.query("TextArea, Input"):
                assert isinstance(widget, TextArea | Input)
                widget.cursor_blink = False
        await pilot.pause()

    return run_before


async def _draft(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+n")
    pilot.app.main_screen.editor.text = DRAFT  # type: ignore[attr-defined]
    await pilot.pause()


@pytest.fixture
def make_app(make_app: MakeApp) -> MakeApp:
    """The app of conftest, its journal at a path that does not change between runs."""

    def make(*args: Any, **kwargs: Any) -> LiveTweetApp:
        app = make_app(*args, **kwargs)
        app.journal_path = JOURNAL
        return app

    return make


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES)
def test_main_screen_with_a_long_draft(
    snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=steady(then=_draft))


@pytest.mark.parametrize("size", SIZES)
def test_vote_dialog(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+n", "ctrl+o", *"30", "enter", "2", "enter", "3", "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=steady(then=run_before))


@pytest.mark.parametrize("size", SIZES)
def test_member_picker(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+r", *"mar")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=steady(then=run_before))


@pytest.mark.parametrize("size", SIZES)
def test_template_picker(
    snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+n", "ctrl+t")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=steady(then=run_before))


@pytest.mark.parametrize("size", SIZES)
def test_override_dialog(
    snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        pilot.app.main_screen.jump_to("d2026-103")  # type: ignore[attr-defined]
        await pilot.press(*"Texte", "ctrl+s")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=steady(then=run_before))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=steady("f1"))


@pytest.mark.parametrize("size", SIZES)
def test_timeline(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    rows = [
        TimelineRow(
            "p1", "18:31:02", "x", "1", "posted", "Le conseil est ouvert.", "https://x.com/i/1"
        ),
        TimelineRow("p2", "18:40:15", "x", "2", "failed", "Point 2 : budget", "429"),
        TimelineRow("p3", "18:41:00", "mastodon", "2", "queued", "Point 2 : budget", ""),
    ]
    app.timeline_rows = lambda: rows  # type: ignore[method-assign]  # the controller's rows, fixed here

    assert snap_compare(app, terminal_size=size, run_before=steady("ctrl+l"))


MOBILITY_DRAFT = (
    "Point 5 : le plan vélo 2027 est adopté. 40 km de pistes cyclables, un "
    "stationnement vélo devant chaque école et des arceaux dans tous les quartiers. "
    "La ligne de bus 4 passera toutes les 8 minutes aux heures de pointe dès "
    "septembre, et la navette du centre-ville deviendra gratuite le samedi. Les "
    "travaux de la rue des Tanneries commenceront en mars pour six mois, avec une "
    "déviation par le boulevard Carnot. Toutes les cartes et le calendrier des "
    "chantiers : https://villeneuve.example.fr/mobilite #CMVilleneuve #PlanVelo"
)


@pytest.mark.parametrize("size", SIZES)
def test_main_screen_with_two_mastodon_accounts(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The main account and the mobility one (its instance at 1,000 characters) on
    an item about mobility: both handles above the draft, a counter and a preview
    for the mobility instance, each account in the status bar."""
    from tui.test_accounts_screen import (
        MOBILITY_ITEM,
        accounts_config,
        make_app,
        mobility_agenda,
        open_outbox,
    )

    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, LiveTweetApp)
        app.main_screen.jump_to(MOBILITY_ITEM)
        app.main_screen.editor.text = MOBILITY_DRAFT
        await pilot.pause()

    with open_outbox(agenda, config, tmp_path / "s.jsonl") as outbox:
        app = make_app(agenda, config, outbox)
        app.journal_path = JOURNAL
        assert snap_compare(app, terminal_size=size, run_before=steady(then=run_before))


@pytest.mark.parametrize("size", SIZES)
def test_draft_with_two_photos(
    snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int], tmp_path: Path
) -> None:
    """Thumbnails, name, size, dimensions, alt text (one missing) and its counters."""
    from photofiles import phone_jpeg, write_png

    from livetweet.tui.models.attachments import describe

    room = phone_jpeg(tmp_path / "salle-du-conseil.jpg")
    slide = write_png(tmp_path / "diapo-budget.png", size=(160, 90))

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+n", *"Point 2 : le budget est présenté.")
        screen = pilot.app.main_screen  # type: ignore[attr-defined]
        screen.attach(describe(room), "La salle du conseil, vue depuis le public")
        screen.attach(describe(slide))
        await pilot.pause()
        await pilot.press("escape")  # its alt text later
        await pilot.pause()
        screen.editor.focus()  # where the dialog gives it back: before the frame is taken
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=steady(then=run_before))
