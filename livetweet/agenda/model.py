"""The agenda (ordre du jour) of one council session, format version 1.

These models are the single definition of the format: the loader validates
files against them, ``agenda schema`` exports their JSON Schema, and the TUI
and the publishing pipeline read them. Unknown keys are errors (a clerk's
typo such as ``titel`` must not be silently ignored).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from livetweet.text.networks import Network

ID_PATTERN = r"^[A-Za-z0-9_-]+$"


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: A profile's address, as copied from a browser, and the handle it stands for.
_PROFILE_URLS: dict[str, re.Pattern[str]] = {
    "x": re.compile(r"https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/@?(\w+)/?", re.ASCII),
    # https://piaille.fr/@cdurand, or a remote account seen there: .../@cdurand@autre.fr
    "mastodon": re.compile(r"https?://([^/\s@]+)/@([^/\s@]+)(?:@([^/\s@]+))?/?"),
    "bluesky": re.compile(r"https?://bsky\.app/profile/@?([^/\s]+)/?"),
}


def _handle(network: str) -> Callable[[Any], Any]:
    def with_at(value: Any) -> Any:
        """A handle as people write it (``MarieDupont``, ``@MarieDupont``, the profile's
        address), as posts show it: ``@MarieDupont``. Mastodon's ``marie@instance.fr``
        and Bluesky's domain name (``marie.bsky.social``, without ``@`` in Bluesky's own
        settings) get their ``@`` the same way. What stays invalid is the checker's to
        report, with the text as written."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        profile = _PROFILE_URLS[network].fullmatch(text)
        if profile is not None:
            if network == "mastodon":
                server, user, home = profile.groups()
                text = f"{user}@{home or server}"
            else:
                text = profile.group(1)
        return "@" + text.removeprefix("@") if text else text

    return with_at


class Handles(StrictModel):
    """A member's account on each network, with or without its @ (it is added)."""

    x: Annotated[str | None, BeforeValidator(_handle("x"))] = Field(
        None, description="X handle: @MarieDupont, MarieDupont or https://x.com/MarieDupont"
    )
    mastodon: Annotated[str | None, BeforeValidator(_handle("mastodon"))] = Field(
        None,
        description="Mastodon address: @marie@mastodon.social, marie@mastodon.social or "
        "https://mastodon.social/@marie",
    )
    bluesky: Annotated[str | None, BeforeValidator(_handle("bluesky"))] = Field(
        None,
        description="Bluesky handle (a domain name): marie.bsky.social, @marie.bsky.social or "
        "https://bsky.app/profile/marie.bsky.social",
    )

    def for_network(self, network: Network) -> str | None:
        handle: str | None = getattr(self, network)
        return handle


class Member(StrictModel):
    """An elected member (élu·e) who may be a rapporteur or be mentioned."""

    id: str = Field(pattern=ID_PATTERN, description="Used in rapporteur and {@id} mentions")
    name: str = Field(min_length=1, description="As written in posts, e.g. « Marie Dupont »")
    role: str | None = Field(None, description="e.g. « Adjointe aux finances »")
    group: str | None = Field(None, description="A group id")
    handles: Handles = Field(default=Handles(), description="Accounts per network")
    mention: bool = Field(True, description="false: always write the name, never the handle")

    def mention_for(self, network: Network) -> str:
        """What ``{@id}`` becomes on ``network``: the handle, or the name."""
        handle = self.handles.for_network(network)
        return handle if (self.mention and handle) else self.name


class Group(StrictModel):
    """A political group (majorité, opposition...)."""

    id: str = Field(pattern=ID_PATTERN, description="Letters, digits, - and _")
    name: str = Field(min_length=1, description="e.g. « Villeneuve en commun »")


class Theme(StrictModel):
    """A theme grouping items (finances, urbanisme...), with its own hashtags."""

    id: str = Field(pattern=ID_PATTERN, description="Letters, digits, - and _")
    label: str = Field(min_length=1, description="e.g. « Finances »")
    hashtags: list[str] = Field(default=[], description='e.g. ["#Budget2027"]')


class Link(StrictModel):
    """A document about an item (report, deliberation), linked in posts as {link}."""

    label: str = Field(min_length=1, description="e.g. « Rapport de présentation »")
    url: str = Field(description="An http:// or https:// address")


def _number_as_text(value: Any) -> Any:
    # The loader passes the number as written (07 stays "07"); this is for other callers.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


ItemNumber = Annotated[
    str,
    BeforeValidator(_number_as_text),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}],
            "description": "The printed number, kept as written (7, 07, 12 bis)",
        }
    ),
]

#: Codes written as numbers in YAML (``siret: 21860194600013``, ``matiere: 7.10``) are
#: kept as written by the loader; editors are told both spellings are fine.
MatterCode = Annotated[
    str | None,
    BeforeValidator(_number_as_text),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "pattern": r"^\d\.\d{1,2}$"}, {"type": "number"}],
            "description": "ACTES matter code of the deliberation (e.g. 7.1), for the "
            "open-data SCDL export",
        }
    ),
]
Siret = Annotated[
    str | None,
    BeforeValidator(_number_as_text),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "pattern": r"^\d{14}$"}, {"type": "integer"}],
            "description": "The body's SIRET (14 digits, checked with its key), for the "
            "open-data SCDL export",
        }
    ),
]


class Photo(StrictModel):
    """A prepared photo attached to the item's posts, with its text alternative."""

    path: str = Field(
        min_length=1, description="The image file (JPEG, PNG, WebP, GIF), relative to the agenda"
    )
    alt: str | None = Field(
        None,
        description="Alt text describing the picture for blind and partially sighted readers "
        "(required by `agenda check`)",
    )


#: A prepared draft: one post, or a list of posts meaning a thread.
Draft = str | list[str]


class Item(StrictModel):
    """One point of the agenda (délibération, communication, question diverse)."""

    id: str = Field(pattern=ID_PATTERN, description="Unique; letters, digits, - and _")
    number: ItemNumber = Field(
        min_length=1, description="The printed number, kept as written (7, 07, 12 bis)"
    )
    title: str = Field(min_length=1, description="The full title, as in the ordre du jour")
    short_title: str | None = Field(None, description="Shorter title used in posts")
    theme: str | None = Field(None, description="A theme id")
    rapporteur: str | None = Field(None, description="A member id")
    hashtags: list[str] = Field(default=[], description="The item's own hashtags")
    links: list[Link] = Field(default=[], description="The first one is {link}")
    closed: bool = Field(False, description="Huis clos: nothing may ever be posted for it")
    do_not_post: bool = Field(False, description="Keep the item out of posts")
    matiere: MatterCode = None
    drafts: dict[str, Draft] = Field(
        default_factory=dict,
        description="Prepared texts by stage name (intro, adopted...): a text, or a list of "
        "texts for a thread",
    )
    media: list[Photo] = Field(
        default=[], description="Up to 4 photos offered with the item's drafts: {path, alt}"
    )

    @property
    def postable(self) -> bool:
        return not (self.closed or self.do_not_post)

    @property
    def display_title(self) -> str:
        return self.short_title or self.title


class Session(StrictModel):
    """The sitting itself."""

    id: str = Field(pattern=ID_PATTERN, description="e.g. cm-2026-12-15")
    title: str = Field(min_length=1, description="e.g. « Conseil municipal du 15 décembre 2026 »")
    body: str = Field(min_length=1, description="The council, e.g. « Ville de Villeneuve »")
    start: AwareDatetime = Field(description="ISO 8601 date-time with a UTC offset")
    place: str | None = Field(None, description="e.g. « Salle du conseil, hôtel de ville »")
    language: Literal["fr", "en"] = Field("fr", description="Language of the built-in templates")
    livestream_url: str | None = Field(None, description="{livestream_url}")
    hashtags: list[str] = Field(default=[], description='e.g. ["#CMVilleneuve"]')
    members_in_office: int | None = Field(
        None, ge=1, description="Seats filled; bounds vote counts when checking lengths"
    )
    siret: Siret = None


class Agenda(StrictModel):
    """A whole agenda file."""

    version: Literal[1] = Field(description="Format version: 1")
    session: Session
    groups: list[Group] = []
    themes: list[Theme] = []
    members: list[Member] = Field(default=[], description="Elected members (élus)")
    templates: dict[str, str] = Field(
        default_factory=dict,
        description="Overrides of the built-in templates by stage name (opening, intro, "
        "adopted, adopted_unanimously, adopted_vote, rejected, rejected_vote, vote, "
        "suspension, resumption, closed_session, closing)",
    )
    items: list[Item] = Field(default=[], description="The ordre du jour, in order")

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)


__all__ = [
    "Agenda",
    "Draft",
    "Group",
    "Handles",
    "Item",
    "Link",
    "Member",
    "Photo",
    "Session",
    "Theme",
]
