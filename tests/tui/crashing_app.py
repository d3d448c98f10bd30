"""Run the app over a dry-run journal, type a draft (and post it, with ``--post``),
print ``ready`` once it is on disk or counting down, then wait to be SIGKILLed.

Used by test_nothing_lost.py: ``python crashing_app.py JOURNAL TEXT [--post]``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from livetweet.agenda import load_agenda
from livetweet.publishing import Outbox
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.settings import UiSettings


async def main(journal: Path, text: str, post: bool) -> None:
    agenda = load_agenda(Path(__file__).with_name("agenda.yaml"))
    networks = ("x", "mastodon", "bluesky")
    publishers = [DryRunPublisher(n, dry_run_outbox_path(journal)) for n in networks]
    outbox = Outbox.open(journal, publishers, session_id=agenda.session.id, agenda=agenda)
    app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *text)
        if post:
            await pilot.press("ctrl+s")
        for _ in range(400):
            saved = app.keeper.store.path.exists() if hasattr(app, "keeper") else False
            if (post and app.posting.pending is not None) or (not post and saved):
                break
            await pilot.pause(0.05)
        print("ready", flush=True)
        await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], "--post" in sys.argv[3:]))
