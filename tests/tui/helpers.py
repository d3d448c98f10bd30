"""Reading what the operator sees, widget by widget."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from livetweet.tui.app import LiveTweetApp
from livetweet.tui.widgets.agenda_list import AgendaList
from livetweet.tui.widgets.counters import CounterBar


def counters(app: LiveTweetApp) -> str:
    rendered = app.main_screen.query_one(CounterBar).render()
    return rendered.plain


def preview(app: LiveTweetApp) -> str:
    content = app.main_screen.query_one("#preview-body", Static).content
    assert isinstance(content, Text)
    return content.plain


def header(app: LiveTweetApp) -> str:
    content = app.main_screen.query_one("#item-header", Static).content
    return content.plain if isinstance(content, Text) else str(content)


def agenda_row(app: LiveTweetApp, item_id: str) -> list[str]:
    return app.main_screen.query_one(AgendaList).row_cells(item_id)


def editor_text(app: LiveTweetApp) -> str:
    return app.main_screen.editor.text
