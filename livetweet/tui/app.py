"""The livetweet Textual app: wiring only; the screens and flows do the work."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from livetweet.agenda.model import Agenda
from livetweet.i18n import _
from livetweet.text import warm_up
from livetweet.text.networks import NETWORKS, Network
from livetweet.tui.commands import LiveTweetCommands, system_commands
from livetweet.tui.drafting import DraftAnalyser
from livetweet.tui.flows import Flows
from livetweet.tui.messages import ItemStarted, PostRequested, VoteRecorded
from livetweet.tui.outbox_view import restore_model, status_figures
from livetweet.tui.outbox_view import timeline_rows as outbox_timeline_rows
from livetweet.tui.posting import PostingController
from livetweet.tui.screens.main import MainScreen
from livetweet.tui.screens.timeline import TimelineRow, TimelineScreen
from livetweet.tui.session import SessionModel
from livetweet.tui.settings import UiSettings
from livetweet.tui.widgets.status_bar import NetworkStatus, StatusBar, StatusFigures

if TYPE_CHECKING:
    from livetweet.publishing import Outbox


class LiveTweetApp(App[None]):
    CSS_PATH = "livetweet.tcss"
    #: One provider for every palette command, Textual's own translated ones included.
    COMMANDS = {LiveTweetCommands}  # noqa: RUF012 - Textual's own class attribute
    TITLE = "livetweet"
    #: The agenda pane widens from 120 columns; below, the draft keeps at least 40.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f1",
            "help",
            _("Help"),
            id="help",
            tooltip=_("Help on the focused area, and every key of the screen"),
        ),
        Binding(
            "ctrl+q",
            "quit",
            _("Quit"),
            id="quit",
            tooltip=_("Quit; a post still counting down is kept and sent at the next start"),
        ),
        # Textual's own palette binding, with a tooltip in the operator's language.
        Binding(
            "ctrl+p",
            "command_palette",
            _("palette"),
            show=False,
            priority=True,
            tooltip=_("Go to an item, insert a template, switch a network on or off"),
        ),
    ]

    def __init__(
        self,
        agenda: Agenda,
        *,
        config: Any | None = None,
        settings: UiSettings | None = None,
        outbox: Outbox | None = None,
        journal_path: Path | None = None,
        dry_run: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or UiSettings.from_config(config)
        self.config = config
        self.outbox = outbox
        self.journal_path = journal_path
        self.dry_run = outbox.dry_run if outbox is not None else dry_run
        self.model = SessionModel(agenda)
        if outbox is not None:
            restore_model(outbox, self.model)
            first = self.model.current_item
            if outbox.session_state().current_item is None and first is not None:
                outbox.record_item_started(first.id)  # a resumed session starts here
        #: The networks there is a publisher for; the operator may switch each on or off.
        self.available_networks: list[Network] = (
            outbox.networks if outbox is not None else list(NETWORKS)
        )
        self.enabled_networks: list[Network] = [
            n for n in self.settings.networks if n in self.available_networks
        ] or list(self.available_networks)
        self.analyser = DraftAnalyser(
            agenda,
            house_limit=self.settings.house_limit,
            limits=self.settings.limits,
            numbering=self.settings.numbering,
            clock=clock,
        )
        self.flows = Flows(self)
        self.posting = PostingController(self, outbox, self.settings.send_delay_seconds)
        self.main_screen = MainScreen()
        self.sub_title = agenda.session.title

    def get_default_screen(self) -> Screen[Any]:
        return self.main_screen

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.posting.start()
        self.call_after_refresh(self._warm_up_text_engine)

    def _warm_up_text_engine(self) -> None:
        """Compile the link and emoji patterns (about 100 ms) once the first frame is
        on screen, in a thread: else the first link or emoji typed would stall."""
        self.run_worker(warm_up, thread=True, group="warm-up", name="text engine")

    def on_unmount(self) -> None:
        self.posting.stop()

    # -- Textual's own commands, in the operator's language ---------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return system_commands(self, screen)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            placeholder = _("Search for a command…")
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def action_help_quit(self) -> None:
        """ctrl+c outside the editor: say which key quits."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                message = _("Press {key} to quit.").format(key=self.get_key_display(active.binding))
                self.notify(message, title=_("Quit?"))
                return

    # -- the outbox: journal what the operator records, show its state ------------------

    def on_item_started(self, message: ItemStarted) -> None:
        if self.outbox is not None:
            self.outbox.record_item_started(message.item_id)

    def on_vote_recorded(self, message: VoteRecorded) -> None:
        if self.outbox is not None:
            v = message.votes
            self.outbox.record_vote(message.item_id, v.for_, v.against, v.abstain, message.outcome)

    def on_post_requested(self, message: PostRequested) -> None:
        self.posting.request(message.request)

    def refresh_timeline(self) -> None:
        if isinstance(self.screen, TimelineScreen):
            self.screen.show_rows(self.timeline_rows())

    def refresh_status(self) -> None:
        """Redraw the status bar from the outbox (or, without one, the enabled networks)."""
        if self.outbox is not None:
            figures = status_figures(self.outbox)
        else:
            figures = StatusFigures(
                networks={n: NetworkStatus() for n in self.enabled_networks}, dry_run=self.dry_run
            )
        disabled = {n: NetworkStatus(state="disabled") for n in figures.networks}
        shown = {
            **disabled,
            **{n: figures.networks[n] for n in self.enabled_networks if n in figures.networks},
        }
        figures = StatusFigures(
            networks=shown,
            quota=figures.quota,
            posts=figures.posts,
            posts_with_urls=figures.posts_with_urls,
            dry_run=figures.dry_run,
        )
        self.main_screen.query_one(StatusBar).show(figures)

    def timeline_rows(self) -> list[TimelineRow]:
        if self.outbox is None:
            return []
        return outbox_timeline_rows(self.outbox, self.model)

    # -- actions -----------------------------------------------------------------------

    def toggle_network(self, network: Network) -> None:
        if network in self.enabled_networks:
            if len(self.enabled_networks) == 1:
                self.notify(_("At least one network must stay enabled."), severity="warning")
                return
            self.enabled_networks.remove(network)
        elif network in self.available_networks:
            self.enabled_networks.append(network)
            self.enabled_networks.sort(key=NETWORKS.index)
        self.main_screen.refresh_analysis()
        self.refresh_status()

    def action_help(self) -> None:
        """Help on the focused widget, and every key of the screen (alternates together)."""
        from livetweet.tui.screens.help import HelpScreen  # Markdown: imported on demand

        focused = self.focused
        topic = focused.id if focused is not None else None
        keys: dict[str, list[str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.show and binding.description:
                keys.setdefault(binding.description, []).append(self.get_key_display(binding))
        rows = [(" / ".join(dict.fromkeys(k)), description) for description, k in keys.items()]
        self.push_screen(HelpScreen(topic, rows))
