"""The footer line of key bindings: one widget, drawn as one line of text.

Textual's ``Footer`` mounts a widget per key and recomposes them all on every
binding change (five times while the main screen mounts): about 60 ms of a
start-up budget of a few hundred. This bar reads the same public data
(``Screen.active_bindings``, ``App.get_key_display``) and redraws one line.
A click on a key presses it; hovering a key shows its tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

#: The bindings (by id) the bar shows at any width.
PINNED = frozenset({"quit", "help"})

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.screen import Screen


class KeyBar(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}  # noqa: RUF012
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--disabled {
            text-style: dim;
        }
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def _shown(self) -> tuple[list[ActiveBinding], ActiveBinding | None]:
        """The keys to show, one per action, and the command palette's apart."""
        palette_key = self.app.COMMAND_PALETTE_BINDING
        shown: dict[str, ActiveBinding] = {}
        palette = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == palette_key and self.app.ENABLE_COMMAND_PALETTE:
                palette = active
            elif binding.show and binding.description:
                shown.setdefault(binding.action, active)
        return list(shown.values()), palette

    def _key_text(self, active: ActiveBinding) -> Text:
        binding = active.binding
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        meta = Style(meta={"key": binding.key, "tooltip": active.tooltip or binding.tooltip})
        text = Text.assemble(
            (f" {self.app.get_key_display(binding)} ", key_style + meta),
            (f"{binding.description} ", description_style + meta),
        )
        if not active.enabled:
            text.stylize(self.get_component_rich_style("key-bar--disabled"))
        return text

    def render(self) -> Text:
        """Every key when they fit. Otherwise the palette goes first; then quit and
        help move to the right end (the way out and the way to every other key) and
        the screen's own keys are cut from the end."""
        keys, palette = self._shown()
        width = self.size.width
        texts = [self._key_text(active) for active in keys]
        right = [self._key_text(palette)] if palette is not None else []
        if sum(t.cell_len for t in texts + right) + len(right) > width:
            right = []  # the palette, least needed while typing, goes first
            if sum(t.cell_len for t in texts) > width:
                pairs = list(zip(keys, texts, strict=True))
                right = [t for a, t in pairs if a.binding.id in PINNED]
                texts = [t for a, t in pairs if a.binding.id not in PINNED]
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        for text in texts:
            line.append_text(text)
        if right:
            tail = Text(" ", end="")
            for text in right:
                tail.append_text(text)
            line.truncate(max(width - tail.cell_len, 0), overflow="ellipsis", pad=True)
            line.append_text(tail)
        return line

    def on_click(self, event: events.Click) -> None:
        key = event.style.meta.get("key")
        if isinstance(key, str):
            self.app.simulate_key(key)  # one key per active binding

    def on_mouse_move(self, event: events.MouseMove) -> None:
        tooltip = event.style.meta.get("tooltip")
        self.tooltip = tooltip if isinstance(tooltip, str) and tooltip else None
