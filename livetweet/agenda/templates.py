"""Built-in templates, in French and English, for each stage of a session.

A stage is a moment the operator posts about: an item's introduction, its
vote, a suspension... Item stages always contain ``{number}`` (unique in a
checked agenda), so one stage never renders to the same text for two items:
X refuses duplicate posts. Session stages that can happen several times
(suspension, resumption) contain ``{time}``.

Built-ins are assembled from the item's data (no « rapporteur : » line for an
item without one) and then rendered like any clerk's template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from livetweet.agenda.model import Agenda, Item

Scope = Literal["item", "session"]
Language = Literal["fr", "en"]


@dataclass(frozen=True)
class Stage:
    """What the engine needs to know of a stage; the name the operator sees is the
    TUI's (translated) ``stage_label``."""

    name: str
    scope: Scope
    needs_votes: bool


STAGES: Final[dict[str, Stage]] = {
    stage.name: stage
    for stage in (
        Stage("opening", "session", False),
        Stage("intro", "item", False),
        Stage("adopted", "item", False),
        Stage("adopted_unanimously", "item", False),
        Stage("adopted_vote", "item", True),
        Stage("rejected", "item", False),
        Stage("rejected_vote", "item", True),
        Stage("vote", "item", True),
        Stage("suspension", "session", False),
        Stage("resumption", "session", False),
        Stage("closed_session", "session", False),
        Stage("closing", "session", False),
    )
}
ITEM_STAGES: Final = tuple(s.name for s in STAGES.values() if s.scope == "item")
SESSION_STAGES: Final = tuple(s.name for s in STAGES.values() if s.scope == "session")

_TAGS = " {hashtags} {session_hashtags}"

_FIXED: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "adopted": "✅ Point {number} adopté : {short_title}" + _TAGS,
        "adopted_unanimously": "✅ Point {number} adopté à l'unanimité : {short_title}" + _TAGS,
        "adopted_vote": (
            "✅ Point {number} adopté ({for} pour, {against} contre, {abstain} {abst_word}) :"
            " {short_title}" + _TAGS
        ),
        "rejected": "❌ Point {number} rejeté : {short_title}" + _TAGS,
        "rejected_vote": (
            "❌ Point {number} rejeté ({for} pour, {against} contre, {abstain} {abst_word}) :"
            " {short_title}" + _TAGS
        ),
        "vote": (
            "🗳️ Point {number} — {short_title} : {for} pour, {against} contre,"
            " {abstain} {abst_word}." + _TAGS
        ),
        "suspension": "⏸️ La séance est suspendue ({time}). {session_hashtags}",
        "resumption": "▶️ Reprise de la séance ({time}). {session_hashtags}",
        "closed_session": (
            "🔒 La séance se poursuit à huis clos ({time}) : la retransmission est"
            " interrompue. {session_hashtags}"
        ),
        "closing": (
            "🏁 La séance est levée ({time}). Merci de l'avoir suivie ! {session_hashtags}"
        ),
    },
    "en": {
        "adopted": "✅ Item {number} approved: {short_title}" + _TAGS,
        "adopted_unanimously": "✅ Item {number} approved unanimously: {short_title}" + _TAGS,
        "adopted_vote": (
            "✅ Item {number} approved ({for} for, {against} against, {abstain} {abst_word}):"
            " {short_title}" + _TAGS
        ),
        "rejected": "❌ Item {number} rejected: {short_title}" + _TAGS,
        "rejected_vote": (
            "❌ Item {number} rejected ({for} for, {against} against, {abstain} {abst_word}):"
            " {short_title}" + _TAGS
        ),
        "vote": (
            "🗳️ Item {number} — {short_title}: {for} for, {against} against,"
            " {abstain} {abst_word}." + _TAGS
        ),
        "suspension": "⏸️ The meeting is adjourned ({time}). {session_hashtags}",
        "resumption": "▶️ The meeting resumes ({time}). {session_hashtags}",
        "closed_session": (
            "🔒 The meeting continues in closed session ({time}): the livestream is"
            " paused. {session_hashtags}"
        ),
        "closing": "🏁 The meeting is closed ({time}). Thank you for following! {session_hashtags}",
    },
}


def _abstentions(language: Language, abstain: int | None) -> str:
    singular = abstain is not None and abstain <= 1
    if language == "fr":
        return "abstention" if singular else "abstentions"
    return "abstention" if abstain == 1 else "abstentions"


def builtin_template(
    stage: str, agenda: Agenda, item: Item | None, abstain: int | None = None
) -> str:
    """The built-in template for ``stage`` in the session's language.

    Raises KeyError for a stage with no built-in template.
    """
    language: Language = agenda.session.language
    fr = language == "fr"
    if stage == "opening":
        text = "🏛️ " + ("Début de la séance : " if fr else "The meeting starts: ")
        text += "{session_title} — {body}."
        if agenda.session.livestream_url:
            text += (" En direct : " if fr else " Watch live: ") + "{livestream_url}"
        return text + " {session_hashtags}"
    if stage == "intro":
        text = ("📌 Point {number} : " if fr else "📌 Item {number}: ") + "{short_title}"
        if item is not None and item.rapporteur:
            text += " — présenté par {rapporteur}" if fr else " — presented by {rapporteur}"
        if item is not None and item.links:
            text += "\n📄 {link}"
        return text + _TAGS
    fixed = _FIXED[language][stage]
    # The plural is settled here so that clerks' templates stay plain placeholders.
    return fixed.replace("{abst_word}", _abstentions(language, abstain))
