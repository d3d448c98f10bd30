"""A journal whose end was cut never makes a post go out twice.

Cutting the last lines of a journal (or a line in its middle) leaves a valid,
shorter chain in which published posts may read as merely ``queued``. The
journal's mark (kept in the user state directory) makes the open refuse such a
copy until the operator accepts the shortfall, and every post still waiting at a
reopen is looked up on the network before it is sent. The loops below cut a
3-thread session at every line and in the middle of every line, resume it after
accepting, and check the network still holds each post exactly once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fakex import FakeX
from fakex.fixtures import MakeXPublisher

from livetweet.publishing import DryRunPublisher, Outbox, Publisher, verify_journal
from livetweet.publishing.dryrun import dry_run_outbox_path, read_dry_run_outbox
from livetweet.publishing.journal import JournalCut
from livetweet.publishing.watermark import mark_path

from .conftest import FakeClock

pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parents[2]
THREADS = {
    "d1": ["Point 1 : budget primitif (1/3)", "Débat : 4 interventions (2/3)", "Adopté (3/3)"],
    "d2": ["Point 2 : tarifs piscine (1/3)", "Un amendement (2/3)", "Adopté à 28 voix (3/3)"],
    "d3": ["Point 3 : voirie (1/3)", "Questions (2/3)", "Rejeté : 12 pour (3/3)"],
}


def full_session(path: Path, publisher: Publisher) -> None:
    with Outbox.open(path, [publisher], session_id="cm-cut", clock=FakeClock()) as outbox:
        for item, parts in THREADS.items():
            outbox.submit({"x": parts}, item)
            report = outbox.process()
            assert not (report.failed or report.uncertain or report.queued)


def cuts(raw: bytes) -> list[tuple[bytes, int]]:
    """Every copy of ``raw`` cut after a line or in the middle of one, with how many
    entries it lacks."""
    lines = raw.splitlines(keepends=True)
    result = []
    for kept in range(len(lines)):
        head = b"".join(lines[:kept])
        result.append((head, len(lines) - kept))
        result.append((head + lines[kept][: len(lines[kept]) // 2], len(lines) - kept))
    return result


def resume_every_cut(path: Path, publisher: Publisher, reset_network: Callable[[], None]) -> int:
    """Resume every cut copy of the journal at ``path``; returns how many posts the cut
    copies showed as waiting (so the loop is known to test something)."""
    raw, mark = path.read_bytes(), mark_path(path).read_bytes()
    waiting = 0
    for cut, missing in cuts(raw):
        path.write_bytes(cut)
        mark_path(path).write_bytes(mark)
        reset_network()
        with pytest.raises(JournalCut) as refused:
            Outbox.open(path, [publisher], session_id="cm-cut", clock=FakeClock())
        assert refused.value.missing == missing
        assert f"--accept-missing {missing}" in str(refused.value)
        with Outbox.open(
            path, [publisher], session_id="cm-cut", clock=FakeClock(), accept_missing=missing
        ) as outbox:
            waiting += sum(r.state in ("queued", "sending") for r in outbox.timeline())
            report = outbox.process()
            assert not report.posted, f"cut at {len(cut)} bytes: a post went out again"
            assert not (report.failed or report.uncertain)
        assert verify_journal(path).ok
    return waiting


def test_a_journal_cut_anywhere_never_posts_twice_on_x(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    path = tmp_path / "cm-cut.jsonl"
    publisher = make_publisher(fake_x)
    full_session(path, publisher)
    published = fake_x.posts
    assert len(published) == 9

    def reset_network() -> None:
        with fake_x.state.lock:
            fake_x.state.posts = list(published)

    assert resume_every_cut(path, publisher, reset_network) > 0
    assert [p.text for p in fake_x.posts] == [t for parts in THREADS.values() for t in parts]


def test_a_journal_cut_anywhere_never_posts_twice_in_dry_run(tmp_path: Path) -> None:
    path = tmp_path / "cm-cut.jsonl"
    server = dry_run_outbox_path(path)
    publisher = DryRunPublisher("x", server)
    full_session(path, publisher)
    published = server.read_bytes()

    def reset_network() -> None:
        server.write_bytes(published)

    assert resume_every_cut(path, publisher, reset_network) > 0
    posts = [r for r in read_dry_run_outbox(server) if r["op"] == "post"]
    assert len(posts) == len({p["key"] for p in posts}) == 9


def livetweet(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "300"},
        timeout=60,
        check=False,
    )


def test_the_commands_refuse_a_cut_journal_until_the_operator_accepts(
    tmp_path: Path, fake_x: FakeX
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(fake_x.config_yaml(), encoding="utf-8")
    config.chmod(0o600)
    journal = tmp_path / "seance.jsonl"
    text = "\n---\n".join(THREADS["d1"])
    posted = livetweet("post", "--config", str(config), "--journal", str(journal), "-", stdin=text)
    assert posted.returncode == 0, posted.stderr
    published = [p.text for p in fake_x.posts]
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(lines[:-4]))  # the last two parts now read as queued

    resumed = livetweet("resume", "--config", str(config), "--journal", str(journal))
    assert resumed.returncode == 2
    assert "4 entries are missing" in resumed.stderr and "--accept-missing 4" in resumed.stderr
    agenda = ROOT / "agendas" / "cm-villeneuve-2026-12-15.yaml"
    run = livetweet("run", str(agenda), "--config", str(config), "--journal", str(journal))
    assert run.returncode == 2 and "4 entries are missing" in run.stderr
    audit = livetweet("audit", "verify", str(journal))
    assert audit.returncode == 1 and "4 entries are missing" in audit.stderr
    wrong = livetweet(
        "resume", "--config", str(config), "--journal", str(journal), "--accept-missing", "2"
    )
    assert wrong.returncode == 2 and "--accept-missing 4" in wrong.stderr

    accepted = livetweet(
        "resume", "--config", str(config), "--journal", str(journal), "--accept-missing", "4"
    )
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout == ""  # nothing sent again...
    assert accepted.stderr.count("found on the network") == 2  # ...both found
    assert [p.text for p in fake_x.posts] == published
    assert livetweet("audit", "verify", str(journal)).returncode == 0
    kinds = [e.type for e in verify_journal(journal).entries]
    assert "entries_missing" in kinds and "duplicate" not in str(verify_journal(journal).entries)


def test_a_post_the_lagging_network_did_not_list_is_uncertain_not_failed(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    """X's list of posts lags behind: the look-up says "absent", then X refuses the post
    as a duplicate. It was published: uncertain (the operator checks), never "failed"."""
    path = tmp_path / "cm-cut.jsonl"
    publisher = make_publisher(fake_x)
    full_session(path, publisher)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-2]))  # the last part reads as queued again
    timeline = f"/2/users/{fake_x.credentials.user_id}/tweets"
    fake_x.fail_next("stale_timeline", method="GET", path=timeline)
    with Outbox.open(path, [publisher], clock=FakeClock(), accept_missing=2) as outbox:
        report = outbox.process()
    assert report.failed == [] and len(report.uncertain) == 1
    assert len(fake_x.posts) == 9
