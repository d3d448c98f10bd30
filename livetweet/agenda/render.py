"""Turn an item's drafts and the session's templates into the text of posts, per network.

A prepared draft wins over the session's template, which wins over the
built-in one. Mentions (``{@id}``, ``{rapporteur}``) differ per network, so
the same draft renders differently on X, Mastodon and Bluesky. Nothing is
ever rendered for a closed (huis clos) or do-not-post item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from livetweet.agenda.model import Agenda, Item
from livetweet.agenda.placeholders import (
    ITEM_PLACEHOLDERS,
    VOTE_PLACEHOLDERS,
    Field,
    Mention,
    TemplateError,
    placeholders_in,
    tokenize,
)
from livetweet.agenda.templates import ITEM_STAGES, SESSION_STAGES, STAGES, builtin_template
from livetweet.i18n import _
from livetweet.text.networks import Network

_SPACES = re.compile(r"[ \t]{2,}")


class NotPostableError(TemplateError):
    """The item is closed (huis clos) or marked do_not_post."""


@dataclass(frozen=True)
class VoteCounts:
    for_: int
    against: int
    abstain: int

    def __post_init__(self) -> None:
        if min(self.for_, self.against, self.abstain) < 0:
            raise ValueError(_("vote counts cannot be negative"))


def stages_for(agenda: Agenda, item: Item | None) -> list[str]:
    """The stages the operator can post: the item's prepared drafts first, then built-ins.

    With no item, the session stages (opening, suspension...). Empty for an
    item that may not be posted about (closed, do_not_post).
    """
    if item is None:
        return list(SESSION_STAGES)
    if not item.postable:
        return []
    return list(item.drafts) + [s for s in ITEM_STAGES if s not in item.drafts]


def template_for(
    agenda: Agenda, item: Item | None, stage: str, votes: VoteCounts | None = None
) -> str | list[str]:
    """The unrendered text of ``stage``: prepared draft, session template or built-in."""
    if item is not None and stage in item.drafts:
        return item.drafts[stage]
    if stage in agenda.templates:
        return agenda.templates[stage]
    if stage not in STAGES:
        raise TemplateError(_("unknown stage {stage!r}").format(stage=stage))
    if STAGES[stage].scope == "item" and item is None:
        raise TemplateError(_("stage {stage!r} needs an agenda item").format(stage=stage))
    return builtin_template(stage, agenda, item, votes.abstain if votes else None)


def needs_votes(agenda: Agenda, item: Item | None, stage: str) -> bool:
    """Whether posting ``stage`` needs the vote counts first."""
    template = template_for(agenda, item, stage)
    texts = [template] if isinstance(template, str) else template
    return any(placeholders_in(t) & VOTE_PLACEHOLDERS for t in texts)


def render_stage(
    agenda: Agenda,
    item: Item | None,
    stage: str,
    network: Network,
    votes: VoteCounts | None = None,
    *,
    now: datetime | None = None,
) -> list[str]:
    """The posts of ``stage`` on ``network``: one, or several for a thread."""
    _refuse_unpostable(item)
    template = template_for(agenda, item, stage, votes)
    texts = [template] if isinstance(template, str) else template
    return [render_text(agenda, text, item, network, votes, now=now) for text in texts]


def render_text(
    agenda: Agenda,
    text: str,
    item: Item | None,
    network: Network,
    votes: VoteCounts | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """Render a text the operator typed or a draft; raise TemplateError if it can't be."""
    _refuse_unpostable(item)
    parts: list[str] = []
    for token in tokenize(text):
        if isinstance(token, str):
            parts.append(token)
        elif isinstance(token, Mention):
            member = agenda.member(token.member_id)
            if member is None:
                raise TemplateError(
                    _("unknown member {{@{id}}}").format(id=token.member_id),
                    "{@" + token.member_id + "}",
                )
            parts.append(member.mention_for(network))
        else:
            parts.append(_field(agenda, token, item, network, votes, now))
    return tidy("".join(parts))


def depends_on_network(text: str) -> bool:
    """Whether ``text`` renders differently per network (it mentions someone)."""
    return any(
        isinstance(token, Mention) or (isinstance(token, Field) and token.name == "rapporteur")
        for token in tokenize(text)
    )


def tidy(text: str) -> str:
    """Remove the spaces an empty placeholder leaves behind."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.strip().split("\n")]
    return "\n".join(lines)


def _refuse_unpostable(item: Item | None) -> None:
    if item is not None and not item.postable:
        reason = _("closed session (huis clos)") if item.closed else _("marked do_not_post")
        raise NotPostableError(
            _("item {number} may not be posted about: {reason}").format(
                number=item.number, reason=reason
            )
        )


def _field(  # noqa: PLR0917 - private, called once
    agenda: Agenda,
    field: Field,
    item: Item | None,
    network: Network,
    votes: VoteCounts | None,
    now: datetime | None,
) -> str:
    name = field.name
    session = agenda.session
    if name in VOTE_PLACEHOLDERS:
        if votes is None:
            raise TemplateError(_("{{{name}}} needs the vote counts").format(name=name), name)
        return str({"for": votes.for_, "against": votes.against, "abstain": votes.abstain}[name])
    if name == "session_hashtags":
        return " ".join(session.hashtags)
    if name == "livestream_url":
        return session.livestream_url or ""
    if name == "body":
        return session.body
    if name == "session_title":
        return session.title
    if name == "time":
        moment = now.astimezone(session.start.tzinfo) if now else datetime.now(session.start.tzinfo)
        return moment.strftime("%H h %M" if session.language == "fr" else "%H:%M")
    assert name in ITEM_PLACEHOLDERS
    if item is None:
        raise TemplateError(_("{{{name}}} needs an agenda item").format(name=name), name)
    if name == "number":
        return item.number
    if name == "title":
        return item.title
    if name == "short_title":
        return item.display_title
    if name == "rapporteur":
        member = agenda.member(item.rapporteur) if item.rapporteur else None
        return member.mention_for(network) if member else ""
    if name == "link":
        return item.links[0].url if item.links else ""
    return " ".join(item_hashtags(agenda, item))


def item_hashtags(agenda: Agenda, item: Item) -> list[str]:
    """The item's hashtags, then its theme's, without repeats nor the session's own."""
    theme = agenda.theme(item.theme) if item.theme else None
    seen = {tag.casefold() for tag in agenda.session.hashtags}
    tags: list[str] = []
    for tag in [*item.hashtags, *(theme.hashtags if theme else [])]:
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags
