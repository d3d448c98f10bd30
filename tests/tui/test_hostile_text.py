"""Issue 11: text from the agenda, the journal or the operator is shown as text.

Markup in a valid title (``Tarifs [/b] eau``, ``[/]``) crashed the screen that showed
it and ``[opposition]`` vanished; ESC, OSC 52 (clipboard write), CSI 2J (clear the
screen), C1 controls and bidi overrides reached the terminal raw. Each screen is
drawn here with such text and read back as the terminal would receive it.
"""

from __future__ import annotations

import asyncio
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static

from livetweet.agenda import Agenda
from livetweet.text.display import terminal_safe
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.outbox_view import TimelineRow
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.screens.member_picker import MemberPicker
from livetweet.tui.screens.templates import TemplatePicker
from livetweet.tui.screens.timeline import TimelineScreen
from livetweet.tui.screens.vote import VoteDialog
from tui.conftest import SESSION_EVENING, MakeApp, load_test_agenda

#: What must never reach the terminal: C0 (but tab and newline), DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

PIECES = [
    "[",
    "]",
    "[/]",
    "[/b]",
    "[b]",
    "[opposition]",
    "[link=https://evil.example]",
    "\\",
    "\x1b[2J",  # clear the screen
    "\x1b]52;c;aGVsbG8=\x07",  # write the clipboard
    "\x1b]0;titre\x07",  # the window title
    "\x9b31m",  # CSI as a C1 control
    "\x85",
    "\x00",
    "\x7f",
    "\u202e",  # right-to-left override
    "\u2066",
    "👩🏽‍💻",
    "e\u0301",
    "Tarifs",
    " eau ",
    "@",
    "#",
    "é",
]
hostile = st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join)


def hostile_agenda(title: str, number: str, name: str, stage: str) -> Agenda:
    """The test agenda with hostile text where a clerk writes it. Built with
    ``model_copy`` (no validation): journals and caches are inputs too, so the
    screens must be safe whatever the agenda check lets through."""
    agenda = load_test_agenda()
    items = list(agenda.items)
    items[1] = items[1].model_copy(
        update={
            "title": title,
            "short_title": None,
            "number": number,
            "drafts": {**items[1].drafts, stage: "Point : " + "x"},
        }
    )
    members = list(agenda.members)
    members[1] = members[1].model_copy(update={"name": name, "role": title})
    groups = [agenda.groups[0].model_copy(update={"name": name}), *agenda.groups[1:]]
    return agenda.model_copy(update={"items": items, "members": members, "groups": groups})


def plain(widget: Static) -> str:
    content = widget.content
    if isinstance(content, Text | Content):
        return content.plain
    return str(content)


def assert_nothing_raw(app: LiveTweetApp) -> str:
    """The screen as the terminal gets it holds no control character; returns it."""
    screen = app.export_screenshot()
    assert RAW.search(screen) is None, RAW.findall(screen)
    return screen


async def show_every_screen(title: str, number: str, name: str, stage: str, draft: str) -> None:
    agenda = hostile_agenda(title, number, name, stage)
    app = LiveTweetApp(agenda, settings=UiSettings(), clock=lambda: SESSION_EVENING)
    rows = [
        TimelineRow("p1", "18:31:02", "x", number, "failed", draft, title),
        TimelineRow("p2", "18:32:00", "x", number, "posted", title, "https://x.com/i/2"),
    ]
    app.timeline_rows = lambda: rows  # type: ignore[method-assign]  # what the journal holds
    one_line = terminal_safe(title, keep_newlines=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.main_screen.jump_to(agenda.items[1].id)
        app.main_screen.editor.text = draft
        await pilot.pause()
        header = plain(app.main_screen.query_one("#item-header", Static))
        assert one_line in header  # the literal text, brackets and all
        assert_nothing_raw(app)

        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
        assert one_line in plain(app.screen.query_one(".dialog-title", Label))
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(terminal_safe(stage, keep_newlines=False) in p for p in prompts)
        assert_nothing_raw(app)
        await pilot.press("escape")

        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, VoteDialog)
        assert one_line in plain(app.screen.query_one(".dialog-title", Label))
        assert_nothing_raw(app)
        await pilot.press("escape")

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, MemberPicker)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(terminal_safe(name, keep_newlines=False) in p for p in prompts)
        assert_nothing_raw(app)
        app.screen.query_one(Input).value = draft  # pasted into the search field
        await pilot.pause()
        assert_nothing_raw(app)
        await pilot.press("escape")

        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        detail = plain(app.screen.query_one("#timeline-detail", Static))
        assert terminal_safe(title) in detail
        await pilot.press("up")
        await pilot.pause()
        detail = plain(app.screen.query_one("#timeline-detail", Static))
        assert terminal_safe(draft) in detail
        assert_nothing_raw(app)
        await pilot.press("escape")
        app.notify(title, title=title)  # a notice quoting an agenda title
        await pilot.pause()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(title=hostile, number=hostile, name=hostile, stage=hostile, draft=hostile)
@example(
    title="Tarifs [/b] eau",
    number="3 [/]",
    name="Groupe [opposition]",
    stage="[/]",
    draft="\x1b]52;c;aGVsbG8=\x07\x1b[2J [b]gras[/b] \u202edessus",
)
def test_hostile_text_never_crashes_a_screen_nor_reaches_the_terminal(
    title: str, number: str, name: str, stage: str, draft: str
) -> None:
    asyncio.run(show_every_screen(title, number, name, stage, draft))


async def test_a_markup_title_shows_as_written_in_the_header_and_the_override(
    make_app: MakeApp,
) -> None:
    agenda = load_test_agenda()
    items = list(agenda.items)
    items[3] = items[3].model_copy(update={"title": "Vœu du groupe [opposition] [/b]"})
    app = LiveTweetApp(agenda.model_copy(update={"items": items}), settings=UiSettings())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.main_screen.jump_to(items[3].id)
        await pilot.pause()
        shown = plain(app.main_screen.query_one("#item-header", Static))
        assert "Vœu du groupe [opposition] [/b]" in shown
        await pilot.press(*"Texte", "ctrl+s")
        await pilot.pause()
        reason = plain(app.screen.query_one("#override-reason", Static))
        assert "[opposition] [/b]" in reason


async def test_searching_a_markup_name_in_the_picker_and_the_palette() -> None:
    """Textual's fuzzy highlighter reads its text as markup: the member picker crashed
    on ``[/b]`` once a letter was typed, and the palette found nothing."""
    from tui.test_palette_and_help import palette_options

    agenda = hostile_agenda("Tarifs [/b] eau", "10", "Marie [/b] Dupont", "intro")
    app = LiveTweetApp(agenda, settings=UiSettings())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+r", *"marie")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(p.startswith("Marie [/b] Dupont —") for p in prompts), prompts
        await pilot.press("escape")
        await pilot.pause()
        found = await palette_options(pilot, "Tarifs")
        assert any("point 10 — Tarifs [/b] eau" in option for option in found), found
