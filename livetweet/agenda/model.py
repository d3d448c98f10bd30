"""The agenda (ordre du jour) of one council session, format version 1.

These models are the single definition of the format: the loader validates
files against them, ``agenda schema`` exports their JSON Schema, and the TUI
and the publishing pipeline read them. Unknown keys are errors (a clerk's
typo such as ``titel`` must not be silently ignored).
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from livetweet.text.networks import Network

ID_PATTERN = r"^[A-Za-z0-9_-]+$"


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Handles(StrictModel):
    """A member's account on each network, written as the network shows it."""

    x: str | None = Field(None, description="X handle, e.g. @MarieDupont")
    mastodon: str | None = Field(None, description="Mastodon handle, e.g. @marie@mastodon.social")
    bluesky: str | None = Field(None, description="Bluesky handle, e.g. @marie.bsky.social")

    def for_network(self, network: Network) -> str | None:
        handle: str | None = getattr(self, network)
        return handle


class Member(StrictModel):
    """An elected member (élu·e) who may be a rapporteur or be mentioned."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    role: str | None = Field(None, description="e.g. « Adjointe aux finances »")
    group: str | None = Field(None, description="A group id")
    handles: Handles = Handles()
    mention: bool = Field(True, description="false: always write the name, never the handle")

    def mention_for(self, network: Network) -> str:
        """What ``{@id}`` becomes on ``network``: the handle, or the name."""
        handle = self.handles.for_network(network)
        return handle if (self.mention and handle) else self.name


class Group(StrictModel):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)


class Theme(StrictModel):
    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    hashtags: list[str] = []


class Link(StrictModel):
    label: str = Field(min_length=1)
    url: str


#: A prepared draft: one post, or a list of posts meaning a thread.
Draft = str | list[str]


class Item(StrictModel):
    """One point of the agenda (délibération, communication, question diverse)."""

    id: str = Field(pattern=ID_PATTERN)
    number: str = Field(min_length=1, description="The printed number, kept as written")
    title: str = Field(min_length=1)
    short_title: str | None = Field(None, description="Shorter title used in posts")
    theme: str | None = Field(None, description="A theme id")
    rapporteur: str | None = Field(None, description="A member id")
    hashtags: list[str] = []
    links: list[Link] = []
    closed: bool = Field(False, description="Huis clos: nothing may ever be posted for it")
    do_not_post: bool = False
    drafts: dict[str, Draft] = Field(
        default_factory=dict, description="Prepared texts by stage name (intro, adopted...)"
    )

    @property
    def postable(self) -> bool:
        return not (self.closed or self.do_not_post)

    @property
    def display_title(self) -> str:
        return self.short_title or self.title


class Session(StrictModel):
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    body: str = Field(min_length=1, description="The council, e.g. « Ville de Villeneuve »")
    start: AwareDatetime = Field(description="ISO 8601 date-time with a UTC offset")
    place: str | None = None
    language: Literal["fr", "en"] = "fr"
    livestream_url: str | None = None
    hashtags: list[str] = []
    members_in_office: int | None = Field(None, ge=1)


class Agenda(StrictModel):
    """A whole agenda file."""

    version: Literal[1]
    session: Session
    groups: list[Group] = []
    themes: list[Theme] = []
    members: list[Member] = []
    templates: dict[str, str] = Field(
        default_factory=dict, description="Overrides of the built-in templates by name"
    )
    items: list[Item] = []

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
    "Session",
    "Theme",
]
