"""Mastodon's photo upload budget, counted from the journal.

Mastodon allows 30 media uploads per 30 minutes per account, and answers 429
beyond. Every upload is journalled (``media_uploaded``, with the time by the
outbox's clock), so the uploads of the last 30 minutes are known after a
restart too; the sender waits rather than be refused, and the screen shows
what is left (``NetworkState.media_remaining``). Uploads made outside this
journal (another session, the network's own app) are not counted: a 429 then
is retried as any other.
"""

from __future__ import annotations

from typing import Final

from livetweet.publishing.publisher import Publisher
from livetweet.publishing.state import SessionState

#: Mastodon's media upload limit: this many per window, per account.
MASTODON_UPLOADS: Final = 30
MASTODON_WINDOW: Final = 30 * 60.0


def media_budget(
    state: SessionState, publisher: Publisher, now: float
) -> tuple[int | None, float | None]:
    """(uploads left now, when the next one frees) for ``publisher``'s account; (None,
    None) where the network has no such budget."""
    if publisher.network != "mastodon" or publisher.dry_run:
        return None, None
    recent = sorted(
        at for at in state.media_uploads.get(publisher.account_id, ()) if at > now - MASTODON_WINDOW
    )
    remaining = max(0, MASTODON_UPLOADS - len(recent))
    frees_at = recent[len(recent) - MASTODON_UPLOADS] + MASTODON_WINDOW if not remaining else None
    return remaining, frees_at
