"""The texts the operator can load for an item: its stages, and how the template
picker shows each one."""

from __future__ import annotations

from dataclasses import dataclass

from livetweet.agenda.model import Agenda, Item
from livetweet.tui.models.bridge import stages_for


@dataclass(frozen=True)
class TemplateChoice:
    stage: str
    prepared: bool  # a draft the clerk wrote for this item
    preview: str  # the rendered text, for the first enabled network


def available_stages(agenda: Agenda, item: Item | None) -> list[str]:
    """The item's stages (prepared drafts first), then the session's."""
    item_stages = stages_for(agenda, item) if item is not None else []
    return item_stages + [s for s in stages_for(agenda, None) if s not in item_stages]
