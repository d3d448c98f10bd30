"""Attaching a photo (a path with completion, or a file picker) and writing its alt text."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, DirectoryTree, Label, Static, TextArea

from livetweet.i18n import _, ngettext
from livetweet.media import MediaError
from livetweet.text.networks import DISPLAY_NAMES, Network
from livetweet.tui.models.attachments import PhotoInfo, alt_counts, describe, is_image_name
from livetweet.tui.widgets.attachments import OVER_STYLE, half_blocks
from livetweet.tui.widgets.literal import SafeInput, SafeTextArea, literal

#: A directory with more entries than this is completed from its first ones only.
MAX_LISTED = 5000


def expand(value: str, base: Path) -> Path:
    path = Path(value.strip()).expanduser()
    return path if path.is_absolute() else base / path


class PathSuggester(Suggester):
    """Completes a path from the file system: directories and images only."""

    def __init__(self, base: Path) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        typed = expand(value, self.base)
        folder, prefix = (typed, "") if value.endswith(os.sep) else (typed.parent, typed.name)
        try:
            with os.scandir(folder) as entries:
                names = []
                for count, entry in enumerate(entries):
                    if count >= MAX_LISTED:
                        break
                    if not entry.name.startswith(prefix) or entry.name == prefix:
                        continue
                    if entry.name.startswith(".") and not prefix.startswith("."):
                        continue
                    if entry.is_dir():
                        names.append(entry.name + os.sep)
                    elif is_image_name(Path(entry.name)):
                        names.append(entry.name)
        except OSError:
            return None
        if not names:
            return None
        return value + min(names)[len(prefix) :]


class ImageTree(DirectoryTree):
    """A ``DirectoryTree`` showing folders and images, hidden files left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        shown = []
        for path in paths:
            if path.name.startswith("."):
                continue
            try:
                if path.is_dir() or is_image_name(path):
                    shown.append(path)
            except OSError:
                continue
        return shown


class AttachDialog(ModalScreen[PhotoInfo | None]):
    """A path (completed as it is typed: → accepts) or a file picked in the tree.
    The file is read here: one that is not a publishable image is named, with the
    reason, and the dialog stays open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="attach.cancel"),
    ]

    def __init__(
        self, start: Path, *, refused: Sequence[Path] = (), cwd: Path | None = None
    ) -> None:
        super().__init__()
        self.start = start  # the picker's folder
        self.cwd = cwd or Path.cwd()  # what a typed relative path is relative to, as in a shell
        self.refused = tuple(refused)  # already attached

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="attach-dialog"):
            yield Label(_("Attach a photo"), classes="dialog-title")
            yield Static(
                _("JPEG, PNG, WebP or GIF. Type a path (→ completes it) or pick a file below."),
                classes="hint",
            )
            yield SafeInput(
                placeholder=_("Path of the photo"),
                suggester=PathSuggester(self.cwd),
                id="attach-path",
            )
            yield Static(id="attach-error", classes="error")
            yield ImageTree(self.start, id="attach-tree")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="attach-cancel")
                yield Button(_("Attach"), id="attach-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#attach-error", Static).display = False
        self.query_one("#attach-path", SafeInput).focus()

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#attach-path", SafeInput).value = str(event.path)
        self._read_and_attach(event.path)

    @on(SafeInput.Submitted, "#attach-path")
    @on(Button.Pressed, "#attach-ok")
    def _submitted(self) -> None:
        value = self.query_one("#attach-path", SafeInput).value
        if value.strip():
            self._read_and_attach(expand(value, self.cwd))

    def _read_and_attach(self, path: Path) -> None:
        if path in self.refused:
            self._say(_("{name} is already attached.").format(name=path.name))
            return
        try:
            info = describe(path)
        except MediaError as error:
            self._say(_("{name}: {reason}").format(name=path.name, reason=error))
            return
        self.dismiss(info)

    def _say(self, message: str) -> None:
        error = self.query_one("#attach-error", Static)
        error.update(literal(message))
        error.display = True
        self.notify(message, title=_("Photo not attached"), severity="error")

    @on(Button.Pressed, "#attach-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def read_photos(paths: Sequence[Path]) -> tuple[list[PhotoInfo], list[str]]:
    """Each file read as a photo, and a message naming each one that is not."""
    infos: list[PhotoInfo] = []
    problems: list[str] = []
    for path in paths:
        try:
            infos.append(describe(path))
        except MediaError as error:
            problems.append(_("{name}: {reason}").format(name=path.name, reason=error))
    return infos, problems


class PasteDialog(ModalScreen[bool]):
    """A path to an image was pasted (or dropped) into the draft: attach the photo,
    or insert the path as text. Escape inserts the text: nothing pasted is lost."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "text", _("Insert as text"), id="paste.text"),
    ]

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self.paths = tuple(paths)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="paste-dialog"):
            yield Label(
                ngettext("Attach the pasted photo?", "Attach the pasted photos?", len(self.paths)),
                classes="dialog-title",
            )
            yield Static(literal("\n".join(str(path) for path in self.paths)))
            with Horizontal(classes="buttons"):
                yield Button(_("Insert as text"), id="paste-text")
                yield Button(_("Attach"), id="paste-attach", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#paste-attach", Button).focus()

    @on(Button.Pressed, "#paste-attach")
    def _attach_chosen(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#paste-text")
    def action_text(self) -> None:
        self.dismiss(False)


class AltDialog(ModalScreen[str | None]):
    """The alt text of one photo, with its counter on each network. What it
    describes is the picture, for readers who cannot see it (RGAA)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="alt.cancel"),
        Binding("ctrl+s", "save", _("Save the alt text"), id="alt.save", priority=True),
    ]

    def __init__(
        self,
        info: PhotoInfo,
        alt: str,
        networks: Sequence[Network],
        limits: Mapping[Network, int],
        *,
        reason: str | None = None,
    ) -> None:
        super().__init__()
        self.info = info
        self.alt = alt
        self.networks = tuple(networks)
        self.limits = dict(limits)
        self.reason = reason  # why it is asked (posting refused without one)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="alt-dialog"):
            title = _("Alt text — {name}").format(name=self.info.name)
            yield Label(literal(title, one_line=True), classes="dialog-title")
            if self.reason:
                yield Static(literal(self.reason), classes="error")
            with Horizontal(id="alt-photo"):
                yield Static(half_blocks(self.info), id="alt-thumbnail")
                yield Static(
                    _(
                        "Describe what the photo shows for readers who cannot see it: "
                        "who, what, any text it carries."
                    ),
                    classes="hint",
                )
            yield SafeTextArea(self.alt, id="alt-text", soft_wrap=True)
            yield Static(id="alt-count")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="alt-cancel")
                yield Button(_("Save the alt text"), id="alt-ok", variant="primary")

    def on_mount(self) -> None:
        editor = self.query_one("#alt-text", TextArea)
        editor.move_cursor(editor.document.end)
        editor.focus()
        self._count()

    @on(TextArea.Changed, "#alt-text")
    def _count(self) -> None:
        text = self.query_one("#alt-text", TextArea).text
        shown = Text()
        for index, (network, counted) in enumerate(alt_counts(text, self.networks, self.limits)):
            if index:
                shown.append(" · ", style="dim")
            label = f"{DISPLAY_NAMES[network]} {counted.length}/{counted.limit}"
            shown.append(label, style="" if counted.fits else OVER_STYLE)
        self.query_one("#alt-count", Static).update(shown)

    @on(Button.Pressed, "#alt-ok")
    def action_save(self) -> None:
        text = self.query_one("#alt-text", TextArea).text.strip()
        if not text:
            self.notify(
                _("Describe the photo, or cancel."), title=_("No alt text"), severity="warning"
            )
            return
        self.dismiss(text)

    @on(Button.Pressed, "#alt-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
