"""Long and hostile drafts: a flood is confirmed, a pasted megabyte stays responsive,
a letter under thousands of accents is refused with a reason."""

from __future__ import annotations

from textual.widgets import Button

from livetweet.text import split_thread
from livetweet.tui.models.drafting import PREVIEW_MAX_PARTS
from livetweet.tui.screens.confirm import ConfirmDialog
from tui.conftest import MakeApp
from tui.helpers import counters, editor_text, preview

SENTENCE = "Délibération n° {} du 15/12 adoptée à l'unanimité des présents. "


def long_draft(sentences: int) -> str:
    return "".join(SENTENCE.format(i) for i in range(1, sentences + 1)).strip()


def dialog_text(dialog: ConfirmDialog) -> str:
    return dialog.message + " " + str(dialog.query_one("#confirm-yes", Button).label)


async def test_a_thread_longer_than_max_thread_parts_is_confirmed_first(make_app: MakeApp) -> None:
    draft = long_draft(30)
    posts = len(split_thread(draft, "x"))
    assert posts > 5
    app = make_app(networks=("x",), max_thread_parts=5, send_delay_seconds=60)
    async with app.run_test(size=(100, 30)) as pilot:
        app.main_screen.editor.text = draft
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert f"{posts} publications sur X" in dialog_text(app.screen)
        await pilot.press("enter")  # the focused, safe answer: cancel
        await pilot.pause()
        assert app.posting.pending is None
        assert editor_text(app) == draft
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert app.posting.pending is not None
        assert len(app.posting.pending.parts["x"]) == posts
        assert editor_text(app) == ""
        await pilot.press("escape")  # nothing left counting down when the app stops
        await pilot.pause()


async def test_a_thread_within_max_thread_parts_is_not_confirmed(make_app: MakeApp) -> None:
    app = make_app(networks=("x",), max_thread_parts=25, send_delay_seconds=60)
    async with app.run_test(size=(100, 30)) as pilot:
        app.main_screen.editor.text = long_draft(30)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.posting.pending is not None
        await pilot.press("escape")
        await pilot.pause()


async def test_a_huge_draft_previews_its_start_and_posts_only_the_whole_thread(
    make_app: MakeApp,
) -> None:
    draft = long_draft(1000)  # about 65,000 characters
    posts = len(split_thread(draft, "x"))
    assert posts > PREVIEW_MAX_PARTS
    app = make_app(networks=("x",), send_delay_seconds=60)
    async with app.run_test(size=(120, 30)) as pilot:
        app.main_screen.editor.text = draft
        await pilot.pause()
        [x] = app.main_screen.analysis.networks
        assert not x.complete and len(x.parts) == PREVIEW_MAX_PARTS
        assert "X (plus de 50 publications)" in counters(app)  # never a false total
        assert f"plus de {PREVIEW_MAX_PARTS} publications" in counters(app)
        assert f"plus de {PREVIEW_MAX_PARTS} publications" in preview(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert f"{posts} publications sur X" in dialog_text(app.screen)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert app.posting.pending is not None
        assert len(app.posting.pending.parts["x"]) == posts  # the whole thread, not the preview
        await pilot.press("escape")
        await pilot.pause()


async def test_a_letter_under_thousands_of_accents_is_refused_with_a_reason(
    make_app: MakeApp,
) -> None:
    app = make_app(networks=("x", "mastodon"), send_delay_seconds=60)
    async with app.run_test(size=(120, 30)) as pilot:
        app.main_screen.editor.text = "Vote : a" + "\u0301" * 2000
        await pilot.pause()
        assert "2000 accents" in counters(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.posting.pending is None
        assert editor_text(app).endswith("\u0301")


async def test_a_correction_too_long_to_split_stays_open_with_the_reason(make_app: MakeApp) -> None:
    from textual.widgets import Static, TextArea

    from livetweet.tui.screens.confirm import Correction, CorrectionDialog, Destination

    app = make_app(networks=("x",))
    async with app.run_test(size=(120, 30)) as pilot:
        results: list[Correction | None] = []
        dialog = CorrectionDialog([Destination.of_network("x")], "Point 1 adopté")
        app.push_screen(dialog, results.append)
        await pilot.pause()
        app.screen.query_one(TextArea).text = "Rectificatif : a" + "\u0301" * 600
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CorrectionDialog) and results == []
        shown = app.screen.query_one("#correction-count", Static).content
        assert "600 accents" in str(shown)
