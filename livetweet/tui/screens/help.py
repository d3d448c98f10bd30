"""F1: help about the focused part of the screen, and every key of the screen."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static

from livetweet.i18n import _
from livetweet.tui.widgets.literal import literal


def topic_help(topic: str | None) -> str:
    """Markdown help for a widget id of the main screen (None: general help)."""
    topics = {
        "editor": _(
            "**The draft.** Type the post. `{@member_id}` becomes each member's handle on "
            "each network (or their name): insert it with the member picker. A draft too "
            "long for a network becomes a numbered thread: the counters give each post's "
            "length, red over the network's limit, amber over the house limit; the preview "
            "shows the thread each network will get."
        ),
        "agenda": _(
            "**The agenda.** ▶ marks the current item; Enter makes the highlighted item "
            "current. Closed-session (⊘) and do-not-post items can never be posted about."
        ),
        "attachments": _(
            "**The photos.** Up to 4 per post, sent with the first post of each thread, "
            "stripped of their metadata (GPS position, device). ↑ ↓ choose one; Enter "
            "writes its alt text, which describes the picture for readers who cannot see "
            "it (required to post, unless the configuration says `require_alt_text: "
            "false`); Delete takes it off the draft. ctrl+g attaches another; a path "
            "pasted or dropped in the draft is offered as a photo."
        ),
        "preview": _(
            "**The preview.** Exactly what each enabled network will receive, split into a "
            "numbered thread when it is too long."
        ),
    }
    general = _(
        "**livetweet** posts the session's news to every enabled network. Pick the "
        "current item in the agenda, write or pick a template, check the counters, post."
    )
    return topics.get(topic or "", general)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", _("Close"), id="help.close"),
    ]

    def __init__(
        self, topic: str | None, keys: list[tuple[str, str]], journal_path: Path | None = None
    ) -> None:
        super().__init__()
        self.topic = topic
        self.keys = keys
        self.journal_path = journal_path

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _description in self.keys), default=0)
        keys = "\n".join(f"{key:<{width}}  {description}" for key, description in self.keys)
        with VerticalScroll(id="dialog", classes="dialog wide"):
            yield Label(_("Help"), classes="dialog-title")
            yield Markdown(topic_help(self.topic))
            yield Label(_("Keys"), classes="dialog-subtitle")
            yield Static(keys, id="help-keys", markup=False)
            journal = self.journal_path
            if journal is not None:
                yield Label(_("Journal"), classes="dialog-subtitle")
                yield Static(literal(str(journal)), id="help-journal")

    def action_close(self) -> None:
        self.dismiss(None)
