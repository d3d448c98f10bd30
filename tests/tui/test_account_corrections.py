"""A correction with several accounts (issues 10 and 15): it goes to every ACCOUNT
the post it corrects went to, each replying to its own account's copy, counted
with that account's limit; an edit in place is chosen per account; a correction
being written survives a kill with its accounts, and a drafts file written
before accounts (keyed by network) still comes back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fakemastodon import FakeMastodon
from textual.pilot import Pilot
from textual.widgets import Checkbox, Label, Static

from livetweet.publishing.drafts import DraftStore
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path
from livetweet.publishing.networks.mastodon import MastodonPublisher
from livetweet.publishing.publisher import Publisher
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.screens.confirm import CorrectionDialog
from tui.helpers import editor_text, header
from tui.test_accounts_screen import (
    MOBILITY_ITEM,
    accounts_config,
    make_app,
    mobility_agenda,
    open_outbox,
)
from tui.test_posting import dry_run_posts, states, wait_until

MAIN_HANDLE = "@Ville@mastodon.villeneuve.fr"
MOBILITY_HANDLE = "@VilleMobilite@social.villeneuve.fr"
TYPO = "Le plan vélo est adopté à l'unanimté"
FIX = "Rectificatif : unanimité"
ALL_THREE = "@Ville (X, Mastodon) + @VilleMobilite (Mastodon)"


def dry_run_accounts(journal: Path) -> list[Publisher]:
    """X, the town's Mastodon account and its mobility account."""
    spool = dry_run_outbox_path(journal)
    return [
        DryRunPublisher("x", spool, "@Ville"),
        DryRunPublisher("mastodon", spool, MAIN_HANDLE),
        DryRunPublisher("mastodon", spool, MOBILITY_HANDLE, account_id="mobilite-mastodon"),
    ]


def queued(journal: Path) -> list[dict[str, Any]]:
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    return [e for e in entries if e["type"] == "queued"]


def check_replies(journal: Path, accounts: list[str]) -> None:
    """One correction per account in ``accounts``, each replying to its own copy."""
    entries = queued(journal)
    originals = {e["account_id"]: e for e in entries if not e.get("corrects")}
    corrections = [e for e in entries if e.get("corrects")]
    assert sorted(e["account_id"] for e in corrections) == accounts
    for correction in corrections:
        assert correction["corrects"] == originals[correction["account_id"]]["ref"]
        assert correction["text"] == FIX
    posts = [p for p in dry_run_posts(journal) if p["op"] == "post"]
    first = {p["account_id"]: p for p in posts if p["text"] == TYPO}
    replies = [p for p in posts if p["text"] == FIX]
    assert sorted(p["account_id"] for p in replies) == accounts
    for reply in replies:
        assert reply["reply_to"] == first[reply["account_id"]]["id"]


async def open_the_correction(
    pilot: Pilot[None], app: LiveTweetApp, *, send_now: bool = False
) -> CorrectionDialog:
    """Post the typo on the mobility item (routed to all three), then press e on it."""
    app.main_screen.jump_to(MOBILITY_ITEM)
    await pilot.press(*TYPO, "ctrl+s")
    if send_now:  # past the send delay
        await wait_until(pilot, lambda: app.posting.pending is not None)
        app.posting.send_now()
    await wait_until(pilot, lambda: states(app) == ["posted"] * 3)
    await pilot.press("ctrl+l")
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, CorrectionDialog)
    return dialog


async def test_a_correction_reaches_every_account_each_replying_to_its_own_copy(
    tmp_path: Path,
) -> None:
    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)
    journal = tmp_path / "s.jsonl"
    with open_outbox(agenda, config, journal, dry_run_accounts(journal)) as outbox:
        app = make_app(agenda, config, outbox, send_delay_seconds=0.0)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            dialog = await open_the_correction(pilot, app)
            title = str(dialog.query_one(".dialog-title", Label).render())
            boxes = [str(box.label) for box in dialog.query(Checkbox)]
            await pilot.press(*"unanimité")
            await pilot.pause()
            counter = str(dialog.query_one("#correction-count", Static).render())
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"] * 6)
    assert title == f"Rectificatif sur {ALL_THREE}"
    assert boxes == ["X", "Mastodon @Ville", "Mastodon @VilleMobilite"]
    # each account counted with its own limit: the mobility instance takes 1,000
    assert counter == "X 24/280 · Mastodon @Ville 24/500 · Mastodon @VilleMobilite 24/1000"
    check_replies(journal, ["mastodon", "mobilite-mastodon", "x"])


@pytest.mark.parametrize("given_back", [False, True], ids=["sent", "escape-then-sent"])
async def test_an_edit_in_place_is_chosen_for_one_mastodon_account_only(
    tmp_path: Path, given_back: bool
) -> None:
    """``given_back``: Escape during the countdown brings the correction back to the
    editor; sent from there, it is still an edit on that account alone."""
    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)
    journal = tmp_path / "s.jsonl"
    fixed = "Le plan vélo est adopté à l'unanimité"
    with FakeMastodon() as town, FakeMastodon(max_characters=1000) as mobility:
        publishers: list[Publisher] = [
            DryRunPublisher("x", dry_run_outbox_path(journal), "@Ville"),
            MastodonPublisher(access_token=town.token, api_base_url=town.url, account=MAIN_HANDLE),
            MastodonPublisher(
                access_token=mobility.token,
                api_base_url=mobility.url,
                account=MOBILITY_HANDLE,
                account_id="mobilite-mastodon",
            ),
        ]
        with open_outbox(agenda, config, journal, publishers) as outbox:
            app = make_app(agenda, config, outbox, send_delay_seconds=60.0)
            async with app.run_test(size=(140, 40)) as pilot:
                await pilot.pause()
                dialog = await open_the_correction(pilot, app, send_now=True)
                edits = {
                    str(box.label): box for box in dialog.query(".edit-in-place").results(Checkbox)
                }
                edit = (
                    "Modifier la publication de Mastodon {} (historique public des modifications)"
                )
                mine = edit.format("@VilleMobilite")
                assert sorted(edits) == [edit.format("@Ville"), mine]
                edits[mine].value = True
                await pilot.pause()
                assert dialog.query_one("#correction-text").text == TYPO  # type: ignore[attr-defined]
                await pilot.press("left", "left", "i", "ctrl+s")
                await wait_until(pilot, lambda: app.posting.pending is not None)
                if given_back:
                    await pilot.press("escape")
                    await wait_until(pilot, lambda: editor_text(app) == fixed)
                    assert "modification sur place : Mastodon @VilleMobilite" in header(app)
                    await pilot.press("ctrl+s")
                    await wait_until(pilot, lambda: app.posting.pending is not None)
                app.posting.send_now()
                await wait_until(pilot, lambda: [s.text for s in mobility.statuses] == [fixed])
                await wait_until(pilot, lambda: len(town.statuses) == 2)
                await wait_until(pilot, lambda: states(app) == ["posted"] * 5)
        # the mobility account's post was edited, and nothing replied to it there
        assert [s.text for s in mobility.statuses] == [fixed]
        # the town's account got a reply to its own copy, which is unchanged
        original, reply = town.statuses
    assert original.text == TYPO and reply.text == fixed
    assert reply.in_reply_to == original.id
    corrections = [e for e in queued(journal) if e.get("corrects")]
    assert sorted(e["account_id"] for e in corrections) == ["mastodon", "x"]


@pytest.mark.parametrize(
    ("mastodon_copy", "to_whom"),
    [
        ("mastodon", "@Ville (X, Mastodon)"),
        # written by this morning's build, which keyed any account's copy by its network
        ("mobilite-mastodon", "@Ville (X) + @VilleMobilite (Mastodon)"),
    ],
)
async def test_a_drafts_file_keyed_by_network_corrects_the_accounts_of_its_posts(
    tmp_path: Path, mastodon_copy: str, to_whom: str
) -> None:
    """A correction kept before accounts existed: ``corrects`` keyed by network name,
    which is the network's default account id; each post is corrected from the
    account the journal says published it."""
    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)
    journal = tmp_path / "s.jsonl"
    with open_outbox(agenda, config, journal, dry_run_accounts(journal)) as outbox:
        refs = outbox.submit(
            {a: [TYPO] for a in ("x", "mastodon", "mobilite-mastodon")}, MOBILITY_ITEM
        )
        outbox.process()
    by_account = dict(zip(("x", "mastodon", "mobilite-mastodon"), refs, strict=True))
    store = DraftStore.for_session(agenda.session.id, journal)
    old = {
        "text": FIX,
        "item": MOBILITY_ITEM,
        "stage": "correction",
        "votes": None,
        "corrects": {"x": by_account["x"], "mastodon": by_account[mastodon_copy]},
        "parts": {},
        "saved_at": "2026-12-01T19:02:03.000+00:00",
    }
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"format": 1, "draft": old, "pending": [], "dialog": None}))
    with open_outbox(agenda, config, journal, dry_run_accounts(journal)) as outbox:
        app = make_app(agenda, config, outbox, send_delay_seconds=0.0)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            assert editor_text(app) == FIX
            assert f"Rectificatif sur {to_whom} ·" in header(app)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"] * 5)
    check_replies(journal, sorted([mastodon_copy, "x"]))


async def test_a_correction_being_written_comes_back_with_its_accounts_after_a_kill(
    tmp_path: Path,
) -> None:
    from tui.test_nothing_lost import run_and_kill

    agenda = mobility_agenda(tmp_path)
    config = accounts_config(tmp_path)
    journal = tmp_path / "s.jsonl"
    run_and_kill(journal, TYPO, correct=True, accounts=True)
    with open_outbox(agenda, config, journal, dry_run_accounts(journal)) as outbox:
        app = make_app(agenda, config, outbox, send_delay_seconds=0.0)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            assert editor_text(app) == FIX
            assert f"Rectificatif sur {ALL_THREE} ·" in header(app)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"] * 6)
    check_replies(journal, ["mastodon", "mobilite-mastodon", "x"])
