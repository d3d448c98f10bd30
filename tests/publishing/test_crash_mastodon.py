"""The crash test against the fake Mastodon, through the real Mastodon.py client.

`livetweet post` (Mastodon enabled, api_base_url pointing at the fake server on
127.0.0.1) is SIGKILLed at random moments in an 8-part thread; then `livetweet
resume` runs (itself sometimes killed too). A status whose outcome the app could
not learn is looked up among the account's statuses, and a resend carries the
same Idempotency-Key. In the end the account holds every part exactly once, in
order, each replying to the previous one (never to a status that does not
exist), the journal verifies, and the token appears nowhere.
"""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fakemastodon import FakeMastodon

from livetweet.publishing import verify_journal
from livetweet.publishing.state import SessionState

from .test_crash import PARTS, THREAD_TEXT, kill_at_random, start

ROOT = Path(__file__).resolve().parents[2]
ITERATIONS = 12


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def play_operator(journal: Path, config: Path, fake: FakeMastodon) -> None:
    """Mark each uncertain post as the account shows it (what the CLI asks a human to do)."""
    state = SessionState()
    for entry in verify_journal(journal).entries:
        state.apply(entry)
    on_account = {s.text: s.id for s in fake.statuses}
    for record in state.posts.values():
        if record.state != "uncertain":
            continue
        status_id = on_account.get(record.text)
        mark = (
            ["--published", f"{record.ref}={status_id}"]
            if status_id
            else ["--not-published", record.ref]
        )
        result = run(["resume", "--config", str(config), "--journal", str(journal), *mark])
        assert result.returncode in (0, 1), result.stderr


def crash_once(tmp_path: Path, seed: int) -> bool:
    rng = random.Random(2000 + seed)
    with FakeMastodon(latency=0.02, hang_seconds=3.0) as fake:
        config = tmp_path / f"config-{seed}.yaml"
        config.write_text(fake.config_yaml(timeout_seconds=2.0), encoding="utf-8")
        config.chmod(0o600)
        journal = tmp_path / f"mastodon-{seed}.jsonl"
        env = dict(os.environ)
        post = ["post", "--config", str(config), "--journal", str(journal), "-"]
        kill_at_random(start(post, env, stdin=tmp_path / "thread.txt"), journal, rng)
        mid_thread = len(fake.statuses) < len(PARTS)
        resume = ["resume", "--config", str(config), "--journal", str(journal)]
        if seed % 3 == 0:
            kill_at_random(start(resume, env), journal, rng)
        result = run(resume)
        if result.returncode == 1:  # uncertain posts: the operator checks the account
            assert "uncertain" in result.stderr, result.stderr
            play_operator(journal, config, fake)
            result = run(resume)
        assert result.returncode == 0, f"seed {seed}: {result.stderr}"
        assert fake.token not in result.stdout + result.stderr

        statuses = fake.statuses
        assert [s.text for s in statuses] == PARTS, f"seed {seed}: lost, doubled or reordered"
        assert statuses[0].in_reply_to is None
        for previous, status in itertools.pairwise(statuses):
            assert status.in_reply_to == previous.id, f"seed {seed}: reply chain broken"
        assert fake.deleted == []
    check = verify_journal(journal)
    assert check.ok, f"seed {seed}: {check.error_line}: {check.error}"
    assert fake.token not in journal.read_text(encoding="utf-8")
    return mid_thread


@pytest.mark.slow
def test_sigkill_against_the_fake_mastodon_never_posts_twice(tmp_path: Path) -> None:
    (tmp_path / "thread.txt").write_text(THREAD_TEXT, encoding="utf-8")
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda seed: crash_once(tmp_path, seed), range(ITERATIONS)))
    assert sum(outcomes) >= ITERATIONS // 2  # most kills landed mid-thread
