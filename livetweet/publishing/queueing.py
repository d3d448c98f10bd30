"""Queueing a submission: checking the item, choosing what each thread replies to.

Functions that read the ledger's state and ask it to record (called with its
lock held); the outbox's ``submit`` calls them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from livetweet.i18n import _
from livetweet.publishing.attachments import SpooledPhoto
from livetweet.publishing.ledger import Ledger
from livetweet.publishing.publisher import Publisher
from livetweet.publishing.reports import PostRef, ThreadMode
from livetweet.publishing.views import OutboxError
from livetweet.text import numbered

if TYPE_CHECKING:
    from livetweet.agenda.model import Agenda


class ItemNotPostable(OutboxError):
    """The item is closed (huis clos) or marked do-not-post; ``override=True`` is needed."""


def check_item(ledger: Ledger, agenda: Agenda | None, item_id: str | None, override: bool) -> None:
    """Refuse a closed (huis clos) or do-not-post item unless ``override``, which is
    journalled."""
    if agenda is None or item_id is None:
        return
    item = agenda.item(item_id)
    if item is None:
        raise OutboxError(_("No item {item} in the agenda.").format(item=item_id))
    if item.postable:
        return
    why = "closed" if item.closed else "do_not_post"
    if not override:
        raise ItemNotPostable(
            _("Item {item} is closed to posting (huis clos or do-not-post).").format(item=item_id)
        )
    ledger.record("override", item=item_id, why=why)


def queue_thread(
    ledger: Ledger,
    publisher: Publisher,
    thread_mode: ThreadMode,
    texts: list[str],
    *,
    item_id: str | None,
    stage: str | None,
    reply_to_id: str | None,
    corrects: PostRef | None,
    submission: tuple[PostRef, int],
    media: Sequence[SpooledPhoto] = (),
    alt_required: bool = True,
) -> list[PostRef]:
    """Journal ``texts`` as one thread on ``network``. The first part replies to the
    post it corrects, to an outside id, or (thread modes "session"/"item") to the
    last post queued in the same thread, sent or not yet: it waits behind it. The
    photos ``media`` go with the first part (``alt_required`` False: journalled as
    queued under ``require_alt_text: false``)."""
    state, network = ledger.state, publisher.network
    first = f"p{len(state.posts) + 1}"
    parent: PostRef | None = None
    if corrects is not None:
        parent, thread = corrects, f"{network}:correction:{corrects}"
    elif reply_to_id is not None:
        thread = f"{network}:reply:{first}"
    elif thread_mode == "session":
        thread = f"{network}:session"
    elif thread_mode == "item":
        thread = f"{network}:item:{item_id or '-'}"
    else:
        thread = f"{network}:post:{first}"
    if corrects is None and reply_to_id is None and thread_mode != "none":
        parent = state.thread_tails.get(thread)
    standalone = thread in state.standalone_threads
    refs: list[PostRef] = []
    for position, raw in enumerate(texts, start=1):
        ref = f"p{len(state.posts) + 1}"
        text = numbered(raw, position, len(texts), network) if standalone else raw
        photos: dict[str, Any] = {}
        if media and position == 1:
            photos["media"] = [photo.record() for photo in media]
            if not alt_required:
                photos["alt_required"] = False
        ledger.record(
            "queued",
            sync=False,  # one fsync for the whole submission, below
            ref=ref,
            network=network,
            account=publisher.account,
            dry_run=publisher.dry_run,
            text=text,
            item=item_id,
            stage=stage,
            thread=thread,
            position=position,
            count=len(texts),
            reply_to_ref=None if standalone else parent,
            reply_to_id=reply_to_id if position == 1 else None,
            corrects=corrects,
            submission=submission[0],  # all parts of one submit() call, every network
            submission_size=submission[1],
            **photos,
        )
        ledger.event("queued", ref)
        parent = ref
        refs.append(ref)
    return refs
