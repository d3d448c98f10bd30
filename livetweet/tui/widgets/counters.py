"""The live counters under the editor: ``X 212/280 · Mastodon 230/500 · house 140``
(an account whose instance has its own limit: its own, ``Mastodon @VilleMobilite 230/1000``).

A thread shows each post's length, so the operator sees which post is over a limit;
a thread whose posts all fit is not red.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from livetweet.i18n import _, ngettext
from livetweet.text.counting import Count
from livetweet.tui.models.drafting import DraftAnalysis, NetworkDraft
from livetweet.tui.widgets.literal import literal, safe

OVER_STYLE = "bold white on red3"
HOUSE_STYLE = "bold black on dark_orange"
OK_STYLE = "bold"
SEPARATOR = " · "
#: Up to this many posts, the length of each is shown; beyond, only those over a limit.
LISTED_PARTS = 6


def counter_segments(analysis: DraftAnalysis, house_limit: int | None = None) -> list[Text]:
    """One segment per network, red over the hard limit, amber over the house limit;
    then the house limit itself."""
    segments = [_segment(draft) for draft in analysis.networks]
    if house_limit is not None and analysis.networks:
        segments.append(Text(_("house {n}").format(n=house_limit), style="dim"))
    if analysis.error is not None:
        error = literal(f" ⚠ {analysis.error} ", style=OVER_STYLE, one_line=True)
        segments.append(error)
    return segments


def counter_text(
    analysis: DraftAnalysis, width: int = 1000, house_limit: int | None = None
) -> Text:
    """The segments joined, wrapped between segments (never inside one)."""
    text = Text()
    line_length = 0
    for segment in counter_segments(analysis, house_limit):
        if line_length and line_length + len(SEPARATOR) + segment.cell_len > width:
            text.append("\n")
            line_length = 0
        elif line_length:
            text.append(SEPARATOR, style="dim")
            line_length += len(SEPARATOR)
        text.append_text(segment)
        line_length += segment.cell_len
    return text


def _style(counted: Count) -> str:
    if not counted.fits:
        return OVER_STYLE
    if counted.over_house_limit:
        return HOUSE_STYLE
    return OK_STYLE


def _segment(draft: NetworkDraft) -> Text:
    counted = draft.count
    name = safe(draft.name, one_line=True)  # an account's handle, from the configuration
    parts = draft.part_counts if len(draft.parts) > 1 else ()
    if not parts:
        style = _style(counted)
        figure = f"{name} {counted.length}/{counted.limit}"
        return Text(f" {figure} " if style != OK_STYLE else figure, style=style)
    text = Text(f"{name} ", style=OK_STYLE)
    if draft.complete:
        text.append(ngettext("({n} post)", "({n} posts)", len(parts)).format(n=len(parts)) + " ")
    else:
        text.append(_("(more than {n} posts)").format(n=len(parts)) + " ")
    if len(parts) <= LISTED_PARTS:
        for number, part in enumerate(parts, 1):
            if number > 1:
                text.append(" ")
            _append_figure(text, str(part.length), part)
    else:
        over = [(n, p) for n, p in enumerate(parts, 1) if _style(p) != OK_STYLE]
        longest = max(p.length for p in parts)
        text.append(_("longest {n}").format(n=longest), style=OK_STYLE)
        for number, part in over:
            text.append(" ")
            _append_figure(text, f"{number}:{part.length}", part)
    text.append(f" /{counted.limit}", style=OK_STYLE)
    return text


def _append_figure(text: Text, figure: str, counted: Count) -> None:
    style = _style(counted)
    text.append(f" {figure} " if style != OK_STYLE else figure, style=style)


class CounterBar(Widget):
    """Updated by the main screen on every change of the draft."""

    DEFAULT_CSS = "CounterBar { height: auto; }"

    def __init__(self, *, id: str | None = None, house_limit: int | None = None) -> None:
        super().__init__(id=id)
        self.analysis = DraftAnalysis("", ())
        self.house_limit = house_limit

    def show(self, analysis: DraftAnalysis) -> None:
        self.analysis = analysis
        self.refresh(layout=True)

    def render(self) -> Text:
        return counter_text(self.analysis, self.content_size.width or 1000, self.house_limit)
