"""A journal that cannot be written never ends the live screen: the error is shown
in French, the draft and the queue are kept, and the session goes on once the
cause is fixed.

The tests run as root, for whom permissions block nothing; they make the disk
refuse for real instead: RLIMIT_FSIZE caps the size of any file this process
writes (``write`` then fails with EFBIG, "file too large", as a full disk fails
with ENOSPC; SIGXFSZ is ignored so that the call fails instead of killing the
process), and deleting the journal file is done with ``unlink``.
"""

from __future__ import annotations

import contextlib
import resource
import signal
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from livetweet.agenda import Agenda
from livetweet.publishing import Outbox, verify_journal
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path
from livetweet.publishing.publisher import Published, Publisher, UploadedMedia
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.settings import UiSettings
from tui.conftest import ALL_NETWORKS
from tui.helpers import editor_text
from tui.test_nothing_lost import said
from tui.test_posting import dry_run_posts, states, wait_until


@contextlib.contextmanager
def files_capped_at(size: int) -> Iterator[None]:
    """No file of this process may grow past ``size`` bytes: the disk is "full"."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def journal_types(journal: Path) -> list[str]:
    return [e.type for e in verify_journal(journal).entries]


def open_outbox(
    agenda: Agenda, journal: Path, publishers: Sequence[Publisher] | None = None
) -> Outbox:
    publishers = publishers or [
        DryRunPublisher(n, dry_run_outbox_path(journal)) for n in ALL_NETWORKS
    ]
    return Outbox.open(journal, publishers, session_id=agenda.session.id, agenda=agenda)


async def test_a_full_disk_keeps_the_screen_the_draft_and_the_session(
    agenda: Agenda, tmp_path: Path
) -> None:
    journal = tmp_path / "s.jsonl"
    with open_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
        shown = said(app)
        async with app.run_test(size=(100, 30)) as pilot:
            with files_capped_at(journal.stat().st_size + 40):  # half an entry fits
                await pilot.press(*"Le point 1 est adopté", "ctrl+s")
                await wait_until(pilot, lambda: app.journal_watch.down)
                await pilot.pause()
                assert editor_text(app) == "Le point 1 est adopté"  # given back, unsent
                assert any("limite de taille atteinte" in n for n in shown)
                assert any("Le journal ne peut pas être écrit" in n for n in shown)
                await pilot.press("ctrl+n")  # the screen goes on; journalled later
                await pilot.press("ctrl+s")  # refused while the journal is down
                await pilot.pause()
                assert editor_text(app) == "Le point 1 est adopté"
                await pilot.press("f12")  # the cause is still there
                await pilot.pause(0.3)
                assert app.journal_watch.down
            await pilot.press("f12")  # fixed: the journal is reopened
            await wait_until(pilot, lambda: not app.journal_watch.down)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"] * 3)
            assert app.is_running
    check = verify_journal(journal)
    assert check.ok and check.torn_tail_line is None
    types = journal_types(journal)
    assert "torn_tail" in types  # the half-written line was cut off and recorded
    assert types.count("item_started") == 2  # the first item, and ctrl+n while it was down
    assert types.count("queued") == 3  # nothing half-queued, nothing twice
    assert {p["text"] for p in dry_run_posts(journal)} == {"Le point 1 est adopté"}


async def test_a_journal_deleted_during_the_session_is_put_back(
    agenda: Agenda, tmp_path: Path
) -> None:
    journal = tmp_path / "s.jsonl"
    with open_outbox(agenda, journal) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*"Ouverture de la séance", "ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"] * 3)
            journal.unlink()  # someone "cleans up" the folder
            await pilot.press(*"Point 1", "ctrl+s")
            await wait_until(pilot, lambda: app.journal_watch.down)
            await pilot.pause()
            assert editor_text(app) == "Point 1"
            await pilot.press("f12")
            await wait_until(pilot, lambda: not app.journal_watch.down)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted"] * 6)
    assert verify_journal(journal).ok
    assert journal_types(journal).count("posted") == 6  # the first three are still there


class GatedPublisher(DryRunPublisher):
    """A dry-run publisher that waits for the test before publishing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calling = threading.Event()
        self.go = threading.Event()

    def publish(
        self,
        text: str,
        *,
        reply_to: str | None,
        idempotency_key: str,
        media: Sequence[UploadedMedia] = (),
    ) -> Published:
        self.calling.set()
        self.go.wait(10)
        return super().publish(text, reply_to=reply_to, idempotency_key=idempotency_key)


async def test_a_failure_in_the_sending_worker_is_shown_and_sending_resumes(
    agenda: Agenda, tmp_path: Path
) -> None:
    """The disk fills while a post is being sent: it went out, but "posted" cannot
    be journalled. The worker stops, the screen stays; once the journal is back
    the post is found on the network (not sent twice) and the session goes on."""
    journal = tmp_path / "s.jsonl"
    gated = GatedPublisher("x", dry_run_outbox_path(journal))
    with open_outbox(agenda, journal, [gated]) as outbox:
        settings = UiSettings(networks=("x",), send_delay_seconds=0)
        app = LiveTweetApp(agenda, outbox=outbox, settings=settings)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*"Suspension de séance", "ctrl+s")
            await wait_until(pilot, gated.calling.is_set)
            with files_capped_at(journal.stat().st_size):
                gated.go.set()
                await wait_until(pilot, lambda: app.journal_watch.down)
            await pilot.press("f12")
            await wait_until(pilot, lambda: states(app) == ["posted"])
            await pilot.press(*"Reprise de la séance", "ctrl+s")
            await wait_until(pilot, lambda: states(app) == ["posted", "posted"])
            assert app.is_running
    assert [p["text"] for p in dry_run_posts(journal)] == [
        "Suspension de séance",
        "Reprise de la séance",
    ]
    assert "reconciled" in journal_types(journal)
