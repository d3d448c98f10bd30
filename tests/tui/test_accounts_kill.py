"""An account the operator took off a post stays off after a kill -9: the drafts
file keeps the choice, so the relaunched app never posts to the account removed
(the mobility account must not carry a post meant only for the town's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from livetweet.agenda import load_agenda
from livetweet.publishing import Outbox
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from tui.crashing_app import accounts
from tui.helpers import editor_text
from tui.test_nothing_lost import run_and_kill
from tui.test_posting import dry_run_posts, states, wait_until

TEXT = "Le conseil accueille les élèves du conseil municipal des jeunes"


@pytest.mark.parametrize("counting_down", [False, True], ids=["draft", "countdown"])
async def test_an_account_taken_off_a_post_stays_off_after_a_kill(
    tmp_path: Path, counting_down: bool
) -> None:
    journal = tmp_path / "s.jsonl"
    run_and_kill(journal, TEXT, post=counting_down, accounts=True, without="mobilite-mastodon")
    agenda = load_agenda(Path(__file__).with_name("agenda.yaml"))
    publishers = accounts(journal)
    with Outbox.open(journal, publishers, session_id=agenda.session.id, agenda=agenda) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert editor_text(app) == TEXT
            assert app.main_screen.chosen == frozenset({"x", "mastodon"})
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"] * 2)
    posted = [p["account_id"] for p in dry_run_posts(journal) if p["op"] == "post"]
    assert sorted(posted) == ["mastodon", "x"]
