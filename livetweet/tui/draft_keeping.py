"""Keeping what the operator typed on disk while the app runs, and bringing it back.

The editor's draft is saved 300 ms after typing stops (in a thread: an fsync
can take a while on a slow disk); a post entering its send delay is saved at
once, before anything else happens, and stays in the file until the journal
holds it as queued. The store itself is ``livetweet.publishing.drafts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from livetweet.i18n import _
from livetweet.publishing import OutboxError
from livetweet.publishing.attachments import MediaAttachment
from livetweet.publishing.drafts import Draft, DraftState, DraftStore, already_queued
from livetweet.tui.messages import DraftLoaded
from livetweet.tui.models.bridge import VoteCounts
from livetweet.tui.models.posts import DraftContext, PostRequest

if TYPE_CHECKING:
    from livetweet.tui.app import LiveTweetApp

#: Seconds of quiet typing after which the draft is written and synced.
SAVE_DELAY = 0.3


def draft_of(text: str, context: DraftContext, chosen: frozenset[str] | None = None) -> Draft:
    votes = context.votes
    return Draft(
        text=text,
        item_id=context.item_id,
        stage=context.stage,
        votes=(votes.for_, votes.against, votes.abstain) if votes else None,
        corrects=dict(context.corrects),
        edit_in_place=tuple(sorted(context.edit_in_place)),
        media=kept_media(context.media),
        accounts=tuple(sorted(chosen)) if chosen is not None else None,
    )


def kept_media(media: tuple[MediaAttachment, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((str(photo.path), photo.alt) for photo in media)


def draft_of_request(request: PostRequest) -> Draft:
    votes = request.votes
    return Draft(
        text=request.source,
        item_id=request.item_id,
        stage=request.stage,
        votes=(votes.for_, votes.against, votes.abstain) if votes else None,
        corrects=dict(request.corrects),
        edit_in_place=tuple(sorted(request.edit_in_place)),
        parts={n: list(p) for n, p in request.parts.items()},
        media=kept_media(request.media),
    )


class DraftKeeper:
    """One per app: the in-memory copy of what is not in the journal, and its file."""

    def __init__(self, app: LiveTweetApp, store: DraftStore) -> None:
        self.app = app
        self.store = store
        self.draft: Draft | None = None
        self.dialog: Draft | None = None
        self.pending: list[tuple[PostRequest, Draft]] = []
        self._generation = 0
        self._timer: Timer | None = None

    @property
    def state(self) -> DraftState:
        return DraftState(self.draft, tuple(d for _r, d in self.pending), self.dialog)

    # -- what changes -------------------------------------------------------------

    def typed(self, text: str, context: DraftContext, chosen: frozenset[str] | None = None) -> None:
        """The editor changed: save once typing pauses."""
        draft = draft_of(text, context, chosen)
        self.draft = draft if draft.kept else None
        self.save_soon()

    def typed_in_dialog(self, draft: Draft | None) -> None:
        """A correction being written in its dialog (None: the dialog closed)."""
        self.dialog = draft if draft is not None and draft.text.strip() else None
        self.save_soon()

    def counting_down(self, request: PostRequest) -> None:
        """A post leaves the editor: on disk before its countdown starts."""
        self.pending.append((request, draft_of_request(request)))
        self.save_now()

    def settled(self, request: PostRequest) -> None:
        """The post is in the journal, or back in the editor (cancelled, refused)."""
        self.pending = [(r, d) for r, d in self.pending if r is not request]
        self.save_soon()  # after the editor's change, if it got the text back

    # -- saving ----------------------------------------------------------------------

    def save_soon(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(SAVE_DELAY, self._save_in_thread)

    def _save_in_thread(self) -> None:
        self._timer = None
        self._generation += 1
        save = partial(self.store.save, self.state, self._generation)
        self.app.run_worker(save, thread=True, group="drafts", name="drafts", exit_on_error=False)

    def save_now(self) -> None:
        """Save on this thread (a countdown starts, the app quits)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._generation += 1
        try:
            self.store.save(self.state, self._generation)
        except OSError as error:
            self.save_failed(error)

    def save_failed(self, error: OSError) -> None:
        self.app.notify(
            _("The draft could not be saved to {path}: {reason}").format(
                path=self.store.path, reason=error.strerror or error
            ),
            title=_("Draft not saved"),
            severity="error",
            timeout=10,
        )

    # -- at start-up -----------------------------------------------------------------

    def restore(self) -> None:
        """Put back in the editor what the last run of this session left unsent."""

        try:
            state = self.store.load()
        except ValueError as error:
            self.app.notify(
                _("The saved draft could not be read; it was set aside as {path}.").format(
                    path=error
                ),
                severity="warning",
                timeout=10,
            )
            return
        except OSError as error:
            self.save_failed(error)
            return
        outbox = self.app.outbox
        queued = (
            [(r.account_id, r.text, r.queued_at) for r in outbox.timeline()]
            if outbox is not None
            else []
        )
        pending = [p for p in state.pending if not already_queued(p, queued)]
        drafts = [*pending, *(d for d in (state.draft, state.dialog) if d is not None)]
        texts = list(dict.fromkeys(d.text.strip() for d in drafts if d.text.strip()))
        media = list(dict.fromkeys(photo for d in drafts for photo in d.media))
        if not texts and not media:
            return
        first = drafts[0]
        agenda = self.app.model.agenda
        item_id = first.item_id if first.item_id and agenda.item(first.item_id) else None
        corrects = self.corrected_accounts(first.corrects)
        context = DraftContext(
            item_id=item_id,
            stage=first.stage if item_id or first.item_id is None else None,
            votes=VoteCounts(*first.votes) if first.votes else None,
            corrects=corrects,
            edit_in_place=frozenset(first.edit_in_place) & set(corrects),
            media=tuple(MediaAttachment(Path(path), alt) for path, alt in media),
        )
        # The accounts it was going to: a post counting down names them; a draft, the
        # operator's choice if any (a correction goes where its post went).
        chosen = frozenset(first.parts) if first.parts else None
        if chosen is None and first.accounts is not None:
            chosen = frozenset(first.accounts)
        if corrects or not chosen:
            chosen = None
        self.app.main_screen.post_message(DraftLoaded("\n\n".join(texts), context, chosen))
        if pending:
            message = _(
                "The post that was counting down when livetweet stopped was not sent: "
                "it is back in the editor."
            )
        else:
            message = _("Your draft from the last run of this session is back in the editor.")
        self.app.notify(message, title=_("Draft restored"), severity="warning", timeout=10)

    def corrected_accounts(self, kept: Mapping[str, str]) -> dict[str, str]:
        """A kept correction's posts, by the account each was published from (the
        journal says; a file written before accounts names networks, which are their
        default accounts' ids): only the accounts this session publishes to."""
        outbox = self.app.outbox
        if outbox is None:
            return {}
        refs: dict[str, str] = {}
        for ref in kept.values():
            try:
                refs.setdefault(outbox.post(ref).account_id, ref)
            except OutboxError:  # not in this journal: nothing to correct
                continue
        return {a.id: refs[a.id] for a in self.app.accounts.among(refs)}
