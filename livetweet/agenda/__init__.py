"""The agenda: model, loading and checking, templates and rendering. Textual-free.

The loader is imported on first use of its functions: ``livetweet run`` on an
agenda that already passed its check (see ``check_cache``) needs the model but
neither the YAML reader nor the checker, and importing any module of this
package runs this file first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from livetweet.agenda.model import (
    Agenda,
    Group,
    Handles,
    Item,
    Link,
    Member,
    Photo,
    Session,
    Theme,
)
from livetweet.agenda.placeholders import PLACEHOLDERS, TemplateError
from livetweet.agenda.problems import AgendaError, CheckReport, Problem
from livetweet.agenda.render import (
    NotPostableError,
    VoteCounts,
    needs_votes,
    render_stage,
    render_text,
    stages_for,
)
from livetweet.agenda.templates import ITEM_STAGES, SESSION_STAGES, STAGES

if TYPE_CHECKING:
    from livetweet.agenda.loader import check_agenda_file, check_agenda_text, load_agenda

_LOADER_NAMES = ("check_agenda_file", "check_agenda_text", "load_agenda")


def __getattr__(name: str) -> Any:
    if name in _LOADER_NAMES:
        from livetweet.agenda import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ITEM_STAGES",
    "PLACEHOLDERS",
    "SESSION_STAGES",
    "STAGES",
    "Agenda",
    "AgendaError",
    "CheckReport",
    "Group",
    "Handles",
    "Item",
    "Link",
    "Member",
    "NotPostableError",
    "Photo",
    "Problem",
    "Session",
    "TemplateError",
    "Theme",
    "VoteCounts",
    "check_agenda_file",
    "check_agenda_text",
    "load_agenda",
    "needs_votes",
    "render_stage",
    "render_text",
    "stages_for",
]
