"""What the draft in the editor is about, and the post request it becomes: the
data the main screen, the controllers and the drafts file pass to each other."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from livetweet.publishing.attachments import MediaAttachment
from livetweet.tui.models.bridge import VoteCounts


@dataclass(frozen=True)
class DraftContext:
    """What the draft in the editor is about."""

    item_id: str | None  # None: the session itself
    stage: str | None = None
    votes: VoteCounts | None = None
    #: A correction: the post (ref) it corrects on each account (by account id, a
    #: network's name for its default account); posted there only.
    corrects: Mapping[str, str] = field(default_factory=dict)
    #: Accounts of ``corrects`` whose post is edited in place, not replied to.
    edit_in_place: frozenset[str] = frozenset()
    #: The photos attached to the draft, with their alt texts (at most 4).
    media: tuple[MediaAttachment, ...] = ()


@dataclass(frozen=True)
class PostRequest:
    """Everything the outbox needs for one post (or one thread) per account."""

    source: str  # the editor's text, placeholders unresolved
    #: Rendered and split, per account id (a network's name for its default account).
    parts: dict[str, list[str]]
    item_id: str | None  # None: about the session (opening, suspension...)
    stage: str | None  # the template it came from, None for free text
    override: bool = False  # the operator overrode the closed/do-not-post guard
    votes: VoteCounts | None = field(default=None)
    #: A correction: the post (ref) it replies to on each account of ``parts``.
    corrects: Mapping[str, str] = field(default_factory=dict)
    #: Accounts of ``corrects`` whose post is edited in place, not replied to.
    edit_in_place: frozenset[str] = frozenset()
    #: The photos, with the first post of each account's thread.
    media: tuple[MediaAttachment, ...] = ()
