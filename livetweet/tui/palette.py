"""The session's commands in the palette (ctrl+p): open the timeline, write the
report, toggle a network, insert a template, go to an item. The app lists them
(``LiveTweetApp.session_commands``); ``commands.py`` shows them."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from livetweet.i18n import _
from livetweet.text.networks import DISPLAY_NAMES
from livetweet.tui.commands import Command
from livetweet.tui.models.attachments import item_photos
from livetweet.tui.report_writing import write_session_report
from livetweet.tui.screens.templates import stage_label
from livetweet.tui.widgets.literal import safe

if TYPE_CHECKING:
    from livetweet.tui.app import LiveTweetApp


def commands_for(app: LiveTweetApp) -> list[Command]:
    """(name, callback, help) for every palette command, in the current language."""
    model = app.model
    commands: list[Command] = []
    commands.append((_("Open the session timeline"), app.open_timeline, _("Journal")))
    report = partial(write_session_report, app)
    commands.append(
        (_("Write the session report (HTML, next to the journal)"), report, _("Journal"))
    )
    for network in app.available_networks:
        state = _("on") if network in app.enabled_networks else _("off")
        name = _("Toggle {network} (now {state})").format(
            network=DISPLAY_NAMES[network], state=state
        )
        commands.append((name, partial(app.toggle_network, network), _("Networks")))
    if app.accounts.several:
        name = _("Accounts for this post…")
        commands.append((name, app.main_screen.action_accounts, _("Current item")))
    screen = app.main_screen
    commands.append((_("Attach a photo…"), screen.action_attach, _("Draft")))
    if model.current_item is not None:
        for photo in item_photos(model.current_item, app.agenda_dir):
            name = _("Attach the prepared photo {name}").format(
                name=safe(photo.path.name, one_line=True)
            )
            commands.append((name, partial(screen.attach_prepared, photo), _("Current item")))
    for stage in app.flows.available_stages(model.current_item):
        name = _("Template: {stage}").format(stage=safe(stage_label(stage), one_line=True))
        commands.append((name, partial(app.flows.insert_stage, stage), _("Current item")))
    for item in model.agenda.items:
        name = _("Go to item {number} — {title}").format(
            number=safe(item.number, one_line=True), title=safe(item.display_title, one_line=True)
        )
        commands.append((name, partial(app.main_screen.jump_to, item.id), _("Agenda")))
    return commands
