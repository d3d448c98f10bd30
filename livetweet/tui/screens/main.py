"""The main screen: the agenda on the left, the draft and its previews on the right."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static, TextArea

from livetweet.agenda.model import Item
from livetweet.i18n import _
from livetweet.media import MAX_ATTACHMENTS
from livetweet.publishing.attachments import MediaAttachment
from livetweet.text.networks import Network
from livetweet.tui.commands import LiveTweetCommands
from livetweet.tui.messages import (
    CancelSendRequested,
    CountdownChanged,
    DraftLoaded,
    DraftTyped,
    GuardOverridden,
    ItemsChanged,
    ItemStarted,
    MainScreenReady,
    PostGivenBack,
    PostHandedOver,
    PostRequest,
    PostRequested,
    TemplatesRequested,
    TimelineRequested,
    VoteRequested,
)
from livetweet.tui.models.accounts import (
    Account,
    AccountBook,
    destinations_line,
    network_name,
    networks_of,
    summary,
)
from livetweet.tui.models.attachments import (
    PhotoInfo,
    attach_problem,
    describe_or_problem,
    missing_alt,
    posting_problem,
)
from livetweet.tui.models.drafting import PREVIEW_MAX_PARTS, DraftAnalyser, DraftAnalysis
from livetweet.tui.models.outbox_view import StatusFigures
from livetweet.tui.models.posts import DraftContext
from livetweet.tui.models.session import OUTCOME_OF_STAGE, SessionModel
from livetweet.tui.models.settings import UiSettings
from livetweet.tui.widgets.agenda_list import AgendaList
from livetweet.tui.widgets.attachments import AttachmentList
from livetweet.tui.widgets.counters import CounterBar
from livetweet.tui.widgets.draft_editor import DraftEditor
from livetweet.tui.widgets.key_bar import KeyBar
from livetweet.tui.widgets.literal import literal
from livetweet.tui.widgets.status_bar import DryRunBanner, StatusBar
from livetweet.tui.widgets.thread_preview import ThreadPreview


class MainScreen(Screen[None]):
    """Every key works while typing: they are all ctrl- or F-keys.

    It shows the session model and the draft's analysis it is given; what the
    operator does goes up to the app as messages, what becomes of it comes down
    as messages (see ``messages.py``)."""

    #: The palette offers the session's commands here only: over the timeline or a
    #: dialog, "go to item 5" would act on a screen the operator cannot see.
    COMMANDS = Screen.COMMANDS | {LiveTweetCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s,f5",
            "post",
            _("Post"),
            id="post",
            priority=True,
            tooltip=_("Post the draft to every enabled network, after the send delay"),
        ),
        Binding(
            "ctrl+n,f8",
            "next_item",
            _("Next item"),
            id="next_item",
            tooltip=_("Mark the current item done and move to the next one"),
        ),
        Binding(
            "ctrl+t,f2",
            "templates",
            _("Templates"),
            id="templates",
            tooltip=_("Texts for the current item, its prepared drafts first"),
        ),
        Binding(
            "ctrl+o,f3",
            "vote",
            _("Vote"),
            id="vote",
            tooltip=_("Record for, against and abstentions, then load the result text"),
        ),
        Binding(
            "ctrl+r,f4",
            "member",
            _("Member"),
            id="member",
            tooltip=_("Insert an elected member: the handle or the name, per network"),
        ),
        Binding(
            "ctrl+g",
            "attach",
            _("Photo"),
            id="attach",
            priority=True,
            tooltip=_("Attach a photo to the draft (up to 4), with its alt text"),
        ),
        Binding(
            "ctrl+l,f9",
            "timeline",
            _("Timeline"),
            id="timeline",
            tooltip=_("What was posted, failed, is queued or uncertain, and what to do"),
        ),
        Binding(
            "ctrl+f,f11",
            "accounts",
            _("Accounts"),
            id="accounts",
            tooltip=_(
                "Choose the accounts this post goes to (the routing of the item's theme "
                "to start with); the choice holds until the item changes"
            ),
        ),
        Binding(
            "escape",
            "cancel_send",
            _("Cancel sending"),
            id="cancel_send",
            priority=True,
            tooltip=_("Stop the post during its countdown and get the draft back"),
        ),
    ]

    def __init__(
        self,
        model: SessionModel,
        analyser: DraftAnalyser,
        settings: UiSettings,
        *,
        networks: list[Network],
        dry_run: bool,
        accounts: AccountBook | None = None,
        photos_dir: Path | None = None,
    ) -> None:
        super().__init__()
        #: Where the attach dialog starts (the agenda's folder: its photos are there).
        self.photos_dir = photos_dir
        #: What was read of each attached photo (size, dimensions, thumbnail).
        self.photo_infos: dict[Path, PhotoInfo] = {}
        self.model = model
        self.analyser = analyser
        self.settings = settings
        #: The enabled networks: the app's own list, which the operator toggles.
        self.networks = networks
        self.dry_run = dry_run
        #: Every account the outbox publishes to, and how themes are routed to them.
        self.accounts = accounts or AccountBook.of_networks(networks, dry_run=dry_run)
        #: The operator's choice of accounts for this post (None: the routing's);
        #: forgotten when the item changes or the post is sent.
        self.chosen: frozenset[str] | None = None
        self.context = DraftContext(item_id=None)
        self.analysis = DraftAnalysis("", ())
        self._placeholder: str | Content | None = None  # the editor's own, for postable items
        self._counting_down = False  # a post waits in its send delay (Escape cancels it)

    def compose(self) -> ComposeResult:
        if self.dry_run:
            several = len(self.accounts.accounts) if self.accounts.several else None
            yield DryRunBanner(id="dry-run", accounts=several)
        with Horizontal(id="body"):
            yield AgendaList(self.model, id="agenda")
            with Vertical(id="draft-pane"):
                yield Static(id="item-header")
                yield Static(id="destinations")
                yield DraftEditor(id="editor")
                yield CounterBar(id="counters", house_limit=self.settings.house_limit)
                yield AttachmentList(id="attachments")
                yield ThreadPreview(id="preview")
        yield Static(id="countdown")
        yield StatusBar(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        current = self.model.current_item
        self.context = DraftContext(item_id=current.id if current else None)
        self.query_one(DraftEditor).focus()
        self.refresh_header()
        self.refresh_analysis()
        self.refresh_photos()
        self.post_message(MainScreenReady())  # the app: the status, the last run's draft

    # -- the draft ---------------------------------------------------------------

    @property
    def editor(self) -> DraftEditor:
        return self.query_one(DraftEditor)

    @property
    def subject(self) -> Item | None:
        if self.context.item_id is None:
            return None
        return self.model.agenda.item(self.context.item_id)

    @on(TextArea.Changed, "#editor")
    def _draft_changed(self) -> None:
        if not self.editor.text.strip() and (self.context.stage or self.context.corrects):
            self._reset_context()
        self.refresh_analysis()
        self.post_message(DraftTyped(self.editor.text, self.context, self.chosen))

    def refresh_analysis(self, *, whole_thread: bool = False) -> None:
        """Re-render, count and split the draft for every enabled network (while
        typing, a long thread only as far as the preview needs)."""
        subject = self.subject
        if subject is not None and not subject.postable:
            subject = None  # rendered as a session text; posting it needs the override
        accounts = self.correcting() if self.context.corrects else self.destinations()
        self.analysis = self.analyser.analyse(
            self.editor.text,
            networks_of(accounts),
            subject,
            self.context.votes,
            max_parts=None if whole_thread else PREVIEW_MAX_PARTS,
            accounts=accounts,
        )
        self.editor.set_overflow(self.analysis.first_overflow)
        self.query_one(CounterBar).show(self.analysis)
        self.query_one(ThreadPreview).show(self.analysis)

    # -- the accounts -------------------------------------------------------------

    @property
    def theme(self) -> str | None:
        """The theme the post is routed by: its item's (None: about the session)."""
        item = self.subject
        return item.theme if item is not None else None

    def destinations(self) -> list[Account]:
        """The accounts the draft goes to: the operator's choice, else the routing."""
        return self.accounts.destinations(self.theme, self.networks, self.chosen)

    def correcting(self) -> list[Account]:
        """A correction's accounts: those of the post it corrects, whatever the
        routing and the networks switched on."""
        return self.accounts.among(self.context.corrects)

    def refresh_destinations(self) -> None:
        """Say to whom the draft goes, where there are more accounts than networks
        (a correction goes where the post it corrects went: said in the header)."""
        line = self.query_one("#destinations", Static)
        shown = (self.accounts.several or self.chosen is not None) and not self.context.corrects
        line.set_class(shown, "shown")
        if shown:
            text = destinations_line(self.destinations(), chosen=self.chosen is not None)
            line.update(literal(text, one_line=True))

    def choose(self, chosen: frozenset[str] | None) -> None:
        """The accounts for this post (None: back to the routing)."""
        routed = {a.id for a in self.accounts.routed(self.theme, self.networks)}
        self.chosen = None if chosen is None or chosen == routed else chosen
        self.refresh_destinations()
        self.refresh_analysis()
        self.post_message(DraftTyped(self.editor.text, self.context, self.chosen))  # kept

    def action_accounts(self) -> None:
        from livetweet.tui.screens.accounts import AccountPicker

        if self.context.corrects:
            self.notify(
                _("A correction goes to the accounts of the post it corrects."),
                severity="warning",
            )
            return
        item = self.subject
        about = (
            _("Item {number} — {title}").format(number=item.number, title=item.display_title)
            if item is not None
            else _("About: the session — {title}").format(title=self.model.agenda.session.title)
        )
        routed = [a.id for a in self.accounts.routed(self.theme, self.networks)]
        checked = [a.id for a in self.destinations()]
        picker = AccountPicker(about, self.accounts.enabled(self.networks), checked, routed)

        def picked(chosen: set[str] | None) -> None:
            if chosen is not None:
                self.choose(frozenset(chosen))

        self.app.push_screen(picker, picked)

    def refresh_header(self) -> None:
        """Say what the draft is about; a closed or do-not-post item says so first, in
        the header and in the empty editor, before the operator types a word."""
        item = self.subject
        header = self.query_one("#item-header", Static)
        blocked = item is not None and not item.postable
        text = Text()
        if item is None:
            about = _("About: the session — {title}").format(title=self.model.agenda.session.title)
        else:
            about = _("About: item {number} — {title}").format(
                number=item.number, title=item.display_title
            )
        if self.context.corrects:
            about = _("Correction on {networks} · {about}").format(
                networks=summary(self.correcting()), about=about
            )
            if edited := [a.label for a in self.correcting() if a.id in self.context.edit_in_place]:
                about += " · " + _("edit in place: {accounts}").format(accounts=", ".join(edited))
        if item is not None and blocked:
            reason = _("closed session") if item.closed else _("do not post")
            text.append(f"⊘ {reason.upper()} — ", style="bold")
        text.append_text(literal(about, one_line=True))
        header.update(text)
        header.set_class(blocked, "blocked")
        self.refresh_destinations()
        editor = self.editor
        if self._placeholder is None:
            self._placeholder = editor.placeholder
        editor.placeholder = (
            self._refusal(item) if item is not None and blocked else self._placeholder
        )

    @staticmethod
    def _refusal(item: Item) -> str:
        return (
            _("Closed session (huis clos): nothing may be posted about this item.")
            if item.closed
            else _("This item is marked do-not-post.")
        )

    def _reset_context(self) -> None:
        """About the current item again; the photos stay (only removing one drops it)."""
        current = self.model.current_item
        media = self.context.media
        self.context = DraftContext(item_id=current.id if current else None, media=media)
        self.refresh_header()

    def load_draft(self, text: str, context: DraftContext) -> None:
        """Replace the draft (undoable with ctrl+z) and say what it is about; the
        photos it brings join those already attached."""
        self.context = replace(context, media=self._merged(context.media))
        self.editor.replace_all(text)
        self.refresh_header()
        self.refresh_analysis()
        self.refresh_photos()
        self.editor.focus()

    def on_draft_loaded(self, message: DraftLoaded) -> None:
        self.load_draft(message.text, message.context)
        if message.chosen is not None:
            self.choose(message.chosen)

    def insert_text(self, text: str) -> None:
        self.editor.insert_at_cursor(text)
        self.editor.focus()

    # -- items -------------------------------------------------------------------

    def show_item_change(self, previous: Item | None) -> None:
        model = self.model
        changed = [i for i in (previous, model.current_item) if i is not None]
        agenda_list = self.query_one(AgendaList)
        agenda_list.refresh_items(changed)
        agenda_list.show_current()
        self.chosen = None  # another item: its own routing
        if not self.editor.text.strip():
            self._reset_context()
        else:
            self.refresh_destinations()
            self.refresh_analysis()
        self.post_message(DraftTyped(self.editor.text, self.context))  # the choice forgotten
        if model.current_item is not None:
            self.post_message(ItemStarted(model.current_item.id))

    def action_next_item(self) -> None:
        model = self.model
        previous = model.current_item
        model.advance()
        self.show_item_change(previous)

    def jump_to(self, item_id: str) -> None:
        model = self.model
        previous = model.current_item
        model.set_current(item_id)
        self.show_item_change(previous)

    @on(AgendaList.ItemSelected, "#agenda")
    def _row_selected(self, event: AgendaList.ItemSelected) -> None:
        self.jump_to(event.item_id)
        self.editor.focus()

    # -- posting -----------------------------------------------------------------

    def action_post(self) -> None:
        if not self.analysis.source.strip():
            self.notify(_("Nothing to post: the draft is empty."), severity="warning")
            return
        if not self.analysis.complete:
            self.refresh_analysis(whole_thread=True)
        analysis = self.analysis
        problem = analysis.unpostable(self.settings.limits) or posting_problem(
            self.context.media, self.photo_infos, self._networks_now, self.settings.alt_limits
        )
        if problem is None and (edited := self.context.edit_in_place):
            parts = analysis.parts_for(self.correcting())
            if any(len(parts.get(a, ())) > 1 for a in edited):
                problem = _("An edit replaces one post: the text must fit in one.")
        if problem is not None:
            self.notify(problem, title=_("Cannot post"), severity="error")
            return
        if not analysis.networks:
            self.notify(
                _("No account to post to: choose at least one ({key}).").format(
                    key=self._key_of("accounts")
                ),
                title=_("Cannot post"),
                severity="error",
            )
            return
        if (
            self.settings.require_alt_text
            and (index := missing_alt(self.context.media)) is not None
        ):
            self._ask_alt(index, then_post=True)
            return
        longest = analysis.longest_thread()
        maximum = self.settings.max_thread_parts
        if longest is not None and len(longest.parts) > maximum:
            self._confirm_long_thread(len(longest.parts), longest.name, maximum)
            return
        self._post_checked()

    def _confirm_long_thread(self, parts: int, network: str, maximum: int) -> None:
        """More posts than ``max_thread_parts``: a flood unless the operator says so."""
        from livetweet.tui.screens.confirm import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._post_checked()

        message = _(
            "This draft makes {n} posts on {network}, more than the {max} allowed "
            "(max_thread_parts). Post all {n}?"
        ).format(n=parts, network=network, max=maximum)
        dialog = ConfirmDialog(_("A long thread"), message, _("Post {n} posts").format(n=parts))
        self.app.push_screen(dialog, confirmed)

    def _post_checked(self) -> None:
        item = self.subject
        if item is not None and not item.postable:
            self._refuse(item)
            return
        self._request(override=False)

    def _refuse(self, item: Item) -> None:
        from livetweet.tui.screens.override import OverrideDialog

        reason = self._refusal(item)
        self.notify(reason, title=_("Posting refused"), severity="error")

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.post_message(GuardOverridden(item.id, "closed" if item.closed else "dnp"))
                self._request(override=True)

        label = _("Item {number} — {title}").format(number=item.number, title=item.title)
        self.app.push_screen(OverrideDialog(label, reason), confirmed)

    def _request(self, *, override: bool) -> None:
        analysis = self.analysis
        corrects = self.context.corrects
        accounts = self.correcting() if corrects else self.destinations()
        request = PostRequest(
            source=analysis.source,
            parts=analysis.parts_for(accounts),  # keyed by account id, as the outbox takes them
            item_id=self.context.item_id,
            stage=self.context.stage,
            override=override,
            votes=self.context.votes,
            corrects={a.id: corrects[a.id] for a in accounts} if corrects else {},
            edit_in_place=self.context.edit_in_place & set(corrects),
            media=self.context.media,
        )
        self.post_message(PostRequested(request))
        self.context = replace(
            self.context, stage=None, votes=None, corrects={}, edit_in_place=frozenset(), media=()
        )
        self.chosen = None  # the next post: the routing again
        self.editor.replace_all("")
        self.refresh_destinations()
        self.refresh_photos()

    def on_post_handed_over(self, message: PostHandedOver) -> None:
        self.note_sent(message.request)

    def on_countdown_changed(self, message: CountdownChanged) -> None:
        self._counting_down = message.request is not None
        self.show_countdown(message.request, message.seconds)

    def on_post_given_back(self, message: PostGivenBack) -> None:
        self.restore_draft(message.request)

    def on_items_changed(self, message: ItemsChanged) -> None:
        agenda = self.model.agenda
        items = [item for i in message.item_ids if (item := agenda.item(i)) is not None]
        self.query_one(AgendaList).refresh_items(items)

    def note_sent(self, request: PostRequest) -> None:
        """The post left the send delay: an outcome stage now marks its item."""
        if request.item_id is not None and request.stage in OUTCOME_OF_STAGE:
            model = self.model
            model.record_outcome(request.item_id, OUTCOME_OF_STAGE[request.stage])
            item = model.agenda.item(request.item_id)
            if item is not None:
                self.query_one(AgendaList).refresh_items([item])

    def show_countdown(self, request: PostRequest | None, seconds: float) -> None:
        countdown = self.query_one("#countdown", Static)
        countdown.display = request is not None
        if request is not None:
            networks = self._to_whom(request)
            countdown.update(
                _("Sending in {s} s to {networks} — Esc: cancel").format(
                    s=math.ceil(seconds), networks=networks
                )
            )
        self.refresh_bindings()

    def _to_whom(self, request: PostRequest) -> str:
        """The request's accounts, grouped by handle (networks, for default accounts)."""
        if not all(key in self.accounts for key in request.parts):
            return ", ".join(network_name(key) for key in request.parts)
        return summary(self.accounts.get(key) for key in request.parts)

    def _key_of(self, action: str) -> str:
        """The key that runs ``action`` here, as the key bar shows it."""
        for active in self.active_bindings.values():
            if active.binding.action == action:
                return self.app.get_key_display(active.binding)
        return action

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_send":
            return self._counting_down
        if action == "accounts":  # one account per network: the network toggles do it
            return self.accounts.several
        return True

    def action_cancel_send(self) -> None:
        self.post_message(CancelSendRequested())  # the post comes back as PostGivenBack

    def restore_draft(self, request: PostRequest) -> None:
        """Put a cancelled post back in the editor, as it was, above whatever was
        typed during its countdown (kept, not replaced)."""
        context = DraftContext(
            request.item_id,
            request.stage,
            request.votes,
            request.corrects,
            request.edit_in_place,
            request.media,
        )
        self.context = context
        if not request.corrects:  # the accounts it was going to, if not the routing's
            self.choose(frozenset(request.parts))
        typed = self.editor.text.strip()
        text = (
            request.source
            if typed in ("", request.source.strip())
            else (f"{request.source.rstrip()}\n\n{typed}")
        )
        self.load_draft(text, context)

    # -- dialogs: the app opens them, flows.py acts on what was chosen -----------------

    def action_templates(self) -> None:
        self.post_message(TemplatesRequested())

    def action_vote(self) -> None:
        self.post_message(VoteRequested())

    def action_member(self) -> None:
        """A mention of the chosen member, resolved per network when posting."""
        from livetweet.tui.screens.member_picker import MemberPicker

        def picked(member_id: str | None) -> None:
            if member_id is not None:
                self.insert_text(f"{{@{member_id}}}")

        self.app.push_screen(MemberPicker(self.model.agenda), picked)

    def action_timeline(self) -> None:
        self.post_message(TimelineRequested())

    def show_status(self, figures: StatusFigures) -> None:
        self.query_one(StatusBar).show(figures)

    # -- photos ------------------------------------------------------------------------

    @property
    def _networks_now(self) -> list[Network]:
        if self.context.corrects:
            return networks_of(self.correcting()) or self.networks
        return self.networks

    def refresh_photos(self) -> None:
        media = self.context.media
        for photo in media:
            if photo.path not in self.photo_infos:  # brought back from the drafts file
                self.photo_infos[photo.path] = describe_or_problem(photo.path)
        self.query_one(AttachmentList).show(
            media, self.photo_infos, self._networks_now, self.settings.alt_limits
        )

    def _set_media(self, media: tuple[MediaAttachment, ...]) -> None:
        self.context = replace(self.context, media=media)
        self.refresh_photos()
        self.post_message(DraftTyped(self.editor.text, self.context, self.chosen))  # on disk

    def _merged(self, offered: tuple[MediaAttachment, ...]) -> tuple[MediaAttachment, ...]:
        """The photos attached, then those ``offered`` that are not (at most 4 in all)."""
        current = self.context.media
        paths = {photo.path for photo in current}
        new = [photo for photo in offered if photo.path not in paths]
        room = max(0, MAX_ATTACHMENTS - len(current))
        if len(new) > room:
            names = ", ".join(photo.path.name for photo in new[room:])
            self.notify(
                _("Not attached (a post carries at most {n} photos): {names}").format(
                    n=MAX_ATTACHMENTS, names=names
                ),
                severity="warning",
            )
        return (*current, *new[:room])

    def action_attach(self) -> None:
        """The attach dialog; once a photo is attached, its alt text is asked."""
        from livetweet.tui.screens.photos import AttachDialog

        if len(self.context.media) >= MAX_ATTACHMENTS:
            message = _("A post carries at most {n} photos.").format(n=MAX_ATTACHMENTS)
            self.notify(message, title=_("Photo not attached"), severity="warning")
            return

        def attached(info: PhotoInfo | None) -> None:
            if info is not None:
                self.attach(info)

        start = self.photos_dir or Path.cwd()
        refused = [photo.path for photo in self.context.media]
        self.app.push_screen(AttachDialog(start, refused=refused), attached)

    def attach(self, info: PhotoInfo, alt: str = "") -> None:
        problem = attach_problem(self.context.media, info.path)
        if problem is not None:
            self.notify(problem, title=_("Photo not attached"), severity="warning")
            return
        self.photo_infos[info.path] = info
        self._set_media((*self.context.media, MediaAttachment(info.path, alt)))
        if not alt:
            self._ask_alt(len(self.context.media) - 1)

    def attach_prepared(self, photo: MediaAttachment) -> None:
        """One of the current item's prepared photos, with its alt text."""
        from livetweet.tui.screens.photos import read_photos

        infos, problems = read_photos([photo.path])
        for problem in problems:
            self.notify(problem, title=_("Photo not attached"), severity="error", timeout=10)
        for info in infos:
            self.attach(info, photo.alt)

    def _ask_alt(self, index: int, *, then_post: bool = False) -> None:
        from livetweet.tui.screens.photos import AltDialog

        photo = self.context.media[index]
        info = self.photo_infos.get(photo.path) or PhotoInfo(photo.path)
        reason = (
            _("This photo has no alt text: posting it needs one (RGAA).") if then_post else None
        )

        def written(alt: str | None) -> None:
            if alt is None or index >= len(self.context.media):
                return
            media = list(self.context.media)
            media[index] = replace(media[index], alt=alt)
            self._set_media(tuple(media))
            if then_post:
                self.action_post()  # the next photo without alt text, or the post

        dialog = AltDialog(
            info, photo.alt, self._networks_now, self.settings.alt_limits, reason=reason
        )
        self.app.push_screen(dialog, written)

    @on(AttachmentList.AltRequested)
    def _alt_requested(self, event: AttachmentList.AltRequested) -> None:
        self._ask_alt(event.index)

    @on(AttachmentList.RemoveRequested)
    def _remove_requested(self, event: AttachmentList.RemoveRequested) -> None:
        media = list(self.context.media)
        if event.index < len(media):
            removed = media.pop(event.index)
            self._set_media(tuple(media))
            self.notify(
                _("{name} is no longer attached (the file is untouched).").format(
                    name=removed.path.name
                ),
                timeout=4,
            )
            if not media:
                self.editor.focus()

    @on(DraftEditor.ImagesPasted)
    def _images_pasted(self, event: DraftEditor.ImagesPasted) -> None:
        """A pasted or dropped path to an image: attach it, or insert it as text."""
        from livetweet.tui.screens.photos import PasteDialog, read_photos

        def chosen(attach: bool | None) -> None:
            if not attach:
                self.insert_text(event.text)
                return
            infos, problems = read_photos(event.paths)
            for problem in problems:
                self.notify(problem, title=_("Photo not attached"), severity="error", timeout=10)
            if problems and not infos:
                self.insert_text(event.text)  # nothing attached: the text is not lost
            for info in infos:
                self.attach(info)

        self.app.push_screen(PasteDialog(event.paths), chosen)
