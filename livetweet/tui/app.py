"""The livetweet Textual app: wiring only; the screens and flows do the work."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from livetweet.agenda.model import Agenda
from livetweet.i18n import _
from livetweet.text.networks import NETWORKS, Network
from livetweet.tui.commands import LiveTweetCommands
from livetweet.tui.drafting import DraftAnalyser
from livetweet.tui.flows import Flows
from livetweet.tui.messages import PostRequest, PostRequested
from livetweet.tui.screens.help import HelpScreen
from livetweet.tui.screens.main import MainScreen
from livetweet.tui.screens.timeline import TimelineRow
from livetweet.tui.session import SessionModel
from livetweet.tui.settings import UiSettings


class LiveTweetApp(App[None]):
    CSS_PATH = "livetweet.tcss"
    TITLE = "livetweet"
    COMMANDS = App.COMMANDS | {LiveTweetCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", _("Help"), id="help"),
        Binding("ctrl+q", "quit", _("Quit"), id="quit"),
    ]

    def __init__(
        self,
        agenda: Agenda,
        *,
        config: Any | None = None,
        settings: UiSettings | None = None,
        journal_path: Path | None = None,
        dry_run: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings or UiSettings.from_config(config)
        self.config = config
        self.journal_path = journal_path
        self.dry_run = dry_run
        self.model = SessionModel(agenda)
        self.enabled_networks: list[Network] = list(self.settings.networks)
        self.analyser = DraftAnalyser(
            agenda,
            house_limit=self.settings.house_limit,
            limits=self.settings.limits,
            numbering=self.settings.numbering,
        )
        self.flows = Flows(self)
        #: Posts requested so far; the posting controller consumes them.
        self.requests: list[PostRequest] = []
        self.main_screen = MainScreen()
        self.sub_title = agenda.session.title

    def get_default_screen(self) -> Screen[Any]:
        return self.main_screen

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    # -- hooks for the posting controller --------------------------------------------

    def on_post_requested(self, message: PostRequested) -> None:
        self.requests.append(message.request)
        self.notify(_("Post queued."), timeout=2)

    def timeline_rows(self) -> list[TimelineRow]:
        return []

    # -- actions -----------------------------------------------------------------------

    def toggle_network(self, network: Network) -> None:
        if network in self.enabled_networks:
            if len(self.enabled_networks) == 1:
                self.notify(_("At least one network must stay enabled."), severity="warning")
                return
            self.enabled_networks.remove(network)
        else:
            self.enabled_networks.append(network)
            self.enabled_networks.sort(key=NETWORKS.index)
        self.main_screen.refresh_analysis()

    def action_help(self) -> None:
        focused = self.focused
        topic = focused.id if focused is not None else None
        keys = [
            (self.get_key_display(active.binding), active.binding.description)
            for active in self.screen.active_bindings.values()
            if active.binding.show and active.binding.description
        ]
        self.push_screen(HelpScreen(topic, keys))
