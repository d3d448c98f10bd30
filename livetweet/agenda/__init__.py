"""The agenda: model, loading and checking. Textual-free."""

from livetweet.agenda.model import Agenda, Group, Handles, Item, Link, Member, Session, Theme

__all__ = ["Agenda", "Group", "Handles", "Item", "Link", "Member", "Session", "Theme"]
