"""A correction on Mastodon, chosen as an edit in place in the correction dialog:
the status is edited (no reply), against the real MastodonPublisher and the fake
Mastodon."""

from __future__ import annotations

from pathlib import Path

from fakemastodon import FakeMastodon
from textual.widgets import Checkbox

from livetweet.agenda import Agenda
from livetweet.publishing import Outbox, RetryPolicy
from livetweet.publishing.networks.mastodon import MastodonPublisher
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.screens.confirm import CorrectionDialog
from tui.test_posting import states, wait_until

FAST = RetryPolicy(base=0.01, factor=2.0, cap=0.05, jitter=0.0)


async def test_a_mastodon_correction_can_edit_the_post_in_place(
    agenda: Agenda, tmp_path: Path
) -> None:
    with FakeMastodon() as fake:
        publisher = MastodonPublisher(
            access_token=fake.token, api_base_url=fake.url, timeout_seconds=2.0
        )
        outbox = Outbox.open(tmp_path / "s.jsonl", [publisher], agenda=agenda, policy=FAST)
        settings = UiSettings(networks=("mastodon",), send_delay_seconds=0)
        app = LiveTweetApp(agenda, outbox=outbox, settings=settings)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*"Point 1 adopté à l'unanimté", "ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"])
            await pilot.press("ctrl+l")
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, CorrectionDialog)
            box = dialog.query_one("#correction-edit-mastodon", Checkbox)
            assert "Modifier la publication Mastodon" in str(box.label)
            box.value = True
            await pilot.pause()
            editor = dialog.query_one("#correction-text")
            assert editor.text == "Point 1 adopté à l'unanimté"  # type: ignore[attr-defined]
            await pilot.press("left", "left", "i", "ctrl+s")
            await wait_until(pilot, lambda: fake.statuses[0].text.endswith("unanimité"))
            await wait_until(pilot, lambda: app.outbox.post("p1").edited_from != [])  # type: ignore[union-attr]
            assert [s.text for s in fake.statuses] == ["Point 1 adopté à l'unanimité"]
            assert states(app) == ["posted"]  # no reply queued
        outbox.close()
