"""The agenda: model, loading and checking, templates and rendering. Textual-free."""

from livetweet.agenda.loader import check_agenda_file, check_agenda_text, load_agenda
from livetweet.agenda.model import Agenda, Group, Handles, Item, Link, Member, Session, Theme
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
