"""Nothing the operator typed is lost: the draft and a post counting down survive a
SIGKILL, quitting never publishes, and the editor keeps emoji joiners."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from photofiles import phone_jpeg
from textual import events

from livetweet.agenda import Agenda
from livetweet.publishing.drafts import Draft, DraftState
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.attachments import describe
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.screens.confirm import ConfirmDialog
from tui.conftest import ALL_NETWORKS, MakeApp, open_dry_run_outbox
from tui.helpers import counters, editor_text, header
from tui.test_posting import dry_run_posts, wait_until

CRASHING_APP = Path(__file__).with_name("crashing_app.py")
DRAFT = "Le budget 2027 est présenté par Marie Dupont"


def journal_types(path: Path) -> list[str]:
    return [json.loads(line)["type"] for line in path.read_text().splitlines()]


def run_and_kill(
    journal: Path,
    text: str,
    *,
    post: bool = False,
    correct: bool = False,
    photo: Path | None = None,
    accounts: bool = False,
    without: str | None = None,
    config: Path | None = None,
    until: Callable[[], None] | None = None,
) -> None:
    """Start the app in another process, let it type ``text`` (and attach ``photo``
    through the screens, from its folder), then SIGKILL it: once it says it is ready,
    and ``until()`` returned (e.g. once the journal shows an entry). ``accounts``: with
    two Mastodon accounts (``without``: one taken off the post); ``config``: the outbox
    as ``livetweet run --config`` opens it (see crashing_app.py)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    options = ["--post"] if post else ["--correct"] if correct else []
    if accounts:
        options.append("--accounts")
    if photo is not None:
        options += ["--photo", str(photo)]
    if without is not None:
        options += ["--without", without]
    if config is not None:
        options += ["--config", str(config)]
    args = [sys.executable, str(CRASHING_APP), str(journal), text, *options]
    cwd = photo.parent if photo is not None else None
    with subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env, cwd=cwd) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        try:
            if until is not None:
                until()
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()


def said(app: LiveTweetApp) -> list[str]:
    """Every notification the app shows from now on (title and message)."""
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, *, title: str = "", **options: object) -> None:
        shown.append(f"{title} {message}")
        notify(message, title=title, **options)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign]
    return shown


async def test_a_draft_comes_back_after_a_kill(agenda: Agenda, tmp_path: Path) -> None:
    journal = tmp_path / "s.jsonl"
    run_and_kill(journal, DRAFT, post=False)
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        shown = said(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert editor_text(app) == DRAFT
            assert "point 2" in header(app)  # its subject: the item it was typed for
            assert any("Brouillon restauré" in n for n in shown)


async def test_a_post_killed_during_its_countdown_comes_back_as_the_draft(
    agenda: Agenda, tmp_path: Path
) -> None:
    journal = tmp_path / "s.jsonl"
    run_and_kill(journal, DRAFT, post=True)
    assert "queued" not in journal_types(journal)
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        shown = said(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert editor_text(app) == DRAFT
            assert "point 2" in header(app)
            assert any("pas été envoyée" in n for n in shown)
    assert dry_run_posts(journal) == []


async def test_a_correction_being_written_comes_back_after_a_kill(
    agenda: Agenda, tmp_path: Path
) -> None:
    journal = tmp_path / "s.jsonl"
    run_and_kill(journal, "Point 2 adopté à l'unanimté", correct=True)
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert editor_text(app) == "Rectificatif : unanimité"
            assert "Rectificatif sur X, Mastodon, Bluesky" in header(app)  # still a correction


async def test_quit_during_the_countdown_publishes_nothing_and_keeps_the_text(
    agenda: Agenda, tmp_path: Path
) -> None:
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*DRAFT, "ctrl+s")
            await pilot.pause()
            assert app.posting.pending is not None
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)  # says what happens to the post
            assert app.posting.pending is None
            assert editor_text(app) == DRAFT
            await pilot.click("#confirm-yes")
            await pilot.pause()
    assert "queued" not in journal_types(journal)  # no network gets it later either
    assert dry_run_posts(journal) == []
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert editor_text(app) == DRAFT


async def test_quit_can_be_called_off_and_the_post_sent_after_all(
    agenda: Agenda, tmp_path: Path
) -> None:
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*DRAFT, "ctrl+s", "ctrl+q")
            await pilot.pause()
            await pilot.click("#confirm-no")
            await pilot.pause()
            assert app.screen is app.main_screen
            assert editor_text(app) == DRAFT
            await pilot.press("ctrl+s")
            await pilot.pause()
            app.posting.send_now()  # the end of the countdown, without waiting for it
            for _ in range(200):
                if len(dry_run_posts(journal)) == 3:
                    break
                await pilot.pause(0.05)
    assert {p["text"] for p in dry_run_posts(journal)} == {DRAFT}


async def test_a_posted_draft_does_not_come_back(agenda: Agenda, tmp_path: Path) -> None:
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*DRAFT, "ctrl+s")
            for _ in range(200):
                if len(dry_run_posts(journal)) == 3:
                    break
                await pilot.pause(0.05)
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
        shown = said(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert editor_text(app) == ""
            assert not any("Brouillon restauré" in n for n in shown)


#: The key events a terminal gives for 👩🏽‍💻 typed by an emoji picker (Textual's input
#: parser names each code point; Pilot's ``press`` cannot make these: it loses the
#: characters of keys whose Unicode name has a hyphen, or that it does not know).
TYPED_EMOJI = [
    ("woman", "👩"),
    ("emoji_modifier_fitzpatrick_type_4", "🏽"),
    ("zero_width_joiner", "\u200d"),
    ("personal_computer", "💻"),
]


#: The Scottish flag: a black flag, the tags "gbsct", a cancel tag (all typed as keys).
FLAG = "🏴" + "".join(chr(0xE0000 + ord(c)) for c in "gbsct") + "\U000e007f"


async def test_an_emoji_typed_key_by_key_keeps_its_joiner(make_app: MakeApp) -> None:
    app = make_app(networks=("x",))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"Atelier ")
        for key, character in TYPED_EMOJI:
            app.post_message(events.Key(key, character))
            await pilot.pause()
        await pilot.press(*" ouvert ")
        for character in FLAG:
            key = unicodedata.name(character).lower().replace(" ", "_").replace("-", "_")
            app.post_message(events.Key(key, character))
            await pilot.pause()
        assert editor_text(app) == f"Atelier 👩🏽\u200d💻 ouvert {FLAG}"
        assert "X 20/280" in counters(app)  # each emoji sequence counts 2 on X


async def test_the_draft_file_is_private_and_a_damaged_one_is_set_aside(
    agenda: Agenda, tmp_path: Path, isolated_user_dirs: Path
) -> None:
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*DRAFT)
            path = app.keeper.store.path
            for _ in range(200):
                if path.exists():
                    break
                await pilot.pause(0.05)
    state_dir = isolated_user_dirs / ".local/state/livetweet"
    assert path.parent == state_dir / "drafts"
    assert [oct(p.stat().st_mode & 0o777) for p in (state_dir, path.parent, path)] == [
        "0o700",
        "0o700",
        "0o600",
    ]
    path.write_text("{ not json")  # a damaged disk, an editor gone wrong
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        shown = said(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert editor_text(app) == ""
            assert any("mis de côté" in n for n in shown)
    assert path.with_suffix(".bad").read_text() == "{ not json"  # kept, not deleted


async def test_a_post_killed_just_after_it_was_queued_is_not_brought_back(
    agenda: Agenda, tmp_path: Path
) -> None:
    """SIGKILL between the journal's "queued" and the drafts file's update: the journal
    will send the post; bringing it back too would invite posting it twice."""
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
        async with app.run_test(size=(100, 30)) as pilot:
            kept = app.keeper.store
            before = Draft(DRAFT, parts={n: [DRAFT] for n in ALL_NETWORKS})
            await pilot.press(*DRAFT, "ctrl+s")
            for _ in range(200):
                if len(dry_run_posts(journal)) == 3:
                    break
                await pilot.pause(0.05)
    kept.save(DraftState(pending=(before,)))  # the drafts file as the kill left it
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
        shown = said(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert editor_text(app) == ""
            assert not any("Brouillon restauré" in n for n in shown)
    assert len(dry_run_posts(journal)) == 3


async def test_a_post_sent_before_the_next_draft_save_is_not_brought_back(
    agenda: Agenda, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a short send delay the journal takes the post before the editor's emptying
    is saved (0.3 s later): the drafts file, as a SIGKILL then leaves it, must hold
    the post only as pending, not as the draft too, or the restart would put a post
    already sent, and its photo, back in the editor to be posted twice."""
    photo = phone_jpeg(tmp_path / "salle.jpg")
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(100, 30)) as pilot:
            kept = app.keeper.store
            saved: list[DraftState] = []
            save = kept.save

            def recording(state: DraftState, generation: int | None = None) -> bool:
                saved.append(state)
                return save(state, generation)

            monkeypatch.setattr(kept, "save", recording)
            await pilot.press(*DRAFT)
            app.main_screen.attach(describe(photo), "La salle du conseil")
            await pilot.press("ctrl+s")  # the countdown starts: saved at once
            at_countdown = next(s for s in saved if s.pending)
            app.posting.send_now()
            await wait_until(pilot, lambda: len(sent_posts(journal)) == 3)
    kept.save(at_countdown)  # killed once the journal had it, before the next save
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
        shown = said(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert editor_text(app) == ""
            assert app.main_screen.context.media == ()
            assert not any("Brouillon restauré" in n for n in shown)
    assert len(sent_posts(journal)) == 3  # once on each network, with the photo
    assert all(len(p["media"]) == 1 for p in sent_posts(journal))


def sent_posts(journal: Path) -> list[dict[str, Any]]:
    """The dry-run networks' posts (not their photo uploads)."""
    return [p for p in dry_run_posts(journal) if p["op"] == "post"]
