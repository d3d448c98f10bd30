"""Bluesky from the TUI, against the real BlueskyPublisher and the fake PDS: what went
out differently than typed is said on the screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakepds import FakePDS
from fakepds.fixtures import make_publisher
from fakepds.pages import Site, serve
from photofiles import phone_jpeg

from livetweet.agenda import Agenda
from livetweet.publishing import Outbox, RetryPolicy
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from tui.test_photos import ALT, attach
from tui.test_posting import states, wait_until

FAST = RetryPolicy(base=0.01, factor=2.0, cap=0.05, jitter=0.0)


def said(app: LiveTweetApp) -> list[str]:
    """Every notification the app shows from now on (title and message)."""
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, *, title: str = "", **options: object) -> None:
        shown.append(f"{title} {message}")
        notify(message, title=title, **options)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign]
    return shown


async def test_a_mention_left_as_plain_text_is_said_on_the_screen(
    agenda: Agenda, tmp_path: Path
) -> None:
    with FakePDS(hang_seconds=2.0) as pds:
        outbox = Outbox.open(
            tmp_path / "s.jsonl", [make_publisher(pds)], agenda=agenda, policy=FAST
        )
        settings = UiSettings(networks=("bluesky",), send_delay_seconds=0)
        app = LiveTweetApp(agenda, outbox=outbox, settings=settings)
        async with app.run_test(size=(120, 40)) as pilot:
            shown = said(app)
            await pilot.press(*"Question de @personne.bsky.social", "ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"])
            await wait_until(pilot, lambda: any("personne.bsky.social" in s for s in shown))
            [warning] = [s for s in shown if "personne.bsky.social" in s]
            assert "texte" in warning  # in French, the operator's language
        outbox.close()


@pytest.fixture
def pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from serve(monkeypatch)


async def test_the_link_card_is_fetched_during_the_countdown(
    agenda: Agenda, tmp_path: Path, pages: Site
) -> None:
    with FakePDS(hang_seconds=2.0) as pds:
        publisher = make_publisher(pds, link_cards=True, card_timeout_seconds=2.0)
        outbox = Outbox.open(tmp_path / "s.jsonl", [publisher], agenda=agenda, policy=FAST)
        settings = UiSettings(networks=("bluesky",), send_delay_seconds=60)
        app = LiveTweetApp(agenda, outbox=outbox, settings=settings)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*f"Ordre du jour : {pages.url}/seance", "ctrl+s")
            await wait_until(pilot, lambda: app.posting.pending is not None)
            # The page is fetched while the countdown runs, before anything is sent.
            await wait_until(pilot, lambda: "/vignette.png" in pages.served)
            await wait_until(
                pilot, lambda: all(w.is_finished for w in app.workers if w.group == "prefetch")
            )
            assert states(app) == [] and pds.records == []
            app.posting.send_now()
            await wait_until(pilot, lambda: states(app) == ["posted"])
        outbox.close()
    [record] = pds.records
    assert record.value["embed"]["external"]["title"] == "Conseil municipal du 15 décembre"
    assert pages.served == ["/seance", "/vignette.png"]  # not fetched again at send time


async def test_no_card_is_fetched_during_the_countdown_of_a_post_with_a_photo(
    agenda: Agenda, tmp_path: Path, pages: Site
) -> None:
    photo = phone_jpeg(tmp_path / "vote.jpg")
    with FakePDS(hang_seconds=2.0) as pds:
        publisher = make_publisher(pds, link_cards=True, card_timeout_seconds=2.0)
        outbox = Outbox.open(tmp_path / "s.jsonl", [publisher], agenda=agenda, policy=FAST)
        settings = UiSettings(networks=("bluesky",), send_delay_seconds=60)
        app = LiveTweetApp(agenda, outbox=outbox, settings=settings)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*f"Le budget : {pages.url}/seance")
            await attach(app, pilot, photo, ALT)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: app.posting.pending is not None)
            await wait_until(
                pilot, lambda: all(w.is_finished for w in app.workers if w.group == "prefetch")
            )
            app.posting.send_now()
            await wait_until(pilot, lambda: states(app) == ["posted"])
        outbox.close()
    [record] = pds.records
    assert record.value["embed"]["$type"] == "app.bsky.embed.images"
    assert pages.served == []  # the photo takes the card's place: no page was asked
