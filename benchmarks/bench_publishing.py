"""Publishing speed: journal start-up at 100,000 entries, and the pipeline's overhead.

Run: ``.venv/bin/python benchmarks/bench_publishing.py``

(a) Reading and verifying a 100,000-entry journal (hash chain included), and
    opening it as an outbox (verify + replay into the session state), as the
    TUI does at start-up. Goal: well under a couple of seconds.
(b) A 10-post thread against the local fake X API (tests/fakex), posted with
    bare tweepy calls and through the whole pipeline (outbox, journal with
    fsync, XPublisher over tweepy), side by side, rounds alternating.
    Goal: overhead within 10%. ``--latency`` adds a server delay per request
    (real X answers in hundreds of milliseconds; 0 is the hardest case).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the fake X API, as the tests import it

from livetweet.publishing import Outbox, verify_journal  # noqa: E402
from livetweet.publishing.journal import Journal  # noqa: E402

ENTRIES = 100_000
THREAD = [
    f"Point {i} : délibération adoptée à l'unanimité #CMVilleneuve {i}/10" for i in range(1, 11)
]


def make_journal(path: Path, entries: int) -> None:
    """A realistic session: each post is queued, sent and posted (3 entries)."""
    journal, _ = Journal.open(path, session_id="cm-bench", durable=False)
    journal.append("session_opened", operator="agent-com", accounts={"x": "@Ville"})
    n = 1
    while journal._seq < entries:
        ref = f"p{n}"
        journal.append(
            "queued",
            operator="agent-com",
            ref=ref,
            network="x",
            account="@Ville",
            dry_run=False,
            text=THREAD[n % 10],
            item=f"d2026-{n // 20:03d}",
            stage="adopted",
            thread=f"x:item:d2026-{n // 20:03d}",
            position=1,
            count=1,
            reply_to_ref=f"p{n - 1}" if n % 20 else None,
            reply_to_id=None,
            corrects=None,
        )
        journal.append("sending", operator="agent-com", ref=ref, attempt=1, reply_to=None)
        journal.append(
            "posted",
            operator="agent-com",
            ref=ref,
            post_id=str(1_800_000_000_000_000_000 + n),
            url=f"https://x.com/Ville/status/{1_800_000_000_000_000_000 + n}",
            reply_to=None,
        )
        n += 1
    journal.close()


def bench_journal(workdir: Path) -> None:
    path = workdir / "big.jsonl"
    make_journal(path, ENTRIES)
    size = path.stat().st_size / 1e6
    start = time.perf_counter()
    result = verify_journal(path)
    verify_s = time.perf_counter() - start
    assert result.ok, result.error
    start = time.perf_counter()
    outbox = Outbox.open(path, [], session_id="cm-bench")
    open_s = time.perf_counter() - start
    posts = len(outbox.timeline())
    outbox.close()
    print(f"(a) journal of {len(result.entries):,} entries ({size:.1f} MB, {posts:,} posts)")
    print(f"    read + verify:                  {verify_s:.2f} s")
    print(f"    open as outbox (verify+replay): {open_s:.2f} s")


@contextlib.contextmanager
def fake_server(latency: float, separate: bool) -> Iterator[Any]:
    """The fake X API in this process (a thread), or as its own process so that its
    work does not share this interpreter's GIL with the code measured."""
    from fakex import FakeX

    if not separate:
        with FakeX(latency=latency) as fake:
            yield fake
        return
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakex", "--port", "0", "--latency", str(latency)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        yield types.SimpleNamespace(url=proc.stdout.readline().strip())
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def bench_pipeline(workdir: Path, rounds: int, latency: float, separate: bool) -> None:
    import tweepy
    from fakex import FakeCredentials

    from livetweet.publishing.networks.x import XPublisher
    from livetweet.publishing.networks.x_http import route_session

    with fake_server(latency, separate) as fake:
        creds = FakeCredentials()
        keys: dict[str, Any] = {
            "consumer_key": creds.consumer_key,
            "consumer_secret": creds.consumer_secret,
            "access_token": creds.access_token,
            "access_token_secret": creds.access_token_secret,
        }

        def texts(run: str) -> list[str]:  # X refuses duplicate content: one text per run
            return [f"{text} ({run})" for text in THREAD]

        def bare(n: int) -> float:
            client = tweepy.Client(**keys, return_type=dict)
            route_session(client.session, fake.url, 15.0)
            start = time.perf_counter()
            reply_to = None
            for text in texts(f"bare {n}"):
                answer = client.create_tweet(
                    text=text, in_reply_to_tweet_id=reply_to, user_auth=True
                )
                reply_to = answer["data"]["id"]
            return time.perf_counter() - start

        def pipeline(n: int, durable: bool = True) -> float:
            publisher = XPublisher(**keys, account="@Ville", api_base_url=fake.url)
            outbox = Outbox.open(workdir / f"run-{n}.jsonl", [publisher], session_id=f"b{n}")
            outbox.journal.durable = durable
            start = time.perf_counter()
            outbox.submit({"x": texts(f"pipeline {n} {durable}")}, "d1", "adopted")
            report = outbox.process()
            elapsed = time.perf_counter() - start
            outbox.close()
            assert len(report.posted) == len(THREAD), report
            return elapsed

        bare(-1), pipeline(-1)  # warm-up: imports, connections
        bare_times, pipe_times, nosync_times = [], [], []
        for n in range(rounds):
            bare_times.append(bare(n))
            pipe_times.append(pipeline(n))
            nosync_times.append(pipeline(n, durable=False))
    b, p = statistics.median(bare_times), statistics.median(pipe_times)
    q = statistics.median(nosync_times)
    print(f"(b) 10-post thread, fake X API (latency {latency * 1000:.0f} ms), median of {rounds}")
    print(f"    bare tweepy calls:                 {b * 1000:7.1f} ms")
    print(f"    outbox + journal (fsync) + X:      {p * 1000:7.1f} ms")
    print(
        f"    overhead:                          {(p / b - 1) * 100:+6.1f} %  (goal: within 10 %)"
    )
    print(
        f"    the same without fsync:            {q * 1000:7.1f} ms ({(q / b - 1) * 100:+.1f} %):"
        " the rest is 12 syncs for 10 posts (one before each call, one per submit, one idle)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--skip-journal", action="store_true")
    parser.add_argument(
        "--server-process", action="store_true", help="run the fake X API as its own process"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_journal:
            bench_journal(Path(tmp))
        bench_pipeline(Path(tmp), args.rounds, args.latency, args.server_process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
