"""The livetweet Textual app: wiring only; the screens and flows do the work."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from livetweet.agenda.model import Agenda
from livetweet.i18n import _
from livetweet.publishing import JournalError
from livetweet.publishing.drafts import DraftStore
from livetweet.text import warm_up
from livetweet.text.display import terminal_safe
from livetweet.text.networks import NETWORKS, Network
from livetweet.tui import dialogs
from livetweet.tui.commands import Command, LiveTweetCommands, system_commands
from livetweet.tui.draft_keeping import DraftKeeper
from livetweet.tui.flows import Flows
from livetweet.tui.journal_watch import JournalWatch
from livetweet.tui.messages import (
    CancelSendRequested,
    CorrectionRequested,
    DraftTyped,
    GuardOverridden,
    ItemStarted,
    MainScreenReady,
    PostActionRequested,
    PostGivenBack,
    PostRequested,
    TemplatesRequested,
    TimelineRequested,
    VoteRecorded,
    VoteRequested,
)
from livetweet.tui.models.accounts import account_book
from livetweet.tui.models.drafting import DraftAnalyser
from livetweet.tui.models.outbox_view import (
    NetworkStatus,
    StatusFigures,
    TimelineRow,
    restore_model,
    status_figures,
)
from livetweet.tui.models.outbox_view import timeline_rows as outbox_timeline_rows
from livetweet.tui.models.session import SessionModel
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.palette import commands_for
from livetweet.tui.posting import PostingController
from livetweet.tui.screens.main import MainScreen
from livetweet.tui.screens.timeline import TimelineScreen

if TYPE_CHECKING:
    from livetweet.config import Config
    from livetweet.publishing import Outbox

_log = logging.getLogger(__name__)

#: How often the status bar reads a photo upload budget again (it frees with time).
BUDGET_REFRESH_SECONDS = 30.0


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
            "f12",
            "retry_journal",
            _("Retry journal"),
            id="retry_journal",
            tooltip=_("The journal could not be written: try again now (the cause is fixed)"),
        ),
        Binding(
            "ctrl+q",
            "quit",
            _("Quit"),
            id="quit",
            tooltip=_(
                "Quit. Nothing is sent: a post still counting down is cancelled and, "
                "like the draft, comes back in the editor at the next start"
            ),
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
        config: Config | None = None,
        settings: UiSettings | None = None,
        outbox: Outbox | None = None,
        journal_path: Path | None = None,
        dry_run: bool = True,
        clock: Callable[[], datetime] | None = None,
        notices: Sequence[str] = (),
        agenda_path: Path | None = None,
    ) -> None:
        super().__init__()
        #: The agenda file's folder: an item's photos are relative to it.
        self.agenda_dir = agenda_path.parent if agenda_path is not None else None
        #: Said before the screen existed (e.g. a cached Mastodon limit): shown on mount.
        self.start_notices = tuple(notices)
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
            url_weights=self.settings.url_weights,
            numbering=self.settings.numbering,
            clock=clock,
        )
        #: Every account the outbox publishes to, and the routing of themes to them.
        self.accounts = account_book(outbox, config, self.available_networks, dry_run=self.dry_run)
        self.flows = Flows(self)
        where = outbox.journal.path if outbox is not None else journal_path
        self.keeper = DraftKeeper(self, DraftStore.for_session(agenda.session.id, where))
        self.journal_watch = JournalWatch(self, outbox, on_back=self._journal_back)
        self.posting = PostingController(
            self, outbox, self.settings.send_delay_seconds, self.keeper, self.journal_watch
        )
        self.main_screen = MainScreen(
            self.model,
            self.analyser,
            self.settings,
            networks=self.enabled_networks,  # the same list: toggling shows at once
            dry_run=self.dry_run,
            accounts=self.accounts,
            photos_dir=self.agenda_dir,
        )
        self.sub_title = agenda.session.title

    def get_default_screen(self) -> Screen[Any]:
        return self.main_screen

    def _journal_back(self) -> None:
        """The journal is written again: the posting controller resumes sending."""
        self.posting.journal_back()

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.posting.start()
        self._learn_alt_limits()
        self._follow_photo_budgets()
        for notice in self.start_notices:
            self.notify(notice, title=_("Character limits"), severity="warning", timeout=20)
        self.call_after_refresh(self._warm_up_text_engine)

    def _follow_photo_budgets(self) -> None:
        """An upload budget (Mastodon's 30 per 30 minutes) frees as time passes, with no
        outbox event to say so: the status bar reads it again now and then."""
        outbox = self.outbox
        if outbox is not None and any(
            state.media_remaining is not None for state in outbox.network_states().values()
        ):
            self.set_interval(BUDGET_REFRESH_SECONDS, self.refresh_status)

    def _learn_alt_limits(self) -> None:
        """Each publisher's alt-text limit (a Mastodon instance says its own
        ``description_limit``), asked in a thread: the instance may be slow to answer."""
        outbox = self.outbox
        if outbox is None:
            return

        def ask() -> dict[Network, int]:
            from livetweet.publishing.publisher import MediaUploader

            limits: dict[Network, int] = {}
            for account_id in outbox.accounts:  # a network's strictest account counts
                publisher = outbox.publisher(account_id)
                if isinstance(publisher, MediaUploader):
                    limit = publisher.media_limits().alt_limit
                    limits[publisher.network] = min(limit, limits.get(publisher.network, limit))
            return limits  # shown by on_worker_state_changed, on the UI thread

        self.run_worker(ask, thread=True, group="limits", name="alt limits", exit_on_error=False)

    def _alt_limits_known(self, limits: Any) -> None:
        self.settings = replace(self.settings, alt_limits={**self.settings.alt_limits, **limits})
        self.main_screen.settings = self.settings
        if self.main_screen.is_mounted:
            self.main_screen.refresh_photos()

    def _warm_up_text_engine(self) -> None:
        """Compile the link and emoji patterns (about 100 ms) once the first frame is
        on screen, in a thread: else the first link or emoji typed would stall."""
        self.run_worker(
            warm_up, thread=True, group="warm-up", name="text engine", exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker's one error path: a failed worker never ends the live screen."""
        worker = event.worker
        if event.state is WorkerState.SUCCESS and worker.group == "limits":
            self._alt_limits_known(worker.result)
        if event.state is WorkerState.ERROR and worker.error is not None:
            self.report_failure(worker.error, worker.name or worker.group)

    def report_failure(self, error: BaseException, task: str) -> None:
        """The one place a failure off the UI thread is shown, in the operator's language."""
        if isinstance(error, JournalError):
            self.journal_watch.failed(error)
        elif isinstance(error, OSError) and task == "drafts":
            self.keeper.save_failed(error)
        else:
            _log.error("%s failed", task, exc_info=error)
            self.notify(
                _(
                    "Unexpected error in {task} ({error}). livetweet goes on; what was "
                    "typed and queued is kept."
                ).format(task=task, error=type(error).__name__),
                title=_("Error"),
                severity="error",
                timeout=20,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry_journal":
            return self.journal_watch.down
        return True

    def action_retry_journal(self) -> None:
        self.journal_watch.retry()

    def on_unmount(self) -> None:
        self.posting.stop()
        self.keeper.save_now()

    async def action_quit(self) -> None:
        """Quitting never publishes: a post counting down is cancelled and goes back
        to the editor, kept on disk with the draft; the operator confirms."""
        from livetweet.tui.screens.confirm import ConfirmDialog

        main = self.main_screen
        request = self.posting.cancel()
        if request is None:
            if main.is_mounted:
                self.keeper.typed(main.editor.text, main.context)
            self.keeper.save_now()
            self.exit()
            return
        main.restore_draft(request)
        self.keeper.typed(main.editor.text, main.context)
        self.keeper.save_now()

        def confirmed(quit_now: bool | None) -> None:
            if quit_now:
                self.exit()

        message = _(
            "The post that was counting down was NOT sent, on any network. It is back "
            "in the editor and kept on disk: it comes back at the next start."
        )
        self.push_screen(ConfirmDialog(_("Quit livetweet?"), message, _("Quit")), confirmed)

    # -- Textual's own commands, in the operator's language ---------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return system_commands(self, screen)

    def session_commands(self, screen: Screen[Any]) -> list[Command]:
        """The session's palette commands: over a dialog, "go to item" would act unseen."""
        return commands_for(self) if screen is self.main_screen else []

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
        item_id = message.item_id
        self.journal_watch.record(lambda outbox: outbox.record_item_started(item_id))

    def on_vote_recorded(self, message: VoteRecorded) -> None:
        item_id, v, outcome = message.item_id, message.votes, message.outcome
        self.journal_watch.record(
            lambda outbox: outbox.record_vote(item_id, v.for_, v.against, v.abstain, outcome)
        )

    def on_guard_overridden(self, message: GuardOverridden) -> None:
        """The operator typed the word: say that the override is on the record."""
        item = self.model.agenda.item(message.item_id)
        number = item.number if item is not None else message.item_id
        self.notify(
            (
                _("Item {number} is closed (huis clos): posting anyway.")
                if message.reason == "closed"
                else _("Item {number} is marked do-not-post: posting anyway.")
            ).format(number=number)
            + " "
            + _("The override is written to the journal with the post."),
            title=_("Override"),
            severity="warning",
            timeout=8,
        )

    def on_post_requested(self, message: PostRequested) -> None:
        # The editor's text (and photos) left with the post: kept once, as the pending
        # post, which the journal's "queued" settles. Kept as the draft too, a kill
        # before the next save would bring a post already sent back to the editor.
        self.keeper.draft = None
        self.posting.request(message.request)

    # -- what the screens ask for: the app opens the dialogs, the controllers act -------

    def on_main_screen_ready(self, message: MainScreenReady) -> None:
        self.refresh_status()
        self.keeper.restore()

    def on_draft_typed(self, message: DraftTyped) -> None:
        self.keeper.typed(message.text, message.context, message.chosen)
        self.posting.prepare_photos(message.context.media)

    def on_cancel_send_requested(self, message: CancelSendRequested) -> None:
        request = self.posting.cancel()
        if request is not None:
            self.main_screen.post_message(PostGivenBack(request))

    def on_templates_requested(self, message: TemplatesRequested) -> None:
        dialogs.pick_template(self)

    def on_vote_requested(self, message: VoteRequested) -> None:
        dialogs.ask_votes(self, message.stage)

    def on_timeline_requested(self, message: TimelineRequested) -> None:
        self.open_timeline()

    def open_timeline(self) -> None:
        self.push_screen(TimelineScreen(self.timeline_rows(), journal_path=self.journal_path))

    def on_post_action_requested(self, message: PostActionRequested) -> None:
        """The timeline's actions: the posting controller journals each one."""
        ref, posting = message.ref, self.posting
        if message.action == "retry":
            posting.retry(ref)
        elif message.action == "cancel":
            posting.cancel_post(ref)
        elif message.action in ("published", "not_published"):
            posting.resolve(ref, published=message.action == "published")
        elif message.action == "delete":
            posting.delete(ref)
        elif message.action == "standalone":
            posting.standalone(ref)

    def on_correction_requested(self, message: CorrectionRequested) -> None:
        dialogs.write_correction(self, message.ref, message.text)

    def refresh_timeline(self) -> None:
        if isinstance(self.screen, TimelineScreen):
            self.screen.show_rows(self.timeline_rows())

    def refresh_status(self) -> None:
        """Redraw the status bar from the outbox (or, without one, the enabled networks)."""
        if self.outbox is not None:
            zone = self.model.agenda.session.start.tzinfo
            figures = status_figures(self.outbox, self.accounts, zone)
        else:
            several = self.accounts.several
            figures = StatusFigures(
                networks={
                    a.id: NetworkStatus(
                        dry_run=self.dry_run,
                        label=self.accounts.status_label(a.id) if several else "",
                        network=a.network,
                    )
                    for a in self.accounts.enabled(self.enabled_networks)
                },
                dry_run=self.dry_run,
            )
        off = NetworkStatus(state="disabled")
        shown = {
            key: status
            if (status.network or key) in self.enabled_networks
            else replace(off, label=status.label, network=status.network)
            for key, status in figures.networks.items()
        }
        figures = StatusFigures(
            networks=shown,
            quota=figures.quota,
            posts=figures.posts,
            posts_with_urls=figures.posts_with_urls,
            dry_run=figures.dry_run,
        )
        self.main_screen.show_status(figures)

    def timeline_rows(self) -> list[TimelineRow]:
        if self.outbox is None:
            return []
        return outbox_timeline_rows(self.outbox, self.model, self.accounts)

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

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice shows its text as text (``markup`` is ignored): a network's
        answer or an agenda title may hold ``[brackets]`` or control characters."""
        super().notify(
            terminal_safe(message),
            title=terminal_safe(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

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
        self.push_screen(HelpScreen(topic, rows, self.journal_path))
