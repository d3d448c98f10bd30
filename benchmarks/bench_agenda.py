"""Time loading and checking a generated 300-item agenda (goal: well under a second).

Usage: ``.venv/bin/python benchmarks/bench_agenda.py [ITEMS] [RUNS]``. Prints
the median of RUNS runs for each step: reading the YAML with positions,
validating the model, and the whole ``agenda check`` (every draft and
template rendered and counted for X, Mastodon and Bluesky). Exits 1 if the
generated agenda is not valid or the check takes a second or more.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_agenda import make_agenda

from livetweet.agenda import Agenda, check_agenda_file, load_agenda
from livetweet.agenda.yaml_tree import read_tree


def median_ms(step: Callable[[], object], runs: int) -> float:
    step()  # warm-up: imports, caches
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def main(argv: list[str]) -> int:
    items = int(argv[0]) if argv else 300
    runs = int(argv[1]) if len(argv) > 1 else 9
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        path.write_text(make_agenda(items), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        report = check_agenda_file(path)
        if not report.ok:
            for problem in report.problems:
                print(problem)
            return 1
        data = read_tree(text).data
        size = path.stat().st_size
        read_ms = median_ms(lambda: read_tree(text), runs)
        validate_ms = median_ms(lambda: Agenda.model_validate(data), runs)
        check_ms = median_ms(lambda: check_agenda_file(path), runs)
        load_ms = median_ms(lambda: load_agenda(path), runs)
    print(f"agenda: {items} items, {size / 1024:.0f} KiB, {report.summary.drafts} drafts")
    print(f"  read YAML with positions : {read_ms:8.1f} ms (median of {runs})")
    print(f"  validate the model       : {validate_ms:8.1f} ms")
    print(f"  agenda check (all rules) : {check_ms:8.1f} ms  <- goal: well under 1000 ms")
    print(f"  load_agenda (= check)    : {load_ms:8.1f} ms")
    return 0 if check_ms < 1000 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
