"""The live counters under the editor: ``X 212/280 · Mastodon 230/500``."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from livetweet.i18n import _, ngettext
from livetweet.text.networks import DISPLAY_NAMES
from livetweet.tui.drafting import DraftAnalysis, NetworkDraft

OVER_STYLE = "bold white on red3"
HOUSE_STYLE = "bold black on dark_orange"
OK_STYLE = "bold"
SEPARATOR = " · "


def counter_segments(analysis: DraftAnalysis) -> list[Text]:
    """One segment per network; red over the hard limit, amber over the house limit."""
    segments = [_segment(draft) for draft in analysis.networks]
    if analysis.error is not None:
        segments.append(Text(f" ⚠ {analysis.error} ", style=OVER_STYLE))
    return segments


def counter_text(analysis: DraftAnalysis, width: int = 1000) -> Text:
    """The segments joined, wrapped between segments (never inside one)."""
    text = Text()
    line_length = 0
    for segment in counter_segments(analysis):
        if line_length and line_length + len(SEPARATOR) + segment.cell_len > width:
            text.append("\n")
            line_length = 0
        elif line_length:
            text.append(SEPARATOR, style="dim")
            line_length += len(SEPARATOR)
        text.append_text(segment)
        line_length += segment.cell_len
    return text


def _segment(draft: NetworkDraft) -> Text:
    counted = draft.count
    figure = f"{DISPLAY_NAMES[draft.network]} {counted.length}/{counted.limit}"
    parts = len(draft.parts)
    if not draft.complete:
        figure += " " + _("(more than {n} posts)").format(n=parts)
    elif parts > 1:
        figure += " " + ngettext("({n} post)", "({n} posts)", parts).format(n=parts)
    if not counted.fits:
        return Text(f" {figure} ", style=OVER_STYLE)
    if counted.over_house_limit:
        return Text(f" {figure} ", style=HOUSE_STYLE)
    return Text(figure, style=OK_STYLE)


class CounterBar(Widget):
    """Updated by the main screen on every change of the draft."""

    DEFAULT_CSS = "CounterBar { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.analysis = DraftAnalysis("", ())

    def show(self, analysis: DraftAnalysis) -> None:
        self.analysis = analysis
        self.refresh(layout=True)

    def render(self) -> Text:
        return counter_text(self.analysis, self.content_size.width or 1000)
