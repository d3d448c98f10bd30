"""What each network will receive: the rendered draft, split when too long."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from livetweet.i18n import _, ngettext
from livetweet.tui.models.drafting import DraftAnalysis, NetworkDraft
from livetweet.tui.widgets.literal import literal, safe


def preview_text(analysis: DraftAnalysis) -> Text:
    text = Text()
    if not analysis.source.strip():
        text.append(_("The preview shows here what each network will receive."), style="dim")
        return text
    for draft in analysis.networks:
        _append_network(text, draft)
    return text


def _append_network(text: Text, draft: NetworkDraft) -> None:
    name = safe(draft.name, one_line=True)  # an account's handle, from the configuration
    parts = len(draft.parts)
    if not draft.complete:
        header = _("{name}: thread of more than {n} posts; the first {n}:")
    elif parts > 1:
        header = ngettext("{name}: thread of {n} post", "{name}: thread of {n} posts", parts)
    else:
        header = _("{name}: one post")
    text.append(header.format(name=name, n=parts) + "\n", style="bold underline")
    for number, part in enumerate(draft.parts, 1):
        if parts > 1:
            counted = draft.part_counts[number - 1] if draft.part_counts else draft.count
            style = "bold cyan" if counted.fits else "bold white on red3"
            total = parts if draft.complete else "…"
            text.append(f"{number}/{total} ({counted.length}/{counted.limit})", style=style)
            text.append(" ")
        if parts == 1 and not draft.count.fits and draft.count.overflow_at is not None:
            cut = draft.count.overflow_at
            text.append_text(literal(part[:cut]))
            text.append_text(literal(part[cut:], style="bold white on red3"))
        else:
            text.append_text(literal(part))
        text.append("\n")
    text.append("\n")


class ThreadPreview(VerticalScroll):
    """Scrollable; one block per enabled network."""

    def compose(self) -> ComposeResult:
        yield Static(id="preview-body")

    def show(self, analysis: DraftAnalysis) -> None:
        self.query_one("#preview-body", Static).update(preview_text(analysis))
