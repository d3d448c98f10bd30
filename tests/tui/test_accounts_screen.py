"""Several accounts on the screen (issue 15): the draft says where it goes (the
routing of its item's theme), the operator changes it for one post, each account
posts, counts and fails on its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from english_leaks import screen_text
from rich.text import Text
from textual.widgets import Checkbox, DataTable, Static

from livetweet.agenda import Agenda, load_agenda
from livetweet.config import Config, load_config
from livetweet.publishing import Outbox, PublishError
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path
from livetweet.publishing.factory import build_publishers
from livetweet.publishing.publisher import FailureKind, Published, Publisher, UploadedMedia
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.screens.accounts import AccountPicker
from livetweet.tui.widgets.status_bar import StatusBar
from tui.conftest import AGENDA_FILE, SESSION_EVENING
from tui.helpers import counters, preview
from tui.test_posting import dry_run_posts, wait_until

CONFIG = """\
language: fr
dry_run: true
networks:
  x:
    enabled: true
    account: "@Ville"
  mastodon:
    enabled: true
    account: "@Ville@mastodon.villeneuve.fr"
    api_base_url: https://mastodon.villeneuve.fr
    max_characters: 500
  bluesky:
    enabled: true
    account: ville.bsky.social
accounts:
  - id: mobilite-mastodon
    network: mastodon
    account: "@VilleMobilite@social.villeneuve.fr"
    api_base_url: https://social.villeneuve.fr
    max_characters: 1000
groups:
  principal: [x, mastodon, bluesky]
  mobilite: [mobilite-mastodon]
routing:
  principal: all
  mobilite: [mobilite]
"""

#: Item 5 of the test agenda, made an item about mobility.
MOBILITY_ITEM = "d2026-104"
MAIN = "@Ville (X, Mastodon, Bluesky)"
BOTH = "@Ville (X, Mastodon, Bluesky) + @VilleMobilite (Mastodon)"


def mobility_agenda(tmp_path: Path) -> Agenda:
    text = AGENDA_FILE.read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: edu, label: Éducation}\n",
        "  - {id: edu, label: Éducation}\n  - {id: mobilite, label: Mobilités}\n",
    )
    text = text.replace("Tarifs de la restauration scolaire 2027", "Plan vélo 2027")
    text = text.replace("short_title: Cantine 2027", "short_title: Plan vélo")
    text = text.replace("    theme: edu\n", "    theme: mobilite\n")
    path = tmp_path / "agenda.yaml"
    path.write_text(text, encoding="utf-8")
    return load_agenda(path)


def accounts_config(tmp_path: Path) -> Config:
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return load_config(path)


def open_outbox(
    agenda: Agenda, config: Config, journal: Path, publishers: Sequence[Publisher] = ()
) -> Outbox:
    found = list(publishers) or build_publishers(config, journal_path=journal)
    return Outbox.open(journal, found, session_id=agenda.session.id, agenda=agenda)


def make_app(agenda: Agenda, config: Config, outbox: Outbox, **settings: Any) -> LiveTweetApp:
    ui = replace(UiSettings.from_config(config), **settings)  # a test's own values
    return LiveTweetApp(
        agenda, config=config, settings=ui, outbox=outbox, clock=lambda: SESSION_EVENING
    )


def destinations(app: LiveTweetApp) -> str:
    line = app.main_screen.query_one("#destinations", Static)
    assert line.display, "the destinations line is hidden"
    content = line.content
    assert isinstance(content, Text)
    return content.plain


def status(app: LiveTweetApp) -> str:
    content = app.main_screen.query_one(StatusBar).content
    assert isinstance(content, Text)
    return content.plain


def posted_accounts(journal: Path) -> list[str]:
    return sorted(p["account_id"] for p in dry_run_posts(journal) if p["op"] == "post")


async def test_an_item_about_mobility_goes_to_both_handles(tmp_path: Path) -> None:
    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)
    journal = tmp_path / "s.jsonl"
    with open_outbox(agenda, config, journal) as outbox:
        app = make_app(agenda, config, outbox, send_delay_seconds=0.0)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert destinations(app) == f"Pour : {MAIN}"  # item 1 has no theme
            app.main_screen.jump_to(MOBILITY_ITEM)
            await pilot.pause()
            assert destinations(app) == f"Pour : {BOTH}"
            await pilot.press(*"Le plan vélo est adopté", "ctrl+s")
            await wait_until(pilot, lambda: len(posted_accounts(journal)) == 4)
            shown = status(app)
            banner = app.main_screen.query_one("#dry-run", Static).content
    assert posted_accounts(journal) == ["bluesky", "mastodon", "mobilite-mastodon", "x"]
    assert "les 4 comptes configurés sont simulés" in str(banner)
    assert "Mastodon @VilleMobilite" in shown and "Mastodon @Ville" in shown


async def test_removing_the_mobility_account_posts_only_to_the_main_ones(tmp_path: Path) -> None:
    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)
    journal = tmp_path / "s.jsonl"
    with open_outbox(agenda, config, journal) as outbox:
        app = make_app(agenda, config, outbox, send_delay_seconds=0.0)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.main_screen.jump_to(MOBILITY_ITEM)
            await pilot.press(*"Le plan vélo est adopté", "ctrl+f")
            await pilot.pause()
            picker = app.screen
            assert isinstance(picker, AccountPicker)
            boxes = {str(box.label): box for box in picker.query(Checkbox)}
            [mobility] = [box for label, box in boxes.items() if "VilleMobilite" in label]
            assert all(box.value for box in boxes.values())  # the routing, to start with
            mobility.value = False
            await pilot.press("ctrl+s")  # the dialog's "use these accounts"
            await pilot.pause()
            assert app.screen is app.main_screen
            assert destinations(app) == f"Pour : {MAIN} (choisi pour cette publication)"
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: len(posted_accounts(journal)) == 3)
            await pilot.pause()
            # the choice was for that post: the next one follows the routing again
            assert destinations(app) == f"Pour : {BOTH}"
    assert posted_accounts(journal) == ["bluesky", "mastodon", "x"]


async def test_the_choice_is_forgotten_when_the_item_changes(tmp_path: Path) -> None:
    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)
    with open_outbox(agenda, config, tmp_path / "s.jsonl") as outbox:
        app = make_app(agenda, config, outbox)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.main_screen.jump_to(MOBILITY_ITEM)
            app.main_screen.choose(frozenset({"x"}))
            await pilot.pause()
            assert destinations(app) == "Pour : @Ville (X) (choisi pour cette publication)"
            await pilot.press("ctrl+n")  # item 6
            await pilot.pause()
            assert destinations(app) == f"Pour : {MAIN}"


async def test_an_instance_with_its_own_limit_counts_on_its_own(tmp_path: Path) -> None:
    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)
    journal = tmp_path / "s.jsonl"
    text = "Plan vélo : " + "des pistes cyclables dans chaque quartier. " * 15  # ~640
    with open_outbox(agenda, config, journal) as outbox:
        app = make_app(agenda, config, outbox, send_delay_seconds=0.0)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.main_screen.jump_to(MOBILITY_ITEM)
            app.main_screen.editor.text = text
            await pilot.pause()
            shown = counters(app)
            assert "Mastodon (2 publications)" in shown  # 500 on the main instance
            assert "Mastodon @VilleMobilite " in shown and "/1000" in shown
            assert "Mastodon @VilleMobilite : une publication" in preview(app)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: "mobilite-mastodon" in posted_accounts(journal))
            await wait_until(pilot, lambda: posted_accounts(journal).count("mastodon") == 2)
    posts = [p for p in dry_run_posts(journal) if p["op"] == "post"]
    [mobility] = [p for p in posts if p["account_id"] == "mobilite-mastodon"]
    assert mobility["text"] == text.rstrip()


class RefusingPublisher(DryRunPublisher):
    """An account whose network refuses every post (its token was revoked)."""

    def publish(
        self,
        text: str,
        *,
        reply_to: str | None,
        idempotency_key: str,
        media: Sequence[UploadedMedia] = (),
    ) -> Published:
        raise PublishError(FailureKind.FORBIDDEN, "Compte suspendu")


async def test_one_account_failing_is_shown_on_its_own(tmp_path: Path) -> None:
    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)
    journal = tmp_path / "s.jsonl"
    spool = dry_run_outbox_path(journal)
    publishers = [
        DryRunPublisher("x", spool, "@Ville"),
        DryRunPublisher("mastodon", spool, "@Ville@mastodon.villeneuve.fr"),
        DryRunPublisher("bluesky", spool, "ville.bsky.social"),
        RefusingPublisher(
            "mastodon",
            spool,
            "@VilleMobilite@social.villeneuve.fr",
            account_id="mobilite-mastodon",
        ),
    ]
    with open_outbox(agenda, config, journal, publishers) as outbox:
        app = make_app(agenda, config, outbox, send_delay_seconds=0.0)
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            app.main_screen.jump_to(MOBILITY_ITEM)
            await pilot.press(*"Le plan vélo est adopté", "ctrl+s")
            await wait_until(pilot, lambda: "échec 1" in status(app))
            await wait_until(pilot, lambda: len(posted_accounts(journal)) == 3)
            shown = status(app)
            await pilot.press("ctrl+l")  # the timeline names the account that failed
            await pilot.pause()
            table = app.screen.query_one("#timeline-table", DataTable)
            rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
            assert [r[1] for r in rows if "échec" in r[3]] == ["Mastodon @VilleMobilite"]
            await pilot.press("escape")
            await pilot.pause()
            # the next post goes to the main accounts all the same
            await pilot.press(*"Point suivant", "ctrl+s")
            await wait_until(pilot, lambda: len(posted_accounts(journal)) == 6)
    segments = shown.split("  ")
    [failing] = [s for s in segments if "@VilleMobilite" in s]
    assert "échec 1" in failing
    others = [s for s in segments if s.startswith("◌") and "@VilleMobilite" not in s]
    assert len(others) == 3 and not any("échec" in s for s in others)


async def test_the_palette_opens_the_accounts_of_this_post(tmp_path: Path) -> None:
    from tui.test_palette_and_help import palette_options

    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)
    with open_outbox(agenda, config, tmp_path / "s.jsonl") as outbox:
        app = make_app(agenda, config, outbox)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.main_screen.jump_to(MOBILITY_ITEM)
            found = await palette_options(pilot, "Comptes")
            assert found[0].startswith("Comptes pour cette publication…")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, AccountPicker)
            labels = [str(box.label) for box in app.screen.query(Checkbox)]
    assert labels == [
        "@Ville — X (routage)",
        "@Ville@mastodon.villeneuve.fr — Mastodon (routage)",
        "@VilleMobilite@social.villeneuve.fr — Mastodon (routage)",
        "ville.bsky.social — Bluesky (routage)",
    ]


async def test_a_theme_routed_nowhere_is_not_posted_and_says_why(tmp_path: Path) -> None:
    """Routing that sends the session's posts nowhere (no group "all"): the draft says
    so before the post key is pressed, and nothing is queued."""
    agenda = mobility_agenda(tmp_path)
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG.replace("principal: all", "principal: [fin]"), encoding="utf-8")
    config = load_config(path)
    with open_outbox(agenda, config, tmp_path / "s.jsonl") as outbox:
        app = make_app(agenda, config, outbox, send_delay_seconds=0.0)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            assert destinations(app) == "Pour : aucun compte (choisissez-en au moins un)"
            await pilot.press(*"Bonsoir", "ctrl+s")
            await pilot.pause()
            shown = " ".join(screen_text(app.export_screenshot()).replace("▌", "").split())
            assert outbox.timeline() == []
    # the notice (a toast over the bottom lines, which it shares with the status bar)
    assert "Aucun compte où publier : choisissez-en au moins un" in shown and "(^f)." in shown


async def test_a_dry_run_with_only_the_declared_account_enabled_shows_every_network(
    tmp_path: Path,
) -> None:
    """No networks.* section enabled (a first try): the dry run simulates every
    configured account, and the screen shows them all, not only the declared one's
    network."""
    agenda = mobility_agenda(tmp_path)
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG.replace("    enabled: true\n", ""), encoding="utf-8")
    config = load_config(path)
    with open_outbox(agenda, config, tmp_path / "s.jsonl") as outbox:
        app = make_app(agenda, config, outbox)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.main_screen.jump_to(MOBILITY_ITEM)
            await pilot.pause()
            assert destinations(app) == f"Pour : {BOTH}"
            shown = status(app)
    assert "désactivé" not in shown
    assert [s.split()[1] for s in shown.split(" │")[0].split("  ")] == [
        "X",
        "Mastodon",
        "Mastodon",
        "Bluesky",
    ]
