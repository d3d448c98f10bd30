"""The dialogs the screens ask the app for (with messages): the app opens them
here, and the flows act on what the operator chose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from livetweet.agenda.model import Item
from livetweet.i18n import _
from livetweet.tui.models.bridge import VoteCounts
from livetweet.tui.screens.templates import TemplatePicker
from livetweet.tui.screens.vote import VoteDialog

if TYPE_CHECKING:
    from livetweet.tui.app import LiveTweetApp
    from livetweet.tui.screens.confirm import Correction


def item_label(item: Item) -> str:
    return _("Item {number} — {title}").format(number=item.number, title=item.display_title)


def pick_template(app: LiveTweetApp) -> None:
    """The texts for the current item; the chosen one goes to the editor."""
    item = app.model.current_item
    title = _("Templates — session") if item is None else item_label(item)

    def picked(stage: str | None) -> None:
        if stage is not None:
            app.flows.insert_stage(stage)

    app.push_screen(TemplatePicker(title, app.flows.choices(item)), picked)


def ask_votes(app: LiveTweetApp, stage: str | None) -> None:
    """Ask for the counts of the current item; the flows record them, then load
    ``stage`` (None: the text that matches the result)."""
    item = app.model.current_item
    if item is None:
        app.notify(_("No current item to vote on."), severity="warning")
        return
    if not item.postable:
        app.notify(_("Nothing is recorded for a closed or do-not-post item."), severity="error")
        return
    members = app.model.agenda.session.members_in_office

    def recorded(votes: VoteCounts | None) -> None:
        if votes is not None:
            app.flows.votes_entered(item, votes, stage)

    app.push_screen(VoteDialog(item_label(item), members), recorded)


def write_correction(app: LiveTweetApp, ref: str, text: str) -> None:
    """A correction in reply to the post ``ref`` (from the timeline, over it); kept in
    the drafts file while it is written, then through the send delay."""
    from livetweet.tui.screens.confirm import CorrectionDialog  # imported on demand

    flows, keeper = app.flows, app.keeper
    targets = flows.correction_targets(ref)
    timeline = app.screen

    def written(correction: Correction | None) -> None:
        keeper.typed_in_dialog(None)  # sent (kept as pending) or cancelled on purpose
        if correction:
            timeline.dismiss(None)  # the countdown shows on the main screen
            chosen = {n: targets[n] for n in correction.networks}
            flows.post_correction(correction.text, chosen, correction.edit_in_place)

    def keep(draft_text: str) -> None:
        keeper.typed_in_dialog(flows.correction_draft(draft_text, targets))

    outbox = app.outbox
    editable = tuple(
        n
        for n, r in targets.items()
        if outbox is not None and outbox.can_edit(outbox.post(r).account_id)
    )
    dialog = CorrectionDialog(list(targets), text, keep, editable=editable)
    app.push_screen(dialog, written)
