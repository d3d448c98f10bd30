"""The operator's flows: agenda, templates, vote, member picker, posting guard."""

from __future__ import annotations

from typing import TypeVar, cast

from textual.message import Message
from textual.widgets import Input, OptionList, Static

from livetweet.tui.messages import (
    GuardOverridden,
    ItemStarted,
    PostRequested,
    VoteRecorded,
)
from livetweet.tui.screens.member_picker import MemberPicker
from livetweet.tui.screens.override import OverrideDialog
from livetweet.tui.screens.templates import TemplatePicker
from livetweet.tui.screens.vote import VoteDialog
from tui.conftest import MakeApp
from tui.helpers import agenda_row, editor_text, header, preview

M = TypeVar("M", bound=Message)


class Recorder:
    """``message_hook`` that keeps the app's own messages."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, PostRequested | ItemStarted | VoteRecorded | GuardOverridden):
            self.messages.append(message)

    def of(self, kind: type[M]) -> list[M]:
        # A message bubbles (screen, then app): keep each one once.
        seen: dict[int, M] = {id(m): m for m in self.messages if isinstance(m, kind)}
        return list(seen.values())


async def test_agenda_lists_items_with_status_and_next_item_key(make_app: MakeApp) -> None:
    app = make_app()
    recorder = Recorder()
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        assert agenda_row(app, "d2026-100")[2] == "en cours"
        assert agenda_row(app, "d2026-103")[2] == "huis clos"
        assert agenda_row(app, "d2026-105")[2] == "ne pas publier"
        assert agenda_row(app, "d2026-101")[2] == ""  # to come: no status, no clutter
        assert agenda_row(app, "d2026-100")[0].startswith("▶")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert agenda_row(app, "d2026-100")[2] == "terminé"
        assert agenda_row(app, "d2026-101")[2] == "en cours"
        assert agenda_row(app, "d2026-101")[0].startswith("▶")
        assert "point 2 — Budget primitif 2027" in header(app)
        started = recorder.of(ItemStarted)
        assert [m.item_id for m in started] == ["d2026-101"]


async def test_enter_on_an_agenda_row_makes_it_current(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("shift+tab")  # from the editor to the agenda
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.model.current_item is not None
        assert app.model.current_item.id == "d2026-102"
        assert agenda_row(app, "d2026-102")[2] == "en cours"
        assert app.focused is app.main_screen.editor


async def test_prepared_draft_comes_first_and_mentions_resolve_per_network(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n", "ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
        assert app.screen.choices[0].stage == "intro"
        assert app.screen.choices[0].prepared
        await pilot.press("1")
        await pilot.pause()
        assert editor_text(app) == (
            "Point 2 : {@dupont} présente le budget primitif 2027. #Budget2027"
        )
        shown = preview(app)
        assert "Point 2 : @MarieDupont présente" in shown
        assert "Point 2 : @mdupont@piaille.fr présente" in shown
        assert "Point 2 : Marie Dupont présente" in shown  # no Bluesky handle


async def test_a_builtin_template_renders_the_current_item(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+t")
        await pilot.pause()
        stages = [choice.stage for choice in cast(TemplatePicker, app.screen).choices]
        await pilot.press(str(stages.index("adopted") + 1))
        await pilot.pause()
        text = editor_text(app)
        assert "PLU des Tanneries" in text
        assert "3" in text
        assert "{" not in text  # everything resolved: no mention in this template


async def test_vote_dialog_checks_members_in_office_and_renders_the_result(
    make_app: MakeApp,
) -> None:
    app = make_app()
    recorder = Recorder()
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        await pilot.press("ctrl+n", "ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, VoteDialog)
        await pilot.press(*"30", "enter", "2", "enter", "3", "enter")
        await pilot.pause()
        assert app.screen is dialog  # 35 votes for 33 members: refused
        error = str(dialog.query_one("#vote-error", Static).content)
        assert "35 voix pour 33 élu·es en exercice" in error
        dialog.query_one("#vote-for", Input).value = "28"
        dialog.query_one("#vote-abstain", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        # mypy keeps app.screen narrowed to the dialog across the awaits above.
        assert app.screen is app.main_screen  # type: ignore[comparison-overlap]
        text = editor_text(app)
        assert "28" in text and "2" in text and "3" in text
        assert agenda_row(app, "d2026-101")[2] == "adopté 28-2-3"
        [vote] = recorder.of(VoteRecorded)
        assert (vote.item_id, vote.votes.for_, vote.outcome) == ("d2026-101", 28, "adopted")


async def test_vote_dialog_cancel_records_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o", "escape")
        await pilot.pause()
        assert app.screen is app.main_screen
        assert app.model.progress["d2026-100"].votes is None
        assert editor_text(app) == ""


async def test_member_picker_searches_by_role_and_inserts_the_placeholder(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Avec ")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, MemberPicker)
        await pilot.press(*"finances")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(0).id == "dupont"
        await pilot.press("enter")
        await pilot.pause()
        assert editor_text(app) == "Avec {@dupont}"
        shown = preview(app)
        assert "Avec @MarieDupont" in shown
        assert "Avec @mdupont@piaille.fr" in shown
        assert "Avec Marie Dupont" in shown


async def test_a_member_without_mention_is_always_named(make_app: MakeApp) -> None:
    app = make_app(networks=("x",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r", *"leroy", "enter")
        await pilot.pause()
        assert editor_text(app) == "{@leroy}"
        assert "Paul Leroy" in preview(app)
        assert "@PaulLeroy" not in preview(app)


async def test_post_key_sends_the_rendered_parts_of_every_network(make_app: MakeApp) -> None:
    app = make_app()
    recorder = Recorder()
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        await pilot.press(*"Bienvenue ", "ctrl+r", *"claire", "enter", "ctrl+s")
        await pilot.pause()
        [posted] = recorder.of(PostRequested)
        request = posted.request
        assert request.item_id == "d2026-100"
        assert request.parts == {
            "x": ["Bienvenue @ClaireMartinVN"],
            "mastodon": ["Bienvenue @claire@mastodon.villeneuve.fr"],
            "bluesky": ["Bienvenue @clairemartin.bsky.social"],
        }
        assert not request.override
        assert editor_text(app) == ""


async def test_closed_item_refuses_posting_unless_the_word_is_typed(make_app: MakeApp) -> None:
    app = make_app()
    recorder = Recorder()
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        await pilot.pause()  # the main screen is mounted
        app.main_screen.jump_to("d2026-103")
        await pilot.pause()
        assert "HUIS CLOS" in header(app)
        assert agenda_row(app, "d2026-103")[0] == "▶4"  # the current item, closed or not
        assert agenda_row(app, "d2026-103")[2] == "huis clos"
        await pilot.press(*"Secret", "ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OverrideDialog)
        assert recorder.of(PostRequested) == []
        assert app.focused is dialog.query_one("#override-word", Input)  # type it at once
        await pilot.press(*"oui", "enter")
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#override-ok").disabled
        await pilot.press("escape")
        await pilot.pause()
        # mypy keeps app.screen narrowed to the dialog across the awaits above.
        assert app.screen is app.main_screen  # type: ignore[comparison-overlap]
        assert recorder.of(PostRequested) == []
        assert editor_text(app) == "Secret"  # nothing lost

        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*"FORCER", "enter")
        await pilot.pause()
        [posted] = recorder.of(PostRequested)
        assert posted.request.override
        assert posted.request.item_id == "d2026-103"
        [override] = recorder.of(GuardOverridden)
        assert override.item_id == "d2026-103"


async def test_do_not_post_item_is_refused_too(make_app: MakeApp) -> None:
    app = make_app()
    recorder = Recorder()
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        await pilot.pause()  # the main screen is mounted
        app.main_screen.jump_to("d2026-105")
        await pilot.press(*"Texte", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog)
        assert "ne pas publier" in str(app.screen.query_one("#override-reason", Static).content)
        assert recorder.of(PostRequested) == []


async def test_session_templates_are_not_blocked_by_a_closed_item(make_app: MakeApp) -> None:
    app = make_app(networks=("x",))
    recorder = Recorder()
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        await pilot.pause()  # the main screen is mounted
        app.main_screen.jump_to("d2026-103")
        app.flows.insert_stage("closed_session")
        await pilot.pause()
        assert "la séance" in header(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [posted] = recorder.of(PostRequested)
        assert posted.request.item_id is None
        assert posted.request.stage == "closed_session"


async def test_keymap_from_the_config_remaps_a_binding(make_app: MakeApp) -> None:
    app = make_app(keymap={"post": "f12"})
    recorder = Recorder()
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        await pilot.press(*"Bonsoir", "ctrl+s")
        await pilot.pause()
        assert recorder.of(PostRequested) == []
        await pilot.press("f12")
        await pilot.pause()
        assert len(recorder.of(PostRequested)) == 1


async def test_a_character_x_refuses_is_caught_before_posting(make_app: MakeApp) -> None:
    app = make_app(networks=("x",))
    recorder = Recorder()
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        app.main_screen.editor.text = "Bonjour \ufffe"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert recorder.of(PostRequested) == []
        assert editor_text(app) == "Bonjour \ufffe"  # kept, to be fixed


async def test_an_override_is_said_on_screen(make_app: MakeApp) -> None:
    """The confirmed override (GuardOverridden) is handled: the operator is told it is
    on the record."""
    app = make_app()
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, *, title: str = "", **options: object) -> None:
        shown.append(f"{title} {message}")
        notify(message, title=title, **options)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.main_screen.jump_to("d2026-103")
        await pilot.press(*"Secret", "ctrl+s")
        await pilot.pause()
        app.screen.query_one("#override-word", Input).focus()
        await pilot.press(*"FORCER", "enter")
        await pilot.pause()
        assert any("Le point 4 est en huis clos" in n and "inscrit au journal" in n for n in shown)
