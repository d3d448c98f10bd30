"""Time the TUI: start-up on a 300-item agenda, and a keystroke in a long draft.

Usage: ``.venv/bin/python benchmarks/bench_tui.py [RUNS]``.

(a) Launch to first interactive screen, each run a fresh process, alternating:
    a minimal Textual app (one Static) versus livetweet as ``livetweet run`` starts
    it, through the same functions (import the CLI, check the generated 300-item
    agenda, load the default configuration: a dry run, open the outbox, mount the
    main screen). Both stop as soon as their first screen is mounted. livetweet is
    measured twice: with a cold check cache (a fresh cache directory each run: the
    full check renders every post, as at the first launch on a new or edited
    agenda) and a warm one (this agenda's bytes already passed: a restart, or any
    launch after the first). Goal: livetweet, warm, within 1.5x of the minimal app.
    Both run with compiled bytecode, as installed by pip (PYTHONDONTWRITEBYTECODE
    is dropped for them: otherwise every livetweet module is compiled at each launch).
(b) A keystroke in a 2,000-character draft with X, Mastodon and Bluesky enabled:
    what the main screen does on ``TextArea.Changed`` (render per network, count,
    split, update the counters, the preview and the overflow highlight), and the
    whole key press through Pilot until the app is idle. Goal: the first within
    one frame (16 ms), median.
Exits 1 if a goal is missed.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_agenda import make_agenda  # noqa: E402 - beside this script

MINIMAL = """
import sys, time
from textual.app import App
from textual.widgets import Static

class Minimal(App[None]):
    def compose(self):
        yield Static("ready")

async def ready(pilot):
    while not pilot.app.screen.query(Static):
        await pilot.pause()
    await pilot.pause()  # the first frame is drawn
    print(time.perf_counter() - float(sys.argv[1]), flush=True)
    await pilot.exit(None)

Minimal().run(headless=True, auto_pilot=ready)
"""

LIVETWEET = """
import sys, time
from pathlib import Path
from livetweet.cli.run import load_checked_agenda, load_run_config, open_outbox

agenda = load_checked_agenda(Path(sys.argv[2]))
config = load_run_config(None)
with open_outbox(config, agenda, Path(sys.argv[3])) as outbox:
    from textual.widgets import DataTable
    from livetweet.tui import build_app

    async def ready(pilot):
        screen = pilot.app.main_screen
        tables = screen.query(DataTable)
        while not (screen.is_mounted and tables and tables.first().row_count):
            await pilot.pause()
            tables = screen.query(DataTable)
        await pilot.pause()  # the first frame is drawn
        print(time.perf_counter() - float(sys.argv[1]), flush=True)
        await pilot.exit(None)

    app = build_app(agenda, config=config, outbox=outbox, journal_path=Path(sys.argv[3]))
    app.run(headless=True, auto_pilot=ready)
"""

DRAFT_UNIT = (
    "Le conseil examine le budget 2027 présenté par {@elu-1} : écoles, voirie 🚲 et "
    "rénovation énergétique, détails sur https://villeneuve.example.fr/budget #CMVilleneuve. "
)


def launch(script: str, *args: str, env: dict[str, str] | None = None) -> float:
    """Seconds from just before the process starts to its first mounted screen."""
    env = dict(env or os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", script, repr(start), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    return float(out.strip().splitlines()[-1])


def user_dirs(home: Path) -> dict[str, str]:
    """An environment whose configuration (none: a dry run) and cache are under ``home``."""
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
    }


def bench_start(agenda_path: Path, tmp: Path, runs: int) -> tuple[float, float, float]:
    minimal, cold, warm = [], [], []
    warm_env = user_dirs(tmp / "warm-home")
    launch(MINIMAL)  # warm the OS file cache
    launch(LIVETWEET, str(agenda_path), str(tmp / "warm.jsonl"), env=warm_env)  # + the check
    for run in range(runs):
        minimal.append(launch(MINIMAL))
        cold_env = user_dirs(tmp / f"cold-home-{run}")
        cold.append(launch(LIVETWEET, str(agenda_path), str(tmp / f"c{run}.jsonl"), env=cold_env))
        warm.append(launch(LIVETWEET, str(agenda_path), str(tmp / f"w{run}.jsonl"), env=warm_env))
    return statistics.median(minimal), statistics.median(cold), statistics.median(warm)


async def bench_keystroke(agenda_path: Path, runs: int) -> tuple[float, float, int]:
    from livetweet.agenda import load_agenda
    from livetweet.tui.app import LiveTweetApp
    from livetweet.tui.settings import UiSettings

    agenda = load_agenda(agenda_path)
    draft = (DRAFT_UNIT * 20)[:2000].rsplit(" ", 1)[0]
    app = LiveTweetApp(agenda, settings=UiSettings(networks=("x", "mastodon", "bluesky")))
    analyse, press = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        screen.editor.text = draft
        await pilot.pause()
        screen.editor.move_cursor(screen.editor.document.end)
        for n in range(runs):
            screen.editor.insert("x" if n % 2 else " ")
            start = time.perf_counter()
            screen.refresh_analysis()
            analyse.append(time.perf_counter() - start)
            start = time.perf_counter()
            await pilot.press("a")
            press.append(time.perf_counter() - start)
        parts = sum(len(n.parts) for n in screen.analysis.networks)
    return statistics.median(analyse), statistics.median(press), parts


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 7
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        agenda_path = tmp / "big.yaml"
        agenda_path.write_text(make_agenda(300), encoding="utf-8")
        minimal, cold, warm = bench_start(agenda_path, tmp, runs)
        analyse, press, parts = asyncio.run(bench_keystroke(agenda_path, runs * 20))
    ratio = warm / minimal
    print(f"start-up, median of {runs} fresh processes each, alternating:")
    print(f"  minimal Textual app                   : {minimal * 1000:8.1f} ms")
    print(
        f"  livetweet, 300 items, cold check cache: {cold * 1000:8.1f} ms"
        f"  ({cold / minimal:.2f}x: first launch on these bytes, full check)"
    )
    print(f"  livetweet, 300 items, warm check cache: {warm * 1000:8.1f} ms")
    print(f"  ratio, warm                           : {ratio:8.2f}x  <- goal: within 1.5x")
    print(f"keystroke in a 2,000-character draft, 3 networks ({parts} thread parts):")
    print(f"  draft analysis + widgets  : {analyse * 1000:8.2f} ms  <- goal: under 16 ms")
    print(f"  key press via Pilot (idle): {press * 1000:8.2f} ms")
    return 0 if ratio <= 1.5 and analyse < 0.016 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
