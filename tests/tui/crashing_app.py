"""Run the app over a dry-run journal, type a draft (and post it, with ``--post``;
or post it, then start typing a correction of it, with ``--correct``), print
``ready`` once it is on disk or counting down, then wait to be SIGKILLed. With
``--accounts``: X, the town's Mastodon account and its mobility account;
``--without ID``: that account removed from the draft's destinations first.

Used by test_nothing_lost.py:
``python crashing_app.py JOURNAL TEXT [--post|--correct] [--accounts] [--without ID]
[--photo PATH]``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from livetweet.i18n import set_language

set_language("fr")  # as the TUI tests: before the app's modules are imported

from livetweet.agenda import load_agenda  # noqa: E402
from livetweet.publishing import Outbox  # noqa: E402
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path  # noqa: E402
from livetweet.publishing.publisher import Publisher  # noqa: E402
from livetweet.text.networks import Network  # noqa: E402
from livetweet.tui.app import LiveTweetApp  # noqa: E402
from livetweet.tui.models.settings import UiSettings  # noqa: E402


def accounts(journal: Path) -> list[Publisher]:
    """Two accounts on Mastodon (issue 15), as test_account_corrections.py opens them."""
    spool = dry_run_outbox_path(journal)
    return [
        DryRunPublisher("x", spool, "@Ville"),
        DryRunPublisher("mastodon", spool, "@Ville@mastodon.villeneuve.fr"),
        DryRunPublisher(
            "mastodon", spool, "@VilleMobilite@social.villeneuve.fr", account_id="mobilite-mastodon"
        ),
    ]


async def main(
    journal: Path,
    text: str,
    post: bool,
    correct: bool,
    photo: Path | None = None,
    several: bool = False,
    without: str | None = None,
) -> None:
    agenda = load_agenda(Path(__file__).with_name("agenda.yaml"))
    networks: tuple[Network, ...] = ("x", "mastodon", "bluesky")
    publishers: list[Publisher] = [
        DryRunPublisher(n, dry_run_outbox_path(journal)) for n in networks
    ]
    if several:
        publishers = accounts(journal)
    outbox = Outbox.open(journal, publishers, session_id=agenda.session.id, agenda=agenda)
    app = LiveTweetApp(agenda, outbox=outbox, settings=UiSettings(send_delay_seconds=60))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *text)
        if without is not None:  # the operator unticks an account for this post
            app.main_screen.choose(frozenset(outbox.accounts) - {without})
            await pilot.pause()
        if photo is not None:  # attached with its alt text (issue 16)
            from livetweet.tui.models.attachments import describe

            app.main_screen.attach(describe(photo), "La salle du conseil")
            await pilot.pause()
        if post:
            await pilot.press("ctrl+s")
        if correct:
            await pilot.press("ctrl+s")
            app.posting.send_now()
            while len(outbox.timeline()) < 3 or outbox.timeline()[0].state != "posted":
                await pilot.pause(0.05)
            await pilot.press("ctrl+l")
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            await pilot.press(*"unanimité")
        for _ in range(400):
            saved = app.keeper.store.path.exists() if hasattr(app, "keeper") else False
            if correct:
                saved = saved and "unanimité" in app.keeper.store.path.read_text()
            if photo is not None:
                saved = saved and photo.name in app.keeper.store.path.read_text()
            if without is not None:
                saved = saved and '"accounts": [' in app.keeper.store.path.read_text()
            if (post and app.posting.pending is not None) or (not post and saved):
                break
            await pilot.pause(0.05)
        print("ready", flush=True)
        await asyncio.sleep(3600)


if __name__ == "__main__":
    options = sys.argv[3:]
    photo = Path(options[options.index("--photo") + 1]) if "--photo" in options else None
    without = options[options.index("--without") + 1] if "--without" in options else None
    asyncio.run(
        main(
            Path(sys.argv[1]),
            sys.argv[2],
            "--post" in options,
            "--correct" in options,
            photo,
            "--accounts" in options,
            without,
        )
    )
