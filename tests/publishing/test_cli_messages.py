"""What `post`, `resume` and `audit` say when things go wrong: the truth about each
post, the path at fault, in the operator's language, and never a traceback.

Run as the operator runs them (subprocesses), against the fake X where X matters.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fakex import FakeX

from livetweet.publishing import Journal

ROOT = Path(__file__).resolve().parents[2]


def livetweet(
    *args: str, stdin: str | None = None, french: bool = False, **options: object
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "300"}
    if french:
        env["LC_ALL"] = "fr_FR.UTF-8"
    result: subprocess.CompletedProcess[str] = subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
        **options,  # type: ignore[call-overload]
    )
    return result


def x_config(tmp_path: Path, fake: FakeX, timeout: float = 2.0) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(fake.config_yaml(timeout_seconds=timeout), encoding="utf-8")
    config.chmod(0o600)
    return config


# -- the truth about each post ------------------------------------------------------------


def test_a_refused_reply_offers_the_standalone_continuation(tmp_path: Path, fake_x: FakeX) -> None:
    config, journal = x_config(tmp_path, fake_x), tmp_path / "j.jsonl"
    fake_x.fail_next("403_reply", after=1)
    common = ("--config", str(config), "--journal", str(journal))
    posted = livetweet("post", *common, "-", stdin="Première partie\n---\nSeconde partie")
    assert posted.returncode == 1
    assert f"livetweet resume --journal {journal} --standalone x:" in posted.stderr
    thread = posted.stderr.split("--standalone ", 1)[1].split()[0]
    resumed = livetweet("resume", *common, "--standalone", thread)
    assert resumed.returncode == 0, resumed.stderr
    _first, second = fake_x.posts
    assert second.in_reply_to is None and second.text.startswith("Seconde partie")


def test_an_outcome_the_network_cannot_tell_yet_is_listed_as_uncertain(
    tmp_path: Path, fake_x: FakeX
) -> None:
    config, journal = x_config(tmp_path, fake_x, timeout=0.5), tmp_path / "j.jsonl"
    fake_x.fail_next("accept_then_hang")  # X takes the post, the answer never comes
    timeline = f"/2/users/{fake_x.credentials.user_id}/tweets"
    fake_x.fail_next("503", method="GET", path=timeline, count=50)  # ...and cannot be asked
    posted = livetweet(
        "post", "--config", str(config), "--journal", str(journal), "--max-wait", "0", "Quorum"
    )
    assert posted.returncode == 1
    assert "uncertain (the network could not be asked yet)" in posted.stderr
    assert "still queued" not in posted.stderr
    assert f"Run livetweet resume --journal {journal} again later" in posted.stderr


def test_posts_found_by_reconciliation_get_a_line(tmp_path: Path, fake_x: FakeX) -> None:
    config, journal = x_config(tmp_path, fake_x, timeout=0.5), tmp_path / "j.jsonl"
    fake_x.fail_next("accept_then_hang")  # X takes the post, the answer never comes
    posted = livetweet("post", "--config", str(config), "--journal", str(journal), "Quorum")
    assert posted.returncode == 0, posted.stderr
    assert "x p1 (1/1) found on the network: already published" in posted.stderr
    assert fake_x.posts[0].id in posted.stderr
    assert len(fake_x.posts) == 1


def test_an_unwritable_dry_run_file_is_named(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    assert livetweet("post", "--journal", str(journal), "Un").returncode == 0
    dry = tmp_path / "j.dryrun.jsonl"
    dry.unlink()
    dry.mkdir()  # cannot be written, even by root (chmod would not stop root)
    result = livetweet("post", "--journal", str(journal), "Deux")
    assert result.returncode == 1
    assert str(dry) in result.stderr and "check the account" not in result.stderr.lower()
    assert "Traceback" not in result.stderr


# -- paths that are not what they should be ------------------------------------------------


@pytest.mark.parametrize("kind", ["device", "pipe", "directory"])
def test_audit_reads_only_regular_files(tmp_path: Path, kind: str) -> None:
    if kind == "device":
        path, words = Path("/dev/zero"), "a device"
    elif kind == "pipe":
        path, words = tmp_path / "fifo", "a named pipe"
        os.mkfifo(path)
    else:
        path, words = tmp_path, "a directory"
    for action in ("verify", "show"):
        result = livetweet("audit", action, str(path))  # /dev/zero: no memory exhausted
        assert result.returncode == 2, result.stderr
        assert f"{path}: not a journal file ({words})" in result.stderr


def test_journal_dir_pointing_at_a_file_is_named(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "journals"
    not_a_dir.write_text("", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(f"journal_dir: {not_a_dir}\n", encoding="utf-8")
    result = livetweet("post", "--config", str(config), "Texte")
    assert result.returncode == 2
    assert f"{config}:1:1: journal_dir: {not_a_dir} is not a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_disk_full_on_reopen_is_said_once_in_french(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    assert livetweet("post", "--journal", str(journal), "Un").returncode == 0
    with journal.open("ab") as f:
        f.write(b'{"network":"x"')  # the app died mid-write: the reopen records it
    limit = journal.stat().st_size + 40  # ...but the disk has no room for that

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = livetweet("resume", "--journal", str(journal), french=True, preexec_fn=small_files)
    assert result.returncode == 2
    assert "impossible d'écrire le journal" in result.stderr  # not a second close's EBADF
    assert "Bad file descriptor" not in result.stderr and "Traceback" not in result.stderr
    assert livetweet("resume", "--journal", str(journal)).returncode == 0  # room again


# -- in the operator's language -------------------------------------------------------------


def test_journal_messages_are_in_french(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    assert livetweet("post", "--journal", str(journal), "Point 3 adopté").returncode == 0
    held, _entries = Journal.open(journal)
    try:
        busy = livetweet("post", "--journal", str(journal), "Deux", french=True)
    finally:
        held.close()
    assert busy.returncode == 2 and "utilisé par un autre processus livetweet" in busy.stderr
    journal.write_bytes(journal.read_bytes().replace(b"adopt", b"rejet"))
    broken = livetweet("audit", "verify", str(journal), french=True)
    assert broken.returncode == 1
    assert "l'empreinte de l'entrée ne correspond pas à son contenu" in broken.stderr
