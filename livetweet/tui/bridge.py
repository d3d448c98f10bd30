"""The one place where the TUI reaches the core's rendering and counting.

Widgets call these names only. TEMPORARY: minimal fallbacks stand in for the
core functions that have not landed yet; each is replaced by the real import
as soon as it exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from livetweet.agenda.model import Agenda, Item
from livetweet.text import Count, count, split_thread
from livetweet.text.networks import Network

try:
    from livetweet.agenda.render import VoteCounts
except ImportError:  # pragma: no cover - temporary

    @dataclass(frozen=True)
    class VoteCounts:  # type: ignore[no-redef]
        for_: int
        against: int
        abstain: int


_FALLBACK_TEMPLATES = {
    "intro": "Point {number} : {title} {hashtags}",
    "adopted": "Point {number} « {short_title} » : adopté. {hashtags}",
    "adopted_unanimously": "Point {number} « {short_title} » : adopté à l'unanimité. {hashtags}",
    "rejected": "Point {number} « {short_title} » : rejeté. {hashtags}",
    "vote": "Point {number} : {for} pour, {against} contre, {abstain} abstentions. {hashtags}",
    "suspension": "La séance est suspendue. {session_hashtags}",
    "resumption": "La séance reprend. {session_hashtags}",
    "closed_session": "Le conseil se poursuit à huis clos. {session_hashtags}",
    "closing": "La séance est levée. Merci de l'avoir suivie ! {session_hashtags}",
    "opening": "La séance est ouverte. {session_hashtags}",
}
_PLACEHOLDER = re.compile(r"\{(@?[A-Za-z_][A-Za-z0-9_-]*)\}")


class RenderError(ValueError):
    """An unknown placeholder or member in a draft."""


def stages_for(agenda: Agenda, item: Item | None) -> list[str]:
    drafts = list(item.drafts) if item is not None else []
    builtins = [s for s in _FALLBACK_TEMPLATES if s not in drafts]
    if item is None:
        builtins = [s for s in builtins if s not in {"intro", "adopted", "vote", "rejected"}]
    return drafts + builtins


def stage_source(agenda: Agenda, item: Item | None, stage: str) -> list[str]:
    """The unrendered text(s) of ``stage``: a prepared draft or a template."""
    if item is not None and stage in item.drafts:
        draft = item.drafts[stage]
        return [draft] if isinstance(draft, str) else list(draft)
    return [agenda.templates.get(stage, _FALLBACK_TEMPLATES[stage])]


def render_text(
    agenda: Agenda,
    text: str,
    item: Item | None,
    network: Network,
    votes: VoteCounts | None = None,
) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("@"):
            member = agenda.member(name[1:])
            if member is None:
                raise RenderError(f"unknown member {name[1:]}")
            return member.mention_for(network)
        session = agenda.session
        values: dict[str, str] = {
            "session_hashtags": " ".join(session.hashtags),
            "livestream_url": session.livestream_url or "",
        }
        if item is not None:
            values |= {
                "number": item.number,
                "title": item.title,
                "short_title": item.display_title,
                "hashtags": " ".join([*item.hashtags, *session.hashtags]),
            }
        if votes is not None:
            values |= {
                "for": str(votes.for_),
                "against": str(votes.against),
                "abstain": str(votes.abstain),
            }
        if name not in values:
            raise RenderError(f"unknown placeholder {{{name}}}")
        return values[name]

    return _PLACEHOLDER.sub(value, text)


__all__ = [
    "THREAD_BREAK",
    "Count",
    "RenderError",
    "VoteCounts",
    "count",
    "render_text",
    "split_thread",
    "stage_source",
    "stages_for",
]

#: What separates the posts of a prepared thread in the editor.
THREAD_BREAK = "\n---\n"
