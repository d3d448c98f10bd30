"""The core's rendering and counting as the TUI's models and flows use them: a
handful of names (and the few helpers they share) rather than the core's layout."""

from __future__ import annotations

from livetweet.agenda.model import Agenda, Item
from livetweet.agenda.placeholders import TemplateError
from livetweet.agenda.render import (
    VoteCounts,
    needs_votes,
    render_text,
    stages_for,
    template_for,
    tidy,
)
from livetweet.agenda.templates import SESSION_STAGES, STAGES
from livetweet.text import EXPLICIT_BREAK, Count, count, split_thread

#: Rendering failures shown to the operator instead of a post (unknown member...).
RenderError = TemplateError

#: What separates the posts of a prepared thread in the editor (the text engine's
#: explicit break: ``---`` alone on a line).
THREAD_BREAK = "\n---\n"


def stage_source(
    agenda: Agenda, item: Item | None, stage: str, votes: VoteCounts | None = None
) -> list[str]:
    """The unrendered post(s) of ``stage``: prepared draft, session or built-in template."""
    template = template_for(agenda, item, stage, votes)
    return [template] if isinstance(template, str) else list(template)


def is_session_stage(stage: str) -> bool:
    """Session stages (opening, suspension...) are about the session, not an item."""
    return stage in SESSION_STAGES


def stage_needs_votes(agenda: Agenda, item: Item | None, stage: str) -> bool:
    try:
        return needs_votes(agenda, item, stage)
    except TemplateError:
        return STAGES[stage].needs_votes if stage in STAGES else False


__all__ = [
    "EXPLICIT_BREAK",
    "THREAD_BREAK",
    "Count",
    "RenderError",
    "VoteCounts",
    "count",
    "is_session_stage",
    "render_text",
    "split_thread",
    "stage_needs_votes",
    "stage_source",
    "stages_for",
    "tidy",
]
