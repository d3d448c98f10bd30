"""How long `livetweet report` takes on a 1,000-post session (goal: under a second).

Usage: .venv/bin/python benchmarks/bench_report.py [POSTS] [RUNS]

Generates, in a temporary directory, a journal of POSTS posts (queued, sending,
posted; every tenth item voted, a few corrected and deleted) about a 50-item
agenda, then times reading + verifying the journal and building the report, and
each format, median of RUNS. Exits 1 if the slowest format (with the build) takes
a second or more.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from livetweet.agenda.model import Agenda, Item, Session  # noqa: E402
from livetweet.publishing.journal import Journal  # noqa: E402
from livetweet.reporting import build_report  # noqa: E402
from livetweet.reporting.activitystreams import render_activitystreams  # noqa: E402
from livetweet.reporting.html import render_html  # noqa: E402
from livetweet.reporting.jsonout import render_json  # noqa: E402
from livetweet.reporting.markdown import render_markdown  # noqa: E402
from livetweet.reporting.scdl import render_scdl  # noqa: E402

ITEMS = 50


def make_agenda() -> Agenda:
    return Agenda(
        version=1,
        session=Session(
            id="cm-bench",
            title="Conseil municipal du 15 décembre 2026",
            body="Ville de Villeneuve",
            start=datetime(2026, 12, 15, 17, 30, tzinfo=UTC),
            members_in_office=33,
            siret="21860194600013",
        ),
        items=[
            Item(id=f"d{i}", number=str(i), title=f"Délibération n° {i}", matiere="7.1")
            for i in range(1, ITEMS + 1)
        ],
    )


def make_journal(path: Path, posts: int) -> None:
    journal, _ = Journal.open(path, session_id="cm-bench", durable=False)
    journal.append("session_opened", operator="com", accounts={"x": "@Ville"}, dry_run=False)
    per_item = max(1, posts // ITEMS)
    for n in range(1, posts + 1):
        item = f"d{min(ITEMS, (n - 1) // per_item + 1)}"
        if (n - 1) % per_item == 0:
            journal.append("item_started", operator="com", item=item)
        ref = f"p{n}"
        journal.append(
            "queued",
            operator="com",
            ref=ref,
            network="x" if n % 3 else "mastodon",
            account="@Ville",
            dry_run=False,
            text=f"Point {item} : délibération adoptée #CMVilleneuve https://ville.example/{n}",
            item=item,
            stage="adopted",
            thread=f"x:item:{item}",
            position=1,
            count=1,
            reply_to_ref=f"p{n - 1}" if (n - 1) % per_item else None,
            reply_to_id=None,
            corrects=None,
        )
        journal.append("sending", operator="com", ref=ref, attempt=1, reply_to=None)
        journal.append(
            "posted", operator="com", ref=ref, post_id=str(n), url=f"https://x.com/Ville/status/{n}"
        )
        if n % per_item == 0:
            journal.append(
                "vote_recorded",
                operator="com",
                item=item,
                outcome="adopted",
                **cast("dict[str, Any]", {"for": 25, "against": 5, "abstain": 3}),
            )
        if n % 97 == 0:
            journal.append("deleting", operator="com", ref=ref, post_id=str(n))
            journal.append("deleted", operator="com", ref=ref, post_id=str(n))
    journal.close()


def main() -> int:
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    agenda = make_agenda()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        make_journal(path, posts)
        size = path.stat().st_size
        builds = []
        for _ in range(runs):
            start = time.perf_counter()
            report = build_report(path, agenda)
            builds.append(time.perf_counter() - start)
        build = statistics.median(builds)
        print(f"{posts} posts, {report.entries} entries ({size / 1e6:.1f} MB)")
        print(f"  verify + build: {build * 1000:7.1f} ms")
        worst = 0.0
        for name, render in (
            ("html", render_html),
            ("md", render_markdown),
            ("json", render_json),
            ("activitystreams", render_activitystreams),
            ("scdl", render_scdl),
        ):
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                render(report)
                times.append(time.perf_counter() - start)
            took = statistics.median(times)
            worst = max(worst, build + took)
            print(
                f"  {name:16} {took * 1000:7.1f} ms"
                f"  (with the build: {(build + took) * 1000:.1f} ms)"
            )
    print(f"slowest format, build included: {worst * 1000:.1f} ms (goal < 1000 ms)")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
