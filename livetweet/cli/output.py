"""Text printed by the commands: never a terminal command, never Rich markup.

Journals, agendas, configuration files and network answers are inputs: an ESC in
an item id or an operator name, or ``[/]`` in a path, is shown as written (ESC as
␛), never obeyed by the terminal nor read as markup by Rich.
"""

from __future__ import annotations

from rich.markup import escape

from livetweet.text.display import terminal_safe


def shown(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` ready for ``Console.print`` with markup on: escaped and terminal-safe."""
    return escape(terminal_safe(text, keep_newlines=keep_newlines))
