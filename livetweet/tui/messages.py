"""Messages between the screens and the controllers. Up: the main screen tells
the app what the operator did (the posting controller and the outbox act on
it). Down: the posting controller tells the main screen what became of a post
(countdown, handed over, given back), instead of calling into it. Keeping them
here lets the controllers and the screens evolve separately."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from textual.message import Message

from livetweet.text.networks import Network
from livetweet.tui.bridge import VoteCounts


@dataclass(frozen=True)
class PostRequest:
    """Everything the outbox needs for one post (or one thread) per network."""

    source: str  # the editor's text, placeholders unresolved
    parts: dict[Network, list[str]]  # rendered and split, per enabled network
    item_id: str | None  # None: about the session (opening, suspension...)
    stage: str | None  # the template it came from, None for free text
    override: bool = False  # the operator overrode the closed/do-not-post guard
    votes: VoteCounts | None = field(default=None)
    #: A correction: the post (ref) it replies to on each network of ``parts``.
    corrects: Mapping[Network, str] = field(default_factory=dict)
    #: Networks of ``corrects`` where the post is edited in place, not replied to.
    edit_in_place: frozenset[Network] = frozenset()


class PostRequested(Message):
    """The operator pressed the post key and the guard let it through."""

    def __init__(self, request: PostRequest) -> None:
        super().__init__()
        self.request = request


class ItemStarted(Message):
    """The current item changed (next-item key, Enter on the agenda, palette)."""

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id


class VoteRecorded(Message):
    """The vote dialog returned counts for an item (to be journalled)."""

    def __init__(self, item_id: str, votes: VoteCounts, outcome: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.votes = votes
        self.outcome = outcome


class GuardOverridden(Message):
    """The operator typed the confirmation to post about a closed/do-not-post item."""

    def __init__(self, item_id: str, reason: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.reason = reason


class CountdownChanged(Message):
    """Down: the send-delay countdown started, ticked, or ended (``request`` None)."""

    def __init__(self, request: PostRequest | None, seconds: float) -> None:
        super().__init__()
        self.request = request
        self.seconds = seconds


class PostHandedOver(Message):
    """Down: the post left the send delay for the outbox."""

    def __init__(self, request: PostRequest) -> None:
        super().__init__()
        self.request = request


class PostGivenBack(Message):
    """Down: the post was not sent (cancelled, refused, journal down): back to the editor."""

    def __init__(self, request: PostRequest) -> None:
        super().__init__()
        self.request = request
