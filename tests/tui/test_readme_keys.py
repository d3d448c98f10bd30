"""The README's key table lists every key the footer shows.

Here, not in tests/: the app's classes translate their labels when first imported,
and tests/tui/conftest.py sets French before that.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from livetweet.tui.app import LiveTweetApp
from livetweet.tui.screens.main import MainScreen

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_key_table_lists_every_key_of_the_footer() -> None:
    """ctrl+q was on screen and missing from the table."""
    table = [line.split("|")[1] for line in README.splitlines() if re.match(r"\| [A-Za-z]", line)]
    documented = {key.strip().lower() for cell in table for key in cell.split("/")}
    shown = [
        binding
        for binding in (*LiveTweetApp.BINDINGS, *MainScreen.BINDINGS)
        if isinstance(binding, Binding) and binding.show and binding.description
    ]
    assert shown
    missing = [b.key for b in shown if b.key.split(",")[0].lower() not in documented]
    assert not missing, f"keys missing from README's table: {missing}"
