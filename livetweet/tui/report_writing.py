"""Closing the session: the palette writes the public record next to the journal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from livetweet.i18n import _
from livetweet.reporting import ReportError, build_report
from livetweet.reporting.files import default_report_path, write_atomically
from livetweet.reporting.html import render_html

if TYPE_CHECKING:
    from livetweet.tui.app import LiveTweetApp


def write_session_report(app: LiveTweetApp) -> None:
    """Write ``<journal>.report.html`` (the same page as ``livetweet report``)."""
    journal = app.outbox.journal.path if app.outbox is not None else app.journal_path
    if journal is None or not journal.exists():
        app.notify(_("No journal yet: nothing to report."), severity="warning")
        return
    path = default_report_path(journal)
    try:
        write_atomically(path, render_html(build_report(journal, app.model.agenda)))
    except ReportError as error:
        app.notify(str(error), title=_("No report"), severity="error")
        return
    except OSError as error:
        app.notify(f"{path}: {error.strerror or error}", title=_("No report"), severity="error")
        return
    app.notify(str(path), title=_("Report written next to the journal"))
