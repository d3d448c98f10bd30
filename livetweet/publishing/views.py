"""What the outbox shows: read-only queries over the ledger's state (thread-safe).

The outbox delegates its query methods here; nothing in this module records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from livetweet.i18n import _
from livetweet.publishing.budget import media_budget
from livetweet.publishing.ledger import Ledger
from livetweet.publishing.publisher import Publisher
from livetweet.publishing.reports import Counts, NetworkState, PostRef, SessionSnapshot
from livetweet.publishing.retry import Clock
from livetweet.publishing.state import PostRecord


class OutboxError(Exception):
    """An operator action that does not apply (unknown post, wrong state...)."""


class SessionView:
    """Queries over ``ledger``'s state; every answer is a copy the caller may keep."""

    def __init__(self, ledger: Ledger, publishers: Mapping[str, Publisher], clock: Clock) -> None:
        self._ledger = ledger
        self._publishers = publishers
        self._clock = clock

    def find(self, ref: PostRef) -> PostRecord:
        """The live record of ``ref`` (not a copy: call with the ledger's lock held)."""
        try:
            return self._ledger.state.posts[ref]
        except KeyError:
            raise OutboxError(_("No post {ref} in this session.").format(ref=ref)) from None

    def timeline(self) -> list[PostRecord]:
        with self._ledger.lock:
            return [r.snapshot() for r in self._ledger.state.posts.values()]

    def post(self, ref: PostRef) -> PostRecord:
        with self._ledger.lock:
            return self.find(ref).snapshot()

    def blocked_by(self, ref: PostRef) -> PostRef | None:
        """The earlier post this one waits for (failed, uncertain or not sent yet)."""
        with self._ledger.lock:
            return self._ledger.state.parent_post_id(self.find(ref))[1]

    def network_states(self) -> dict[str, NetworkState]:
        """Each account's state, keyed by account id, in the publishers' order."""
        now = self._clock.now()
        result: dict[str, NetworkState] = {}
        with self._ledger.lock:
            for account_id, publisher in self._publishers.items():
                posts = [r for r in self._ledger.state.posts.values() if r.account_id == account_id]
                queued = sum(r.state in ("queued", "sending") for r in posts)
                uncertain = sum(r.state == "uncertain" for r in posts)
                failed = sum(r.state == "failed" for r in posts)
                wake = self._ledger.state.next_wake(account_id)
                retry_at = wake if wake is not None and wake > now else None
                status: Literal["online", "retrying", "blocked"] = (
                    "retrying" if retry_at else "blocked" if uncertain + failed else "online"
                )
                media_remaining, media_frees_at = media_budget(self._ledger.state, publisher, now)
                result[account_id] = NetworkState(
                    publisher.network,
                    publisher.account,
                    publisher.dry_run,
                    status,
                    queued,
                    uncertain,
                    failed,
                    retry_at,
                    publisher.quota(),
                    account_id,
                    media_remaining=media_remaining,
                    media_frees_at=media_frees_at,
                )
        return result

    def counts(self) -> Counts:
        with self._ledger.lock:
            published = [
                r
                for r in self._ledger.state.posts.values()
                if r.post_id is not None and r.state in ("posted", "deleted")
            ]
        by_network: dict[str, tuple[int, int]] = {}
        for r in published:
            posts, with_urls = by_network.get(r.network, (0, 0))
            by_network[r.network] = (posts + 1, with_urls + int(r.has_url))
        return Counts(
            posts=len(published),
            posts_with_urls=sum(r.has_url for r in published),
            by_network=by_network,
        )

    def session_state(self) -> SessionSnapshot:
        with self._ledger.lock:
            s = self._ledger.state
            return SessionSnapshot(
                session_id=s.session_id,
                current_item=s.current_item,
                items_started=list(s.items_started),
                votes=dict(s.votes),
                thread_tails={t: s.posts[ref].snapshot() for t, ref in s.thread_tails.items()},
            )
