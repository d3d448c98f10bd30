"""Messages between the screens and the controllers. Up: the main screen tells
the app what the operator did (the posting controller and the outbox act on
it). Down: the posting controller tells the main screen what became of a post
(countdown, handed over, given back), instead of calling into it. Keeping them
here lets the controllers and the screens evolve separately."""

from __future__ import annotations

from textual.message import Message

from livetweet.tui.models.bridge import VoteCounts
from livetweet.tui.models.posts import PostRequest

__all__ = [
    "CountdownChanged",
    "GuardOverridden",
    "ItemStarted",
    "PostGivenBack",
    "PostHandedOver",
    "PostRequest",
    "PostRequested",
    "VoteRecorded",
]


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
