"""SIGKILL a process posting an 8-part thread to three accounts (two of them on the
same network) at random moments, then resume (itself sometimes killed too): each
account holds every part exactly once, in order, each replying to the previous one
of the SAME account, and the journal verifies. Dry-run publishers stand for the
servers (their outbox file); nothing is mocked.
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

from livetweet.publishing import verify_journal
from livetweet.publishing.dryrun import dry_run_outbox_path, read_dry_run_outbox

from .accounts_driver import ACCOUNTS, PARTS
from .test_crash import kill_at_random

DRIVER = Path(__file__).with_name("accounts_driver.py")
ROOT = Path(__file__).resolve().parents[2]
ITERATIONS = 12


def start(journal: Path, action: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(DRIVER), str(journal), action],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, "LIVETWEET_DRY_RUN_DELAY": "0.005", "PYTHONPATH": str(ROOT)},
    )


def crash_and_resume(tmp_path: Path, seed: int) -> bool:
    """One iteration; True when the kill landed before every thread was out."""
    rng = random.Random(3000 + seed)
    journal = tmp_path / f"accounts-{seed}.jsonl"
    kill_at_random(start(journal, "post"), journal, rng)
    server = dry_run_outbox_path(journal)
    mid_thread = len(read_dry_run_outbox(server)) < len(ACCOUNTS) * len(PARTS)
    if seed % 3 == 0:
        kill_at_random(start(journal, "resume"), journal, rng)
    resume = start(journal, "resume")
    assert resume.wait(timeout=60) == 0, f"seed {seed}: resume left posts behind"
    posts = [r for r in read_dry_run_outbox(server) if r["op"] == "post"]
    for account_id in ACCOUNTS:
        got = [p for p in posts if p["account_id"] == account_id]
        assert [p["text"] for p in got] == PARTS, f"seed {seed} {account_id}: lost or doubled"
        assert got[0]["reply_to"] is None
        for previous, post in itertools.pairwise(got):
            assert post["reply_to"] == previous["id"], f"seed {seed} {account_id}: chain broken"
    assert verify_journal(journal).ok
    return mid_thread


@pytest.mark.slow
def test_sigkill_across_three_accounts_never_loses_nor_doubles_a_post(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        mid_thread = list(
            pool.map(lambda seed: crash_and_resume(tmp_path, seed), range(ITERATIONS))
        )
    assert sum(mid_thread) >= ITERATIONS // 2  # most kills landed mid-thread
