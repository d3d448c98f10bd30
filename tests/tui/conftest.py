"""TUI fixtures: a small French agenda owned by these tests, the app in French.

The language is set before the app's modules are imported: binding labels are
translated when their classes are created.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from livetweet.i18n import set_language

set_language("fr")

from livetweet.agenda import Agenda, load_agenda  # noqa: E402
from livetweet.publishing import Outbox  # noqa: E402
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path  # noqa: E402
from livetweet.text.networks import Network  # noqa: E402
from livetweet.tui.app import LiveTweetApp  # noqa: E402
from livetweet.tui.models.settings import UiSettings  # noqa: E402

AGENDA_FILE = Path(__file__).with_name("agenda.yaml")
#: The time every test's clock shows (templates with {time}): 19 h 42 in Villeneuve.
SESSION_EVENING = datetime(2026, 12, 15, 19, 42, tzinfo=timezone(timedelta(hours=1)))
ALL_NETWORKS: tuple[Network, ...] = ("x", "mastodon", "bluesky")
#: What the ``make_app`` fixture gives: networks and UiSettings fields in, an app out.
MakeApp = Callable[..., LiveTweetApp]


@pytest.fixture(autouse=True)
def french(english: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The TUI tests run in French, the users' language (after the root's English,
    which restores the previous language at the end)."""
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    set_language("fr")


def load_test_agenda() -> Agenda:
    return load_agenda(AGENDA_FILE)


@pytest.fixture
def agenda() -> Agenda:
    return load_test_agenda()


def open_dry_run_outbox(agenda: Agenda, journal: Path) -> Outbox:
    """The real pipeline (journal, outbox) with dry-run publishers for every network."""
    publishers = [DryRunPublisher(n, dry_run_outbox_path(journal)) for n in ALL_NETWORKS]
    return Outbox.open(journal, publishers, session_id=agenda.session.id, agenda=agenda)


@pytest.fixture
def make_app(agenda: Agenda, tmp_path: Path) -> MakeApp:
    """An app on the fixture agenda; every network enabled unless told otherwise."""

    def make(networks: tuple[Network, ...] = ALL_NETWORKS, **settings: Any) -> LiveTweetApp:
        return LiveTweetApp(
            agenda,
            settings=UiSettings(networks=networks, **settings),
            journal_path=tmp_path / "journal.jsonl",
            clock=lambda: SESSION_EVENING,
        )

    return make
