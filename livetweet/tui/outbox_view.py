"""Reading the outbox for the screens: status figures, timeline rows, resume data.

Only reads; the posting controller owns every call that changes the outbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from livetweet.text.networks import DISPLAY_NAMES
from livetweet.tui.screens.timeline import TimelineRow
from livetweet.tui.session import OUTCOME_OF_STAGE, SessionModel
from livetweet.tui.widgets.status_bar import NetworkStatus, StatusFigures

if TYPE_CHECKING:
    from livetweet.publishing import Outbox

STATES = {"online": "online", "retrying": "retrying", "blocked": "offline"}


def status_figures(outbox: Outbox) -> StatusFigures:
    networks = {}
    quotas: list[str] = []
    for network, state in outbox.network_states().items():
        networks[network] = NetworkStatus(
            state=STATES.get(state.status, state.status),
            queued=state.queued,
            uncertain=state.uncertain,
            failed=state.failed,
        )
        q = state.quota
        if network == "x" and q.user_24h_remaining is not None and q.user_24h_limit:
            quotas.append(f"X {q.user_24h_remaining}/{q.user_24h_limit}")
        elif network in ("x", "mastodon") and q.remaining is not None and q.limit:
            quotas.append(f"{DISPLAY_NAMES[network]} {q.remaining}/{q.limit}")
    quota = " · ".join(quotas) or None
    counts = outbox.counts()
    return StatusFigures(
        networks=networks,
        quota=quota,
        posts=counts.posts,
        posts_with_urls=counts.posts_with_urls,
        dry_run=outbox.dry_run,
    )


def timeline_rows(outbox: Outbox, model: SessionModel) -> list[TimelineRow]:
    rows = []
    for record in outbox.timeline():
        item = model.agenda.item(record.item_id) if record.item_id else None
        when = record.posted_at or record.queued_at
        rows.append(
            TimelineRow(
                key=record.ref,
                time=_clock(when),
                network=record.network,
                item=item.number if item else "",
                state=record.state,
                text=record.text,
                detail=record.url or record.reason or "",
                thread=record.thread_id,
            )
        )
    return rows


def _clock(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return iso


def restore_model(outbox: Outbox, model: SessionModel) -> None:
    """Current item, votes and decisions come back from the journal on restart."""
    snapshot = outbox.session_state()
    votes = {
        item_id: (v.votes_for, v.against, v.abstain, v.outcome)
        for item_id, v in snapshot.votes.items()
    }
    outcomes = {
        record.item_id: record.stage
        for record in outbox.timeline()
        if record.item_id and record.stage in OUTCOME_OF_STAGE and record.state != "cancelled"
    }
    model.restore(snapshot.current_item, snapshot.items_started, votes, outcomes)
