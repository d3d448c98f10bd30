"""The Textual TUI. It only calls the core (agenda, text, publishing, config).

``run_app`` is what ``livetweet run`` calls once the agenda, the configuration
and the outbox are ready; importing this package imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from livetweet.agenda.model import Agenda
    from livetweet.config import Config
    from livetweet.publishing import Outbox
    from livetweet.tui.app import LiveTweetApp


def build_app(
    agenda: Agenda,
    *,
    config: Config | None = None,
    outbox: Outbox | None = None,
    journal_path: Path | None = None,
    notices: Sequence[str] = (),
    agenda_path: Path | None = None,
) -> LiveTweetApp:
    """The app as ``livetweet run`` runs it (benchmarks/bench_tui.py times this one);
    ``notices`` are shown once the screen is up (e.g. a cached Mastodon limit)."""
    from livetweet.tui.app import LiveTweetApp

    return LiveTweetApp(
        agenda,
        config=config,
        outbox=outbox,
        journal_path=journal_path,
        notices=notices,
        agenda_path=agenda_path,
    )


def run_app(
    agenda: Agenda,
    *,
    config: Config | None = None,
    outbox: Outbox | None = None,
    journal_path: Path | None = None,
    notices: Sequence[str] = (),
    agenda_path: Path | None = None,
) -> int:
    """Run the app until the operator quits; the exit status (non-zero after a crash)."""
    app = build_app(
        agenda,
        config=config,
        outbox=outbox,
        journal_path=journal_path,
        notices=notices,
        agenda_path=agenda_path,
    )
    app.run()
    return app.return_code or 0
