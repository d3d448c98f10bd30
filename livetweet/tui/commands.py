"""The command palette (ctrl+p): jump to an item, insert a template, toggle a
network, open the timeline."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from livetweet.i18n import _
from livetweet.text.networks import DISPLAY_NAMES
from livetweet.tui.report_writing import write_session_report
from livetweet.tui.screens.templates import stage_label

if TYPE_CHECKING:
    from livetweet.tui.app import LiveTweetApp


class LiveTweetCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from livetweet.tui.app import LiveTweetApp

        app = self.app
        assert isinstance(app, LiveTweetApp)
        return list(commands_for(app))

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


def commands_for(app: LiveTweetApp) -> list[tuple[str, Callable[[], object], str]]:
    """(name, callback, help) for every palette command, in the current language."""
    model = app.model
    commands: list[tuple[str, Callable[[], object], str]] = []
    commands.append((_("Open the session timeline"), app.flows.open_timeline, _("Journal")))
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
    for stage in app.flows.available_stages(model.current_item):
        name = _("Template: {stage}").format(stage=stage_label(stage))
        commands.append((name, partial(app.flows.insert_stage, stage), _("Current item")))
    for item in model.agenda.items:
        name = _("Go to item {number} — {title}").format(
            number=item.number, title=item.display_title
        )
        commands.append((name, partial(app.main_screen.jump_to, item.id), _("Agenda")))
    return commands
