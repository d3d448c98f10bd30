"""What the operator's choices in the dialogs do: load a template's text, record
the counts of a vote, write a correction.

A controller: the app opens the dialogs (the screens ask it with messages) and
calls these with what was chosen; the results go down to the main screen as
messages (``DraftLoaded``, ``ItemsChanged``, ``PostGivenBack``), never as calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from livetweet.agenda.model import Item
from livetweet.agenda.votes import Outcome
from livetweet.i18n import _
from livetweet.publishing.attachments import MediaAttachment
from livetweet.publishing.drafts import Draft
from livetweet.tui.messages import (
    DraftLoaded,
    ItemsChanged,
    PostGivenBack,
    PostRequest,
    VoteRecorded,
    VoteRequested,
)
from livetweet.tui.models.accounts import networks_of
from livetweet.tui.models.attachments import item_photos
from livetweet.tui.models.bridge import (
    THREAD_BREAK,
    RenderError,
    VoteCounts,
    is_session_stage,
    stage_needs_votes,
    stage_source,
)
from livetweet.tui.models.drafting import editor_text
from livetweet.tui.models.posts import DraftContext
from livetweet.tui.models.stages import TemplateChoice, available_stages

if TYPE_CHECKING:
    from livetweet.tui.app import LiveTweetApp


class Flows:
    """One per app: acts on the session model for the dialogs' results."""

    def __init__(self, app: LiveTweetApp) -> None:
        self.app = app

    def _down(self, message: Message) -> None:
        self.app.main_screen.post_message(message)

    # -- templates ---------------------------------------------------------------

    def stage_text(self, item: Item | None, stage: str, votes: VoteCounts | None = None) -> str:
        """The editor text for ``stage``: placeholders resolved except per-network ones."""
        subject = None if is_session_stage(stage) else item
        source = THREAD_BREAK.join(stage_source(self.app.model.agenda, subject, stage, votes))
        return editor_text(self.app.analyser, source, self.app.enabled_networks, subject, votes)

    def available_stages(self, item: Item | None) -> list[str]:
        return available_stages(self.app.model.agenda, item)

    def choices(self, item: Item | None) -> list[TemplateChoice]:
        agenda = self.app.model.agenda
        network = self.app.enabled_networks[0]
        result = []
        for stage in self.available_stages(item):
            preview = ""
            if not stage_needs_votes(agenda, item, stage):
                subject = None if is_session_stage(stage) else item
                try:
                    text = self.stage_text(item, stage)
                    preview = self.app.analyser.render(text, network, subject)[0]
                except RenderError as error:
                    preview = f"⚠ {error}"
            prepared = item is not None and stage in item.drafts
            result.append(TemplateChoice(stage, prepared, preview))
        return result

    def insert_stage(self, stage: str, votes: VoteCounts | None = None) -> None:
        """Load ``stage`` for the current item into the editor (asking the votes first
        when its text needs them)."""
        item = self.app.model.current_item
        agenda = self.app.model.agenda
        if votes is None and stage_needs_votes(agenda, item, stage):
            self.app.post_message(VoteRequested(stage))  # the app asks the counts first
            return
        try:
            text = self.stage_text(item, stage, votes)
        except RenderError as error:
            self.app.notify(str(error), title=_("Cannot use this template"), severity="error")
            return
        about = None if (item is None or is_session_stage(stage)) else item.id
        photos = self.prepared_photos(item, stage)
        context = DraftContext(item_id=about, stage=stage, votes=votes, media=photos)
        self._down(DraftLoaded(text, context))

    def prepared_photos(self, item: Item | None, stage: str) -> tuple[MediaAttachment, ...]:
        """The item's prepared photos come with its prepared drafts (the operator can
        take any of them off the draft); a generic template brings none."""
        if item is None or not item.media or stage not in item.drafts:
            return ()
        photos = item_photos(item, self.app.agenda_dir)
        self.app.notify(
            _("The item's prepared photos come with this draft: {names}").format(
                names=", ".join(photo.path.name for photo in photos)
            ),
            title=_("Photos"),
            timeout=6,
        )
        return photos

    # -- vote --------------------------------------------------------------------

    def votes_entered(self, item: Item, votes: VoteCounts, stage: str | None = None) -> None:
        """Record the counts (the app journals them), then load ``stage`` (by default
        the adopted/rejected-with-counts text that matches the result)."""
        outcome = self.app.model.record_votes(item.id, votes)
        self._down(ItemsChanged([item.id]))
        self.app.post_message(VoteRecorded(item.id, votes, outcome.value))
        rejected = outcome is Outcome.REJECTED
        self.insert_stage(stage or ("rejected_vote" if rejected else "adopted_vote"), votes)

    # -- corrections ---------------------------------------------------------------

    def correction_targets(self, ref: str) -> dict[str, str]:
        """The post ``ref`` and the same post on every other account it went to (same
        submission, same place in the thread), if published there: by account id,
        a network's accounts side by side. Only accounts this session publishes to."""
        outbox = self.app.outbox
        if outbox is None:
            return {}
        original = outbox.post(ref)
        targets = {original.account_id: original.ref}
        for record in outbox.timeline():
            if (
                original.submission is not None
                and record.submission == original.submission
                and record.position == original.position
                and record.state == "posted"
                and record.account_id not in targets
            ):
                targets[record.account_id] = record.ref
        return {a.id: targets[a.id] for a in self.app.accounts.among(targets)}

    def correction_draft(self, text: str, corrects: dict[str, str]) -> Draft:
        """A correction being written, as the drafts file keeps it (by account id)."""
        outbox = self.app.outbox
        item_id = outbox.post(next(iter(corrects.values()))).item_id if outbox else None
        return Draft(text, item_id, "correction", corrects=dict(corrects))

    def post_correction(
        self, text: str, corrects: dict[str, str], edit_in_place: tuple[str, ...] = ()
    ) -> None:
        """A correction goes through the send delay like any post (Escape gives it
        back to the editor, still a correction), to each account of ``corrects``
        with that account's limit; on ``edit_in_place`` accounts it replaces the
        post's text instead of replying (it must fit one post)."""
        outbox = self.app.outbox
        assert outbox is not None
        item_id = outbox.post(next(iter(corrects.values()))).item_id
        item = self.app.model.agenda.item(item_id) if item_id else None
        subject = item if item is not None and item.postable else None
        accounts = self.app.accounts.among(corrects)
        analysis = self.app.analyser.analyse(
            text, networks_of(accounts), subject, max_parts=None, accounts=accounts
        )
        request = PostRequest(
            source=text,
            parts=analysis.parts_for(accounts),
            item_id=item_id,
            stage="correction",
            corrects={a.id: corrects[a.id] for a in accounts},
            edit_in_place=frozenset(edit_in_place),
        )
        problem = analysis.unpostable(self.app.settings.limits)
        if problem is None and any(len(request.parts.get(a, ())) > 1 for a in edit_in_place):
            problem = _("An edit replaces one post: the text must fit in one.")
        if problem is not None:
            self.app.notify(problem, title=_("Cannot post"), severity="error")
            self._down(PostGivenBack(request))
            return
        self.app.posting.request(request)
