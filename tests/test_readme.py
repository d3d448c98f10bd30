"""The README says what the program does: its keys, where its journal is, how to run it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from textual.binding import Binding

from livetweet.config.model import default_journal_dir
from livetweet.tui.app import LiveTweetApp
from livetweet.tui.screens.main import MainScreen

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


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


def test_the_readme_says_where_the_journal_is(isolated_user_dirs: Path) -> None:
    folder = "~/" + str(default_journal_dir().relative_to(isolated_user_dirs)) + "/"
    assert folder in README


def test_the_readme_says_how_to_run_the_installed_command() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [command] = pyproject["project"]["scripts"]
    assert f".venv/bin/{command} run agendas/" in README
    assert "pipx install ." in README
