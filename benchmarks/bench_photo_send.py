"""Time from the end of the send countdown to the post journalled, for a post that
carries a 12-megapixel noise photo, through the TUI (Pilot) and the real outbox with
dry-run publishers for X, Mastodon and Bluesky.

    .venv/bin/python benchmarks/bench_photo_send.py [ROUNDS]

"before": the photo is prepared (decoded, stripped, fitted to each network) by the
sender, after the countdown, as before the TUI handed its preparations to the outbox
(the TUI's preparing is switched off for these rounds). "after": the TUI prepares it
in a worker when it is attached, and the sender only uploads. Rounds alternate; the
medians are printed side by side, with the preparation time the "after" rounds hide
while the operator writes (attach to prepared). The clock stops when the last of the
three networks' ``posted`` entries is in the journal.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from livetweet.agenda import load_agenda
from livetweet.publishing import Outbox
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path
from livetweet.text.networks import Network
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.models.attachments import describe
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.posting import PostingController

AGENDA = Path(__file__).resolve().parent.parent / "agendas" / "cm-villeneuve-2026-12-15.yaml"
ALT = "La salle du conseil, vue depuis le public"
NETWORKS: tuple[Network, ...] = ("x", "mastodon", "bluesky")


def noise_photo(path: Path) -> Path:
    rng = random.Random(12)
    Image.frombytes("RGB", (4000, 3000), rng.randbytes(4000 * 3000 * 3)).save(path, quality=92)
    return path


async def until(condition: Callable[[], bool], bound: float = 120.0) -> None:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > bound:
            raise TimeoutError("the condition never held")
        await asyncio.sleep(0.005)


async def one_round(photo: Path, tmp: Path, *, prepared_ahead: bool) -> tuple[float, float]:
    """(countdown end to journalled, attach to prepared) in seconds."""
    journal = tmp / f"{time.monotonic_ns()}.jsonl"
    agenda = load_agenda(AGENDA)
    publishers = [DryRunPublisher(n, dry_run_outbox_path(journal)) for n in NETWORKS]
    with Outbox.open(journal, publishers, session_id=agenda.session.id, agenda=agenda) as outbox:
        app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=0.5))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("ctrl+n", *"La salle est pleine")
            attached = time.perf_counter()
            app.main_screen.attach(describe(photo), ALT)
            await until(
                lambda: outbox.preparations.preparations == len(NETWORKS) or not prepared_ahead
            )
            preparing = time.perf_counter() - attached
            ended: list[float] = []
            send_now = app.posting.send_now

            def countdown_over() -> None:
                ended.append(time.perf_counter())
                send_now()

            app.posting.send_now = countdown_over  # type: ignore[method-assign]
            await pilot.press("ctrl+s")

            def journalled() -> bool:
                return sum(r.state == "posted" for r in outbox.timeline()) == len(NETWORKS)

            await until(journalled)
            return time.perf_counter() - ended[0], preparing


def _nothing(*_args: object) -> None:
    """The TUI's preparing, switched off (the "before" rounds)."""


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    prepare_photos = PostingController.prepare_photos
    prefetch = Outbox.prefetch
    before: list[float] = []
    after: list[float] = []
    hidden: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        photo = noise_photo(Path(tmp) / "noise-12mp.jpg")
        print(f"12 MP noise photo: {photo.stat().st_size:,} bytes, {rounds} rounds each")
        for _ in range(rounds):
            # before: nothing prepared by the TUI, neither when attached nor in the countdown
            PostingController.prepare_photos = _nothing  # type: ignore[method-assign,assignment]
            Outbox.prefetch = _nothing  # type: ignore[method-assign,assignment]
            seconds, _ = asyncio.run(one_round(photo, Path(tmp), prepared_ahead=False))
            before.append(seconds)
            PostingController.prepare_photos = prepare_photos  # type: ignore[method-assign]
            Outbox.prefetch = prefetch  # type: ignore[method-assign]
            seconds, preparing = asyncio.run(one_round(photo, Path(tmp), prepared_ahead=True))
            after.append(seconds)
            hidden.append(preparing)
    print("countdown end -> posted on 3 networks, journalled (median):")
    print(f"  before (prepared at send time): {statistics.median(before):6.2f} s")
    print(f"  after  (prepared when attached): {statistics.median(after):6.2f} s")
    print(f"  preparation done while the draft is written: {statistics.median(hidden):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
