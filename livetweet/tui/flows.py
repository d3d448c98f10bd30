"""The dialog flows started from the main screen, the palette and the keys:
pick a template, record a vote, insert a member, open the timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from livetweet.agenda.model import Item
from livetweet.agenda.votes import Outcome
from livetweet.i18n import _
from livetweet.publishing.drafts import Draft
from livetweet.text.networks import NETWORKS, Network
from livetweet.tui.bridge import (
    THREAD_BREAK,
    RenderError,
    VoteCounts,
    is_session_stage,
    stage_needs_votes,
    stage_source,
    stages_for,
)
from livetweet.tui.drafting import editor_text
from livetweet.tui.messages import PostRequest, VoteRecorded
from livetweet.tui.screens.main import DraftContext, MainScreen
from livetweet.tui.screens.member_picker import MemberPicker
from livetweet.tui.screens.templates import TemplateChoice, TemplatePicker
from livetweet.tui.screens.timeline import TimelineScreen
from livetweet.tui.screens.vote import VoteDialog
from livetweet.tui.widgets.agenda_list import AgendaList

if TYPE_CHECKING:
    from livetweet.tui.app import LiveTweetApp


class Flows:
    def __init__(self, app: LiveTweetApp) -> None:
        self.app = app

    @property
    def main(self) -> MainScreen:
        return self.app.main_screen

    def _item_label(self, item: Item) -> str:
        return _("Item {number} — {title}").format(number=item.number, title=item.display_title)

    # -- templates ---------------------------------------------------------------

    def stage_text(self, item: Item | None, stage: str, votes: VoteCounts | None = None) -> str:
        """The editor text for ``stage``: placeholders resolved except per-network ones."""
        subject = None if is_session_stage(stage) else item
        source = THREAD_BREAK.join(stage_source(self.app.model.agenda, subject, stage, votes))
        return editor_text(self.app.analyser, source, self.app.enabled_networks, subject, votes)

    def available_stages(self, item: Item | None) -> list[str]:
        """The item's stages (prepared drafts first), then the session's."""
        agenda = self.app.model.agenda
        item_stages = stages_for(agenda, item) if item is not None else []
        return item_stages + [s for s in stages_for(agenda, None) if s not in item_stages]

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

    def pick_template(self) -> None:
        item = self.app.model.current_item
        title = _("Templates — session") if item is None else self._item_label(item)

        def picked(stage: str | None) -> None:
            if stage is not None:
                self.insert_stage(stage)

        self.app.push_screen(TemplatePicker(title, self.choices(item)), picked)

    def insert_stage(self, stage: str, votes: VoteCounts | None = None) -> None:
        """Load ``stage`` for the current item into the editor (asking the votes first
        when its text needs them)."""
        item = self.app.model.current_item
        agenda = self.app.model.agenda
        if votes is None and stage_needs_votes(agenda, item, stage):
            self.vote(stage)
            return
        try:
            text = self.stage_text(item, stage, votes)
        except RenderError as error:
            self.app.notify(str(error), title=_("Cannot use this template"), severity="error")
            return
        about = None if (item is None or is_session_stage(stage)) else item.id
        self.main.load_draft(text, DraftContext(item_id=about, stage=stage, votes=votes))

    # -- vote --------------------------------------------------------------------

    def vote(self, stage: str | None = None) -> None:
        """Ask for the counts, journal them, then load ``stage`` (by default the
        adopted/rejected-with-counts text that matches the result)."""
        item = self.app.model.current_item
        if item is None:
            self.app.notify(_("No current item to vote on."), severity="warning")
            return
        if not item.postable:
            self.app.notify(
                _("Nothing is recorded for a closed or do-not-post item."), severity="error"
            )
            return
        members = self.app.model.agenda.session.members_in_office

        def recorded(votes: VoteCounts | None) -> None:
            if votes is None:
                return
            outcome = self.app.model.record_votes(item.id, votes)
            self.main.query_one(AgendaList).refresh_items([item])
            self.main.post_message(VoteRecorded(item.id, votes, outcome.value))
            rejected = outcome is Outcome.REJECTED
            self.insert_stage(stage or ("rejected_vote" if rejected else "adopted_vote"), votes)

        self.app.push_screen(VoteDialog(self._item_label(item), members), recorded)

    # -- members and timeline ------------------------------------------------------

    def pick_member(self) -> None:
        def picked(member_id: str | None) -> None:
            if member_id is not None:
                self.main.insert_text(f"{{@{member_id}}}")

        self.app.push_screen(MemberPicker(self.app.model.agenda), picked)

    # -- corrections ---------------------------------------------------------------

    def correction_targets(self, ref: str) -> dict[Network, str]:
        """The post ``ref`` and the same post on every other network it went to
        (same submission, same place in the thread), if published there."""
        outbox = self.app.outbox
        if outbox is None:
            return {}
        original = outbox.post(ref)
        targets = {original.network: original.ref}
        for record in outbox.timeline():
            if (
                original.submission is not None
                and record.submission == original.submission
                and record.position == original.position
                and record.state == "posted"
                and record.network not in targets
            ):
                targets[record.network] = record.ref
        return dict(sorted(targets.items(), key=lambda t: NETWORKS.index(t[0])))

    def correction_draft(self, text: str, corrects: dict[Network, str]) -> Draft:
        """A correction being written, as the drafts file keeps it."""
        outbox = self.app.outbox
        item_id = outbox.post(next(iter(corrects.values()))).item_id if outbox else None
        return Draft(text, item_id, "correction", corrects={str(n): r for n, r in corrects.items()})

    def post_correction(
        self, text: str, corrects: dict[Network, str], edit_in_place: tuple[Network, ...] = ()
    ) -> None:
        """A correction goes through the send delay like any post (Escape gives it
        back to the editor, still a correction); on ``edit_in_place`` networks it
        replaces the post's text instead of replying (it must fit one post)."""
        outbox = self.app.outbox
        assert outbox is not None
        item_id = outbox.post(next(iter(corrects.values()))).item_id
        item = self.app.model.agenda.item(item_id) if item_id else None
        subject = item if item is not None and item.postable else None
        analysis = self.app.analyser.analyse(text, list(corrects), subject)
        request = PostRequest(
            source=text,
            parts={n.network: list(n.parts) for n in analysis.networks},
            item_id=item_id,
            stage="correction",
            corrects=corrects,
            edit_in_place=frozenset(edit_in_place),
        )
        problem = analysis.unpostable(self.app.settings.limits)
        if problem is None and any(len(request.parts[n]) > 1 for n in edit_in_place):
            problem = _("An edit replaces one post: the text must fit in one.")
        if problem is not None:
            self.app.notify(problem, title=_("Cannot post"), severity="error")
            self.main.restore_draft(request)
            return
        self.app.posting.request(request)

    def open_timeline(self) -> None:
        self.app.push_screen(TimelineScreen(self.app.timeline_rows()))
