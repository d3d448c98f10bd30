"""The dialogs the screens ask the app for (with messages): the app opens them
here, and the flows act on what the operator chose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from livetweet.agenda.model import Item
from livetweet.i18n import _
from livetweet.tui.models.accounts import Account, summary
from livetweet.tui.models.bridge import VoteCounts
from livetweet.tui.screens.templates import TemplatePicker
from livetweet.tui.screens.vote import VoteDialog

if TYPE_CHECKING:
    from livetweet.tui.app import LiveTweetApp
    from livetweet.tui.screens.confirm import Correction, Destination


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
    """A correction in reply to the post ``ref`` (from the timeline, over it), on
    every account the post went to; kept in the drafts file while it is written,
    then through the send delay."""
    from livetweet.tui.screens.confirm import CorrectionDialog  # imported on demand

    flows, keeper = app.flows, app.keeper
    targets = flows.correction_targets(ref)
    if not targets:
        app.notify(
            _("This post's account is not configured in this session: it cannot be corrected."),
            title=_("Cannot post"),
            severity="error",
        )
        return
    timeline = app.screen

    def written(correction: Correction | None) -> None:
        keeper.typed_in_dialog(None)  # sent (kept as pending) or cancelled on purpose
        if correction:
            timeline.dismiss(None)  # the countdown shows on the main screen
            chosen = {a: targets[a] for a in correction.accounts}
            flows.post_correction(correction.text, chosen, correction.edit_in_place)

    def keep(draft_text: str) -> None:
        keeper.typed_in_dialog(flows.correction_draft(draft_text, targets))

    outbox = app.outbox
    editable = tuple(a for a in targets if outbox is not None and outbox.can_edit(a))
    accounts = app.accounts.among(targets)
    dialog = CorrectionDialog(
        correction_destinations(app, accounts),
        text,
        keep,
        editable=editable,
        to_whom=summary(accounts),
    )
    app.push_screen(dialog, written)


def correction_destinations(app: LiveTweetApp, accounts: list[Account]) -> list[Destination]:
    """Each account as the correction dialog shows and counts it: its own
    instance's limit, else its network's as configured (as the draft's counters)."""
    from livetweet.tui.screens.confirm import Destination

    settings = app.settings
    return [
        Destination(
            a.id,
            a.network,
            app.accounts.status_label(a.id),
            limit=a.limit or settings.limits.get(a.network),
            url_weight=a.url_weight or settings.url_weights.get(a.network),
        )
        for a in accounts
    ]
