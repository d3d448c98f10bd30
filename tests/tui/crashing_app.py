"""Run the app over a dry-run journal, type a draft (and post it, with ``--post``;
or post it, then start typing a correction of it, with ``--correct``), print
``ready`` once it is on disk or counting down, then wait to be SIGKILLed. With
``--accounts``: X, the town's Mastodon account and its mobility account;
``--without ID``: that account removed from the draft's destinations first.

``--photo FILE`` attaches a photo through the screens first (ctrl+g, its name typed
relative to the current folder, Enter, the alt text, ctrl+s). ``--config FILE``
opens the outbox as ``livetweet run`` does with that configuration (real
publishers, e.g. against the fake servers) instead of dry-run ones; the post then
goes out after the configuration's ``send_delay_seconds``, and ``ready`` is printed
as soon as it is handed over.

Used by test_nothing_lost.py, test_photos.py, test_photos_networks.py and others:
``python crashing_app.py JOURNAL TEXT [--post|--correct] [--accounts] [--without ID]
[--photo FILE] [--config FILE]``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from livetweet.i18n import set_language

set_language("fr")  # as the TUI tests: before the app's modules are imported

from livetweet.agenda import Agenda, load_agenda  # noqa: E402
from livetweet.publishing import Outbox  # noqa: E402
from livetweet.publishing.dryrun import DryRunPublisher, dry_run_outbox_path  # noqa: E402
from livetweet.publishing.publisher import Publisher  # noqa: E402
from livetweet.text.networks import Network  # noqa: E402
from livetweet.tui.app import LiveTweetApp  # noqa: E402
from livetweet.tui.models.settings import UiSettings  # noqa: E402

AGENDA = Path(__file__).with_name("agenda.yaml")
#: The alt text ``--photo`` types.
PHOTO_ALT = "La salle du conseil"


def app_as_run(agenda: Agenda, config_path: Path, journal: Path) -> tuple[LiveTweetApp, Outbox]:
    """The app and its outbox as ``livetweet run --config CONFIG --journal JOURNAL``
    builds them (the caller closes the outbox)."""
    from livetweet.cli.run import load_run_config, open_outbox, with_instance_limits
    from livetweet.tui import build_app

    config = load_run_config(config_path)
    outbox = open_outbox(config, agenda, journal)
    config, notices = with_instance_limits(config)
    app = build_app(agenda, config=config, outbox=outbox, journal_path=journal, notices=notices)
    return app, outbox


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
    config: Path | None = None,
) -> None:
    agenda = load_agenda(AGENDA)
    if config is not None:
        app, outbox = app_as_run(agenda, config, journal)
    else:
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
        if photo is not None:  # attached with its alt text (issue 16), as the operator does
            await pilot.press("ctrl+g", *photo.name, "enter")
            await pilot.press(*PHOTO_ALT, "ctrl+s")
            assert app.main_screen.context.media, "the photo was not attached"
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
            if post and config is not None:
                break  # sent at once: the test watches the journal and the network
            saved = app.keeper.store.path.exists() if hasattr(app, "keeper") else False
            if correct:
                saved = saved and "unanimité" in app.keeper.store.path.read_text()
            if photo is not None:
                kept = app.keeper.store.path.read_text()
                saved = saved and photo.name in kept and PHOTO_ALT in kept
            if without is not None:
                saved = saved and '"accounts": [' in app.keeper.store.path.read_text()
            if (post and app.posting.pending is not None) or (not post and saved):
                break
            await pilot.pause(0.05)
        print("ready", flush=True)
        await asyncio.sleep(3600)


def option(options: list[str], name: str) -> Path | None:
    return Path(options[options.index(name) + 1]) if name in options else None


if __name__ == "__main__":
    options = sys.argv[3:]
    without = options[options.index("--without") + 1] if "--without" in options else None
    asyncio.run(
        main(
            Path(sys.argv[1]),
            sys.argv[2],
            "--post" in options,
            "--correct" in options,
            option(options, "--photo"),
            "--accounts" in options,
            without,
            option(options, "--config"),
        )
    )
