"""Messages between the screens and the app's controllers: data flows one way.

Up: a screen tells the app what the operator did or asked for (post, vote, open
a dialog, act on a post of the timeline); the app and its controllers act on the
session model and the outbox. Down: the app and its controllers tell the main
screen what to show (a countdown, a draft to load, rows to redraw), instead of
calling into it. Screens never call a controller; controllers never call a
screen. Keeping the messages here lets both evolve separately."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from textual.message import Message

from livetweet.tui.models.bridge import VoteCounts
from livetweet.tui.models.posts import DraftContext, PostRequest

__all__ = [
    "CancelSendRequested",
    "CorrectionRequested",
    "CountdownChanged",
    "DraftLoaded",
    "DraftTyped",
    "GuardOverridden",
    "ItemStarted",
    "ItemsChanged",
    "MainScreenReady",
    "PostAction",
    "PostActionRequested",
    "PostGivenBack",
    "PostHandedOver",
    "PostRequest",
    "PostRequested",
    "TemplatesRequested",
    "TimelineRequested",
    "VoteRecorded",
    "VoteRequested",
]


class Down(Message, bubble=False):
    """A message to the main screen: it stops there (the app sent it)."""


# -- up: what the operator did ----------------------------------------------------


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


class MainScreenReady(Message):
    """The main screen is mounted: the draft of the last run and the status can come."""


class DraftTyped(Message):
    """The editor changed (or the accounts chosen for it): the drafts file keeps it."""

    def __init__(
        self, text: str, context: DraftContext, chosen: frozenset[str] | None = None
    ) -> None:
        super().__init__()
        self.text = text
        self.context = context
        self.chosen = chosen  # the accounts chosen for this post; None: the routing's


class CancelSendRequested(Message):
    """Escape during the countdown: the post is withdrawn, given back if it was pending."""


class TemplatesRequested(Message):
    """The template key: pick a text for the current item."""


class VoteRequested(Message):
    """Ask the counts for the current item, then load ``stage`` (None: the result's)."""

    def __init__(self, stage: str | None = None) -> None:
        super().__init__()
        self.stage = stage


class TimelineRequested(Message):
    """The timeline key: show the session's posts."""


PostAction = Literal["retry", "cancel", "published", "not_published", "delete", "standalone"]


class PostActionRequested(Message):
    """The operator chose an action on a post of the timeline (``ref``: the post's
    reference, or the thread's id for ``standalone``); the outbox journals it."""

    def __init__(self, action: PostAction, ref: str) -> None:
        super().__init__()
        self.action = action
        self.ref = ref


class CorrectionRequested(Message):
    """Write a correction in reply to the post ``ref`` (its ``text`` to start from)."""

    def __init__(self, ref: str, text: str) -> None:
        super().__init__()
        self.ref = ref
        self.text = text


# -- down: what the main screen shows -----------------------------------------------


class CountdownChanged(Down):
    """Down: the send-delay countdown started, ticked, or ended (``request`` None)."""

    def __init__(self, request: PostRequest | None, seconds: float) -> None:
        super().__init__()
        self.request = request
        self.seconds = seconds


class PostHandedOver(Down):
    """Down: the post left the send delay for the outbox."""

    def __init__(self, request: PostRequest) -> None:
        super().__init__()
        self.request = request


class PostGivenBack(Down):
    """Down: the post was not sent (cancelled, refused, journal down): back to the editor."""

    def __init__(self, request: PostRequest) -> None:
        super().__init__()
        self.request = request


class DraftLoaded(Down):
    """Down: replace the draft (a template, the counts' text, the last run's draft)."""

    def __init__(
        self, text: str, context: DraftContext, chosen: frozenset[str] | None = None
    ) -> None:
        super().__init__()
        self.text = text
        self.context = context
        self.chosen = chosen  # the accounts chosen for it; None: the routing's


class ItemsChanged(Down):
    """Down: what was recorded about these items changed (votes): redraw their rows."""

    def __init__(self, item_ids: Iterable[str]) -> None:
        super().__init__()
        self.item_ids = tuple(item_ids)
