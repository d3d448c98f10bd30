"""Photos on the draft (issue 16): attached from a path with completion, a picker or a
paste; shown with size, dimensions, alt text and its counters; refused without alt
text; kept across a kill -9; sent with the post."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from english_leaks import english_leaks, screen_text
from photofiles import phone_jpeg, write_png
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from livetweet.agenda import Agenda, load_agenda
from livetweet.media import ImageLimits, mastodon_limits
from livetweet.publishing import Outbox
from livetweet.publishing.attachments import MediaAttachment
from livetweet.publishing.drafts import Draft, DraftState, DraftStore
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.attachments import describe, pasted_images
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.screens.photos import AltDialog, AttachDialog, ImageTree, PasteDialog
from livetweet.tui.widgets.attachments import AttachmentList
from tui.conftest import AGENDA_FILE, MakeApp, open_dry_run_outbox
from tui.helpers import editor_text
from tui.test_nothing_lost import run_and_kill, said
from tui.test_posting import dry_run_posts, wait_until

ALT = "La salle du conseil, vue depuis le public"


def shown_photos(app: LiveTweetApp) -> str:
    """The attachments strip as the operator reads it ("" when hidden)."""
    strip = app.main_screen.query_one(AttachmentList)
    return strip.render().plain if strip.display else ""


@pytest.fixture
def photos(tmp_path: Path) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir()
    phone_jpeg(folder / "salle-du-conseil.jpg")
    write_png(folder / "diapo-budget.png", size=(160, 90))
    (folder / "notes.txt").write_text("pas une image")
    (folder / "faux.jpg").write_text("pas une image non plus")
    (folder / "seance").mkdir()
    return folder


async def attach(app: LiveTweetApp, pilot: Pilot[None], path: Path, alt: str = ALT) -> None:
    app.main_screen.attach(describe(path), alt)
    await pilot.pause()
    if isinstance(app.screen, AltDialog):  # asked at once when there is none: later
        await pilot.press("escape")


# -- attaching -----------------------------------------------------------------------


async def test_the_attach_key_completes_a_path_then_asks_the_alt_text(
    make_app: MakeApp, photos: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, AttachDialog)
        await pilot.press(*f"{photos}/sal")
        await pilot.pause(0.2)
        await pilot.press("right")  # accepts the file system's suggestion
        assert app.screen.query_one(Input).value == f"{photos}/salle-du-conseil.jpg"
        await pilot.press("enter")
        assert isinstance(app.screen, AltDialog)
        await pilot.press(*"La salle", "ctrl+s")
        assert app.screen_stack[-1] is app.main_screen
        shown = shown_photos(app)
        assert "salle-du-conseil.jpg" in shown
        assert "400×300" in shown and "ko" in shown
        assert "alt : La salle" in shown
        assert "X 8/1000 · Mastodon 8/1500 · Bluesky 8/2000" in shown


async def test_the_picker_shows_folders_and_images_only(make_app: MakeApp, photos: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.main_screen.photos_dir = photos
        await pilot.press("ctrl+g")
        tree = app.screen.query_one(ImageTree)
        await pilot.pause(0.3)
        names = sorted(str(node.label) for node in tree.root.children)
        assert names == ["diapo-budget.png", "faux.jpg", "salle-du-conseil.jpg", "seance"]


async def test_a_file_that_is_not_an_image_is_named_and_nothing_is_lost(
    make_app: MakeApp, photos: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"Le texte", "ctrl+g")
        await pilot.press(*f"{photos}/faux.jpg", "enter")
        assert isinstance(app.screen, AttachDialog)  # stays open, the path as typed
        assert app.screen.query_one(Input).value == f"{photos}/faux.jpg"
        error = app.screen.query_one("#attach-error", Static)
        assert "faux.jpg" in str(error.content) and "pas une image" in str(error.content)
        await pilot.press("escape")
        assert editor_text(app) == "Le texte"
        assert shown_photos(app) == ""


async def test_five_photos_are_refused(make_app: MakeApp, photos: Path, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for n in range(4):
            await attach(app, pilot, phone_jpeg(tmp_path / f"p{n}.jpg"))
        shown = said(app)
        await pilot.press("ctrl+g")
        assert app.screen is app.main_screen
        assert any("au plus 4 photos" in s for s in shown)


# -- a pasted or dropped path ----------------------------------------------------------


@pytest.mark.parametrize(
    "pasted",
    [
        "{folder}/salle-du-conseil.jpg",
        "'{folder}/salle du conseil.jpg'",
        '"{folder}/salle du conseil.jpg"\n',
        "{folder}/salle\\ du\\ conseil.jpg",
        "file://{folder}/salle%20du%20conseil.jpg",
    ],
)
def test_a_pasted_path_to_an_image_is_recognised(pasted: str, tmp_path: Path) -> None:
    phone_jpeg(tmp_path / "salle du conseil.jpg")
    phone_jpeg(tmp_path / "salle-du-conseil.jpg")
    found = pasted_images(pasted.format(folder=tmp_path))
    assert len(found) == 1 and found[0].name.startswith("salle")


def test_text_and_missing_files_are_only_text(tmp_path: Path) -> None:
    phone_jpeg(tmp_path / "a.jpg")
    assert pasted_images("Le budget est adopté") == []
    assert pasted_images(f"{tmp_path}/absente.jpg") == []
    assert pasted_images(f"voir {tmp_path}/a.jpg") == []
    assert pasted_images(f"{tmp_path}/a.jpg {tmp_path}/a.jpg") == [tmp_path / "a.jpg"]


async def test_a_pasted_image_path_is_offered_and_escape_keeps_the_text(
    make_app: MakeApp, photos: Path
) -> None:
    app = make_app()
    pasted = f"'{photos}/salle-du-conseil.jpg'"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"Photo : ")
        app.post_message(events.Paste(pasted))  # as the terminal sends it
        await pilot.pause()
        assert isinstance(app.screen, PasteDialog)
        await pilot.press("escape")  # "insert as text"
        assert editor_text(app) == "Photo : " + pasted
        assert shown_photos(app) == ""


async def test_a_pasted_image_path_becomes_an_attachment(make_app: MakeApp, photos: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(
            events.Paste(f"file://{photos}/diapo-budget.png")
        )  # as the terminal sends it
        await pilot.pause()
        await pilot.press("enter")  # "Attach" has the focus
        assert isinstance(app.screen, AltDialog)
        await pilot.press("escape")  # the alt text later
        assert editor_text(app) == ""
        assert "diapo-budget.png" in shown_photos(app)
        assert "pas de texte alternatif" in shown_photos(app)


async def test_pasted_text_is_typed_as_ever(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(events.Paste("Le budget est adopté"))  # as the terminal sends it
        await pilot.pause()
        assert app.screen is app.main_screen
        assert editor_text(app) == "Le budget est adopté"


# -- alt text, removal ---------------------------------------------------------------


async def test_the_alt_text_is_edited_and_a_photo_removed_from_the_strip(
    make_app: MakeApp, photos: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await attach(app, pilot, photos / "salle-du-conseil.jpg")
        await attach(app, pilot, photos / "diapo-budget.png", "Diapositive du budget")
        app.main_screen.editor.focus()
        await pilot.press("tab")  # from the draft to its photos
        await pilot.press("down", "enter")
        assert isinstance(app.screen, AltDialog)
        app.screen.query_one(TextArea).text = "Diapositive : 42 M€ d'investissement"
        await pilot.press("ctrl+s")
        assert "Diapositive : 42 M€" in shown_photos(app)
        assert app.main_screen.context.media[1].alt == "Diapositive : 42 M€ d'investissement"
        await pilot.press("up", "delete")
        assert [p.path.name for p in app.main_screen.context.media] == ["diapo-budget.png"]
        assert "salle-du-conseil.jpg" not in shown_photos(app)
        assert (photos / "salle-du-conseil.jpg").exists()  # the file is untouched


async def test_an_alt_text_over_a_network_limit_is_red_and_refused(
    make_app: MakeApp, photos: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *"Point 2")
        await attach(app, pilot, photos / "salle-du-conseil.jpg", "a" * 1001)
        assert "X 1001/1000" in shown_photos(app)
        shown = said(app)
        await pilot.press("ctrl+s")
        assert app.posting.sent == [] and app.posting.pending is None
        assert any("trop long pour X (1001/1000)" in s for s in shown)


# -- posting ---------------------------------------------------------------------------


async def test_posting_a_photo_without_alt_text_asks_for_it(
    make_app: MakeApp, photos: Path
) -> None:
    app = make_app(send_delay_seconds=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *"Point 2 : la salle")
        await attach(app, pilot, photos / "salle-du-conseil.jpg", "")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, AltDialog)
        assert "texte alternatif" in str(app.screen.query_one(".error", Static).content)
        await pilot.press("escape")  # no alt text: nothing is posted, nothing lost
        assert app.posting.pending is None
        assert editor_text(app) == "Point 2 : la salle"
        await pilot.press("ctrl+s", *"La salle", "ctrl+s")
        request = app.posting.pending
        assert request is not None
        assert request.media == (MediaAttachment(photos / "salle-du-conseil.jpg", "La salle"),)
        assert shown_photos(app) == ""  # the photo left with its post


async def test_without_require_alt_text_a_photo_is_posted_as_it_is(
    make_app: MakeApp, photos: Path
) -> None:
    app = make_app(send_delay_seconds=60, require_alt_text=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *"Point 2")
        await attach(app, pilot, photos / "salle-du-conseil.jpg", "")
        await pilot.press("ctrl+s")
        request = app.posting.pending
        assert request is not None and request.media[0].alt == ""


async def test_a_cancelled_post_gives_its_photos_back(make_app: MakeApp, photos: Path) -> None:
    app = make_app(send_delay_seconds=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *"Point 2")
        await attach(app, pilot, photos / "salle-du-conseil.jpg")
        await pilot.press("ctrl+s")
        assert shown_photos(app) == ""
        await pilot.press("escape")
        await pilot.pause()
        assert "salle-du-conseil.jpg" in shown_photos(app)
        assert app.main_screen.context.media[0].alt == ALT


def test_the_settings_follow_require_alt_text() -> None:
    from livetweet.config.model import Config

    assert UiSettings.from_config(Config()).require_alt_text is True
    relaxed = Config.model_validate({"require_alt_text": False})
    assert UiSettings.from_config(relaxed).require_alt_text is False


# -- an agenda item's prepared photos -----------------------------------------------------


def agenda_with_photo(tmp_path: Path) -> Path:
    (tmp_path / "photos").mkdir(exist_ok=True)
    phone_jpeg(tmp_path / "photos" / "diapo-budget.jpg")
    lines = AGENDA_FILE.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith('      intro: "Point 2'))
    lines[at + 1 : at + 1] = [
        "    media:",
        "      - path: photos/diapo-budget.jpg",
        '        alt: "Diapositive : 42 M€ d\'investissement"',
    ]
    path = tmp_path / "agenda.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def test_an_items_prepared_photos_come_with_its_prepared_draft(tmp_path: Path) -> None:
    path = agenda_with_photo(tmp_path)
    app = LiveTweetApp(load_agenda(path), settings=UiSettings(), agenda_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", "ctrl+t")
        await pilot.press("1")  # the item's prepared intro (★)
        await pilot.pause()
        assert "Point 2" in editor_text(app)
        assert app.main_screen.context.media == (
            MediaAttachment(
                tmp_path / "photos" / "diapo-budget.jpg", "Diapositive : 42 M€ d'investissement"
            ),
        )
        assert "diapo-budget.jpg" in shown_photos(app)
        await pilot.press("ctrl+t", "1")  # the same draft again: not attached twice
        await pilot.pause()
        assert len(app.main_screen.context.media) == 1


# -- kept on disk --------------------------------------------------------------------------


def test_the_drafts_file_keeps_photos_and_reads_todays_files(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "d.json")
    store.save(DraftState(Draft("Texte", media=(("/p/salle.jpg", "La salle"),))))
    assert store.load().draft == Draft(
        "Texte",
        media=(("/p/salle.jpg", "La salle"),),
        saved_at=store.load().draft.saved_at,  # type: ignore[union-attr]
    )
    written_today = {"format": 1, "draft": {"text": "Sans photo", "item": None}, "pending": []}
    store.path.write_text(json.dumps(written_today))
    loaded = store.load().draft
    assert loaded is not None and loaded.text == "Sans photo" and loaded.media == ()


async def test_photos_come_back_after_a_kill(agenda: Agenda, tmp_path: Path) -> None:
    photo = phone_jpeg(tmp_path / "salle-du-conseil.jpg")
    journal = tmp_path / "s.jsonl"
    run_and_kill(journal, "La salle est pleine", photo=photo)
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert editor_text(app) == "La salle est pleine"
            assert app.main_screen.context.media == (MediaAttachment(photo, "La salle du conseil"),)
            assert "salle-du-conseil.jpg" in shown_photos(app)


async def test_a_post_killed_in_its_countdown_comes_back_with_its_photo(
    agenda: Agenda, tmp_path: Path
) -> None:
    photo = phone_jpeg(tmp_path / "salle-du-conseil.jpg")
    journal = tmp_path / "s.jsonl"
    run_and_kill(journal, "La salle est pleine", post=True, photo=photo)
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert editor_text(app) == "La salle est pleine"
            assert app.main_screen.context.media == (MediaAttachment(photo, "La salle du conseil"),)


async def test_a_photo_whose_file_went_away_is_kept_and_said(
    make_app: MakeApp, tmp_path: Path
) -> None:
    photo = phone_jpeg(tmp_path / "partie.jpg")
    app = make_app(send_delay_seconds=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *"Point 2")
        await attach(app, pilot, photo)
        photo.unlink()
        app.main_screen.photo_infos.clear()  # as at the next start
        app.main_screen.refresh_photos()
        await pilot.pause()
        assert "partie.jpg" in shown_photos(app) and "fichier introuvable" in shown_photos(app)
        shown = said(app)
        await pilot.press("ctrl+s")
        assert app.posting.pending is None
        assert any("partie.jpg" in s for s in shown)


async def test_no_english_on_the_photo_screens(make_app: MakeApp, photos: Path) -> None:
    app = make_app()
    seen: dict[str, str] = {}

    async def look(name: str) -> None:
        await pilot.pause()
        seen[name] = screen_text(app.export_screenshot())

    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+n", *"Point 2")
        await attach(app, pilot, photos / "salle-du-conseil.jpg")
        await attach(app, pilot, photos / "diapo-budget.png", "")
        await look("main with photos")
        await pilot.press("ctrl+g", *f"{photos}/faux.jpg", "enter")
        await look("attach, a bad file")
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await look("alt asked at posting")
        await pilot.press("escape")
        app.post_message(events.Paste(f"{photos}/salle-du-conseil.jpg"))
        await look("paste")
        await pilot.press("escape")
        app.main_screen.query_one(AttachmentList).focus()
        await pilot.press("f1")
        await look("help on the photo strip")
        assert "Les photos." in seen["help on the photo strip"]
    leaks = {name: english_leaks(text) for name, text in seen.items()}
    assert not any(leaks.values()), leaks


# -- end to end: the real outbox, dry-run publishers -------------------------------------


async def test_a_photo_attached_in_the_tui_is_queued_and_posted_with_its_alt_text(
    agenda: Agenda, tmp_path: Path
) -> None:
    photo = phone_jpeg(tmp_path / "salle-du-conseil.jpg")
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    journal = tmp_path / "s.jsonl"
    with open_dry_run_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("ctrl+n", *"La salle est pleine", "ctrl+g")
            await pilot.press(*str(photo), "enter")
            await pilot.press(*ALT, "ctrl+s")  # the alt text, saved
            await pilot.press("ctrl+s")  # the post
            await wait_until(pilot, lambda: len(posts(journal)) == 3)
            assert shown_photos(app) == "" and editor_text(app) == ""
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    queued = [e for e in entries if e["type"] == "queued"]
    assert {e["network"] for e in queued} == {"x", "mastodon", "bluesky"}
    for entry in queued:
        assert [(m["source_sha256"], m["alt"]) for m in entry["media"]] == [(digest, ALT)]
    for post in posts(journal):  # each network got the photo (stripped: a new hash), its alt
        assert [m["alt"] for m in post["media"]] == [ALT]
        assert post["media"][0]["sha256"] != digest


def posts(journal: Path) -> list[dict[str, Any]]:
    return [p for p in dry_run_posts(journal) if p["op"] == "post"]


class SmallInstance(DryRunPublisher):
    """A Mastodon instance whose ``description_limit`` is 500."""

    def media_limits(self) -> ImageLimits:
        return mastodon_limits(description_limit=500)


async def test_the_alt_counter_uses_the_instances_description_limit(
    agenda: Agenda, tmp_path: Path
) -> None:
    journal = tmp_path / "s.jsonl"
    publishers = [
        DryRunPublisher("x", dry_run_outbox_path(journal)),
        SmallInstance("mastodon", dry_run_outbox_path(journal)),
    ]
    outbox = Outbox.open(journal, publishers, session_id=agenda.session.id, agenda=agenda)
    with outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
        async with app.run_test(size=(100, 30)) as pilot:
            await attach(app, pilot, phone_jpeg(tmp_path / "salle.jpg"))
            await wait_until(pilot, lambda: "Mastodon 41/500" in shown_photos(app))
            assert "X 41/1000" in shown_photos(app)


async def test_the_palette_attaches_a_photo_and_the_items_prepared_ones(tmp_path: Path) -> None:
    path = agenda_with_photo(tmp_path)
    app = LiveTweetApp(load_agenda(path), settings=UiSettings(), agenda_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n")
        names = [name for name, _call, _help in app.session_commands(app.main_screen)]
        assert "Joindre une photo…" in names
        assert "Joindre la photo préparée diapo-budget.jpg" in names
        await pilot.press("ctrl+p", *"Joindre la photo prep")
        await pilot.pause(0.7)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.context.media == (
            MediaAttachment(
                tmp_path / "photos" / "diapo-budget.jpg", "Diapositive : 42 M€ d'investissement"
            ),
        )


async def test_the_attach_key_is_remapped_by_the_keymap(make_app: MakeApp) -> None:
    app = make_app(keymap={"attach": "ctrl+b"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g")
        assert app.screen_stack[-1] is app.main_screen
        await pilot.press("ctrl+b")
        assert isinstance(app.screen, AttachDialog)
