"""The command palette (ctrl+p): the session's commands, which the app lists
(``palette.py``: jump to an item, insert a template, toggle a network, open the
timeline), and Textual's own commands, in the operator's language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, Protocol, runtime_checkable

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.theme import ThemeProvider

from livetweet.i18n import _, os_error
from livetweet.tui.widgets.literal import highlighted

Command = tuple[str, Callable[[], object], str]


@runtime_checkable
class SessionCommands(Protocol):
    """An app whose palette offers the session's commands over ``screen``."""

    def session_commands(self, screen: Screen[Any]) -> list[Command]: ...


class LiveTweetCommands(Provider):
    """Every palette command, Textual's own included, from one provider: so a search
    that finds nothing says so in the operator's language (Textual would say it in
    English)."""

    def _commands(self) -> list[Command]:
        app = self.app
        found = [(c.title, c.callback, c.help) for c in app.get_system_commands(self.screen)]
        if isinstance(app, SessionCommands):
            found = app.session_commands(self.screen) + found
        return found

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Text(name), callback, help=help_text)  # Text: never markup

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                found = True
                yield Hit(score, highlighted(matcher, name), callback, help=help_text)
        if not found and query.strip():
            nothing = _("No command matches this search")
            yield Hit(1.0, Text(nothing, style="italic"), _nothing, text=nothing)


def _nothing() -> None:
    """Choosing "no command matches" closes the palette, as Escape would."""


def system_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """Textual's system commands (quit, keys, theme, maximize, screenshot), translated.

    Quit and help run the app's own bindings, so the palette follows the same rule as
    the keys (and says it with the same words); Textual's "Keys" panel would show the
    widgets' English help, so it opens livetweet's help screen instead.
    """
    for binding_id in ("quit", "help"):
        binding = _app_binding(app, binding_id)
        if binding is not None:
            yield SystemCommand(
                binding.description,
                binding.tooltip or binding.description,
                partial(app.run_action, binding.action),
            )
    yield SystemCommand(_("Theme"), _("Change the colours of the screens"), partial(_themes, app))
    if screen.maximized is not None:
        yield SystemCommand(
            _("Restore"), _("Give the enlarged area back its place"), screen.action_minimize
        )
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(
            _("Enlarge"), _("Give the focused area the whole screen"), screen.action_maximize
        )
    yield SystemCommand(
        _("Screenshot"),
        _("Save an image (SVG) of the screen in the downloads folder"),
        partial(_screenshot, app),
    )


def _app_binding(app: App[Any], binding_id: str) -> Binding | None:
    for binding in type(app).BINDINGS:
        if isinstance(binding, Binding) and binding.id == binding_id:
            return binding
    return None


def _themes(app: App[Any]) -> None:
    app.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=_("Theme…")))


def _screenshot(app: App[Any]) -> None:
    import platformdirs

    folder = platformdirs.user_downloads_path()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = app.save_screenshot(path=str(folder))
    except OSError as error:
        app.notify(_("No screenshot: {why}").format(why=os_error(error)), severity="error")
        return
    app.notify(_("Screenshot saved: {path}").format(path=path))
