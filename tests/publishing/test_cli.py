"""`livetweet post`, `resume` and `audit`, run as the operator runs them (subprocesses).

The autouse fixture in tests/conftest.py points HOME and the XDG directories at
a temporary home, so nothing here touches the real user's files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest

from livetweet.publishing import DryRunPublisher, FailureKind, Outbox, verify_journal
from livetweet.publishing.dryrun import dry_run_outbox_path, read_dry_run_outbox

from .conftest import FakeClock, ScriptedNetwork

ROOT = Path(__file__).resolve().parents[2]


def livetweet(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        timeout=60,
        check=False,
    )


def test_post_with_no_configuration_is_a_loud_dry_run(isolated_user_dirs: Path) -> None:
    result = livetweet("post", "La séance est ouverte #CMVilleneuve")
    assert result.returncode == 0, result.stderr
    assert "DRY RUN" in result.stderr
    printed = [line.split("\t") for line in result.stdout.splitlines()]
    assert "x" in {network for network, _, _ in printed}
    for _network, post_id, url in printed:
        assert post_id.startswith("dry-") and url.endswith(post_id)
        assert url.startswith("https://dry-run.invalid/")
    journals = list((isolated_user_dirs / ".local/share/livetweet/journals").glob("post-*.jsonl"))
    journal = next(j for j in journals if not j.name.endswith(".dryrun.jsonl"))
    assert verify_journal(journal).ok
    assert str(journal) in result.stderr


def test_a_long_text_from_stdin_goes_out_as_a_chained_thread(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    text = " ".join(f"Délibération {i} adoptée à l'unanimité." for i in range(1, 30))
    result = livetweet("post", "--journal", str(journal), "-", stdin=text)
    assert result.returncode == 0, result.stderr
    printed = [line.split("\t") for line in result.stdout.splitlines() if line.startswith("x\t")]
    assert len(printed) >= 3
    posts = [
        r
        for r in read_dry_run_outbox(dry_run_outbox_path(journal))
        if r["op"] == "post" and r["network"] == "x"
    ]
    assert [p["id"] for p in posts] == [line[1] for line in printed]
    assert posts[0]["reply_to"] is None
    assert all(posts[i]["reply_to"] == posts[i - 1]["id"] for i in range(1, len(posts)))


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert livetweet("post", "--journal", str(tmp_path / "j.jsonl"), "  ").returncode == 2
    missing = livetweet("post", "--config", str(tmp_path / "nope.yaml"), "texte")
    assert missing.returncode == 2 and "nope.yaml" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert livetweet("resume", "--journal", str(tmp_path / "none.jsonl")).returncode == 2


def test_a_broken_journal_is_refused_with_its_line(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    assert livetweet("post", "--journal", str(journal), "un").returncode == 0
    content = journal.read_bytes().splitlines(keepends=True)
    del content[1]
    journal.write_bytes(b"".join(content))
    result = livetweet("post", "--journal", str(journal), "deux")
    assert result.returncode == 2 and "j.jsonl:2" in result.stderr


def test_audit_verify_exit_statuses(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    livetweet("post", "--journal", str(journal), "Point 3 adopté")
    ok = livetweet("audit", "verify", str(journal))
    assert ok.returncode == 0 and cast(str, verify_journal(journal).last_hash) in ok.stdout
    journal.write_bytes(journal.read_bytes().replace(b"adopt", b"rejet"))
    broken = livetweet("audit", "verify", str(journal))
    assert broken.returncode == 1 and f"{journal}:2:" in broken.stderr
    assert livetweet("audit", "verify", str(tmp_path / "absent.jsonl")).returncode == 2


def test_audit_show_lists_who_posted_what(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    livetweet("post", "--journal", str(journal), "--item", "d2026-003", "Budget adopté")
    result = livetweet("audit", "show", str(journal))
    assert result.returncode == 0
    for expected in ("session_opened", "posted", "Budget adopté", "d2026-003", "dry-run.invalid"):
        assert expected in result.stdout
    posted_only = livetweet("audit", "show", str(journal), "--type", "posted", "--last", "1")
    assert posted_only.returncode == 0
    assert "posted" in posted_only.stdout and "session_opened" not in posted_only.stdout
    assert posted_only.stdout.count("dry-run.invalid") == 1


def test_resume_sends_what_was_left_queued(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    publisher = DryRunPublisher("x", dry_run_outbox_path(journal))
    with Outbox.open(journal, [publisher], session_id="cm") as outbox:
        outbox.submit({"x": ["un", "deux"]}, "d1")  # the app stopped before sending
    result = livetweet("resume", "--journal", str(journal))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2  # the journal's own publisher: X only
    assert livetweet("resume", "--journal", str(journal)).stdout == ""


def test_resume_lists_uncertain_posts_until_the_operator_decides(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    network = ScriptedNetwork(can_lookup=False, dry_run=True)  # a rehearsal, as resume will be
    network.fail_next(FailureKind.TIMEOUT, created=True)
    with Outbox.open(journal, [network], session_id="cm", clock=FakeClock()) as outbox:
        outbox.submit({"x": ["Vote : 28 pour", "3 contre"]}, "d1")
        outbox.process()
    result = livetweet("resume", "--journal", str(journal))
    assert result.returncode == 1
    assert "p1" in result.stderr and "uncertain" in result.stderr
    assert "p2" in result.stderr and "still queued" in result.stderr
    decided = livetweet(
        "resume", "--journal", str(journal), "--published", f"p1={network.posts[0].post_id}"
    )
    assert decided.returncode == 0, decided.stderr
    posts = [r for r in read_dry_run_outbox(dry_run_outbox_path(journal)) if r["op"] == "post"]
    assert [p["text"] for p in posts] == ["3 contre"]
    assert posts[0]["reply_to"] == network.posts[0].post_id


def test_post_refuses_a_closed_item_of_the_agenda(tmp_path: Path) -> None:
    import importlib

    if not hasattr(importlib.import_module("livetweet.agenda"), "load_agenda"):
        pytest.skip("agenda loading not in this build yet")
    agenda = tmp_path / "odj.yaml"
    agenda.write_text(
        "version: 1\n"
        "session: {id: cm, title: CM, body: Ville de Villeneuve,"
        " start: '2026-12-15T18:00:00+01:00'}\n"
        "items:\n"
        "  - {id: d9, number: '9', title: Personnel, closed: true}\n",
        encoding="utf-8",
    )
    journal = tmp_path / "j.jsonl"
    args = ("post", "--journal", str(journal), "--agenda", str(agenda), "--item", "d9")
    refused = livetweet(*args, "Huis clos")
    assert refused.returncode == 1 and "d9" in refused.stderr
    assert livetweet(*args, "--override", "Huis clos").returncode == 0


def test_no_credential_reaches_the_journal_when_x_fails(tmp_path: Path) -> None:
    from fakex import FakeX

    with FakeX(hang_seconds=1.0) as fake:
        creds = fake.credentials
        secrets = {
            "LIVETWEET_X_CONSUMER_KEY": creds.consumer_key,
            "LIVETWEET_X_CONSUMER_SECRET": creds.consumer_secret,
            "LIVETWEET_X_ACCESS_TOKEN": creds.access_token,
            "LIVETWEET_X_ACCESS_TOKEN_SECRET": creds.access_token_secret,
        }
        config = tmp_path / "config.yaml"
        config.write_text(
            "networks:\n  x:\n    enabled: true\n    account: '@Ville'\n"
            f"    api_base_url: {fake.url}\n    timeout_seconds: 0.5\n"
            + "".join(f"    {k.removeprefix('LIVETWEET_X_').lower()}: ${{{k}}}\n" for k in secrets),
            encoding="utf-8",
        )
        journal = tmp_path / "j.jsonl"
        fake.fail_next("500")
        fake.fail_next("401")
        result = subprocess.run(
            [
                *(sys.executable, "-m", "livetweet", "post", "--config", str(config)),
                *("--journal", str(journal), "--max-wait", "30", "Vote du budget"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, **secrets},
            timeout=120,
            check=False,
        )
    assert result.returncode == 1, result.stderr
    assert "credentials" in result.stderr.lower()
    raw = journal.read_text(encoding="utf-8")
    assert '"type":"failed"' in raw
    for value in secrets.values():
        assert value not in raw and value not in result.stderr + result.stdout


def test_a_noted_hash_catches_entries_cut_off_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "j.jsonl"
    livetweet("post", "--journal", str(journal), "Point 1 adopté")
    noted = verify_journal(journal).last_hash
    assert noted is not None
    assert livetweet("audit", "verify", str(journal), "--expect", noted[:12]).returncode == 0
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(lines[:-2]))  # a valid, shorter chain
    here = livetweet("audit", "verify", str(journal))  # this computer's mark knows better
    assert here.returncode == 1 and "2 entries are missing" in here.stderr
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-computer"))  # no mark there
    assert livetweet("audit", "verify", str(journal)).returncode == 0  # alone, undetectable
    cut = livetweet("audit", "verify", str(journal), "--expect", noted[:12])
    assert cut.returncode == 1 and "cut off" in cut.stderr


def test_a_full_disk_stops_the_sending_and_resume_recovers(tmp_path: Path) -> None:
    import resource
    import signal

    def small_files() -> None:  # the thread gets queued, the journal fills up while sending
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))

    journal = tmp_path / "j.jsonl"
    text = "\n---\n".join(f"Partie {i} du compte rendu" for i in range(1, 9))
    config = tmp_path / "config.yaml"
    config.write_text("networks:\n  x:\n    enabled: false\n", encoding="utf-8")
    full = subprocess.run(
        [sys.executable, "-m", "livetweet", "post", "--journal", str(journal), "-"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        preexec_fn=small_files,
    )
    assert full.returncode == 2 and "cannot write the journal" in full.stderr
    assert "Traceback" not in full.stderr
    sent_keys = {
        r["key"] for r in read_dry_run_outbox(dry_run_outbox_path(journal)) if r["op"] == "post"
    }
    raw = journal.read_bytes()
    for key in sent_keys:  # nothing left without its "sending" entry on disk first
        ref = key.rsplit("/", 1)[1]
        assert f'"ref":"{ref}"'.encode() in raw and b'"type":"sending"' in raw
    resumed = livetweet("resume", "--journal", str(journal))
    assert resumed.returncode == 0, resumed.stderr
    posts = [r for r in read_dry_run_outbox(dry_run_outbox_path(journal)) if r["op"] == "post"]
    keys = [p["key"] for p in posts]
    assert len(keys) == len(set(keys)) == 3 * 8  # three dry-run networks, each part once
    assert livetweet("audit", "verify", str(journal)).returncode == 0


def test_the_commands_speak_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """French by the locale (or none: French first), English when the configuration
    says so; the help too."""
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    journal = tmp_path / "j.jsonl"
    posted = livetweet("post", "--journal", str(journal), "La séance est ouverte.")
    assert "DRY RUN — rien n'est publié" in posted.stderr
    assert "intact" in livetweet("audit", "verify", str(journal)).stdout
    assert "entrées, séance" in livetweet("audit", "verify", str(journal)).stdout
    assert "publier un texte" in livetweet("--help").stdout + livetweet("post", "--help").stdout
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # a locale that says nothing: French
    assert "rien n'est publié" in livetweet("post", "--journal", str(journal), "Suite.").stderr
    config = tmp_path / "config.yaml"
    config.write_text("language: en\n", encoding="utf-8")
    english = livetweet("post", "--config", str(config), "--journal", str(journal), "Then.")
    assert "DRY RUN — nothing is published" in english.stderr
