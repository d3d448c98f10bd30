"""SIGKILL a `livetweet post` of an 8-part thread at random moments, many times.

After `livetweet resume` (itself sometimes killed too), the "server" (the
dry-run outbox file here; the fake X API in test_crash_x.py) must hold every
part exactly once, in order, each replying to the previous one, and the
journal must verify. The subprocess is slowed with LIVETWEET_DRY_RUN_DELAY so
kills land in the middle of the thread; nothing is mocked.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from livetweet.publishing import verify_journal
from livetweet.publishing.dryrun import dry_run_outbox_path, read_dry_run_outbox

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = [f"Partie {i} du compte rendu #CMVilleneuve" for i in range(1, 9)]
THREAD_TEXT = "\n---\n".join(SECTIONS)
PARTS = [
    f"{text} {i}/8" for i, text in enumerate(SECTIONS, start=1)
]  # as split_thread numbers them
ITERATIONS = 25


def start(
    args: list[str], env: dict[str, str], stdin: Path | None = None
) -> subprocess.Popen[bytes]:
    with (stdin or Path(os.devnull)).open("rb") as source:
        return subprocess.Popen(
            [sys.executable, "-m", "livetweet", *args],
            stdin=source,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )


def kill_at_random(proc: subprocess.Popen[bytes], journal: Path, rng: random.Random) -> None:
    """Wait until the process is sending, then SIGKILL it a random moment later."""
    deadline = time.monotonic() + 20
    while proc.poll() is None and time.monotonic() < deadline:
        if journal.exists() and b'"type":"sending"' in journal.read_bytes():
            break
        time.sleep(0.005)
    time.sleep(rng.uniform(0, 0.25))
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=20)


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def check_server(journal: Path, posts: list[dict[str, Any]], seed: int) -> None:
    """Per network: every queued part exactly once, in order, each replying to the previous."""
    queued = [e for e in verify_journal(journal).entries if e.type == "queued"]
    networks = {str(e.get("network")) for e in queued}
    assert "x" in networks
    for network in networks:
        expected = [e.get("text") for e in queued if e.get("network") == network]
        got = [p for p in posts if p["network"] == network]
        assert [p["text"] for p in got] == expected, f"seed {seed} {network}: lost or doubled"
        assert len({p["key"] for p in got}) == len(expected)
        assert got[0]["reply_to"] is None
        for previous, post in itertools.pairwise(got):
            assert post["reply_to"] == previous["id"], f"seed {seed} {network}: chain broken"
    x_texts = [p["text"] for p in posts if p["network"] == "x"]
    assert x_texts == PARTS


def crash_and_resume(tmp_path: Path, seed: int, env: dict[str, str], text_file: Path) -> bool:
    """One iteration; True when the kill landed before the whole thread was out."""
    rng = random.Random(seed)
    journal = tmp_path / f"crash-{seed}.jsonl"
    proc = start(["post", "--journal", str(journal), "-"], env, stdin=text_file)
    kill_at_random(proc, journal, rng)
    server = dry_run_outbox_path(journal)
    mid_thread = len([r for r in read_dry_run_outbox(server) if r["op"] == "post"]) < 3 * len(PARTS)
    if seed % 4 == 0:  # kill the resume too, now and then
        kill_at_random(start(["resume", "--journal", str(journal)], env), journal, rng)
    result = run(["resume", "--journal", str(journal)], env)
    assert result.returncode == 0, f"seed {seed}: {result.stderr}"
    check_server(journal, [r for r in read_dry_run_outbox(server) if r["op"] == "post"], seed)
    check = verify_journal(journal)
    assert check.ok, f"seed {seed}: {check.error_line}: {check.error}"
    if seed % 5 == 0:
        audit = run(["audit", "verify", str(journal)], env)
        assert audit.returncode == 0, audit.stderr
    return mid_thread


@pytest.mark.slow
def test_sigkill_at_random_never_loses_nor_doubles_a_post(tmp_path: Path) -> None:
    env = {**os.environ, "LIVETWEET_DRY_RUN_DELAY": "0.005"}
    text_file = tmp_path / "thread.txt"
    text_file.write_text(THREAD_TEXT, encoding="utf-8")
    with ThreadPoolExecutor(max_workers=2) as pool:  # two cores: two crash loops at once
        mid_thread = list(
            pool.map(
                lambda seed: crash_and_resume(tmp_path, seed, env, text_file), range(ITERATIONS)
            )
        )
    # the test is only worth something if most kills landed in the middle of a thread
    assert sum(mid_thread) >= ITERATIONS // 2
