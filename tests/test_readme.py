"""The README says what the program does: where its journal is, how to run it (its
keys: tests/tui/test_readme_keys.py, where the app is imported in French)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from livetweet.config.model import default_journal_dir

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_says_where_the_journal_is(isolated_user_dirs: Path) -> None:
    folder = "~/" + str(default_journal_dir().relative_to(isolated_user_dirs)) + "/"
    assert folder in README


def test_the_readme_says_how_to_run_the_installed_command() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [command] = pyproject["project"]["scripts"]
    assert f".venv/bin/{command} run agendas/" in README
    assert "pipx install ." in README


def test_the_readmes_worked_example_of_several_accounts_loads_and_routes(tmp_path: Path) -> None:
    from livetweet.config import load_config
    from livetweet.config.routing import route

    start = README.index("accounts:\n  - id: mobilite-mastodon")
    example = tmp_path / "config.yaml"
    example.write_text(README[start : README.index("```", start)], encoding="utf-8")
    config = load_config(example, skip_secrets=True)  # its keyring holds nothing here
    assert [(a.id, a.network) for a in config.accounts] == [
        ("mobilite-mastodon", "mastodon"),
        ("mobilite-bluesky", "bluesky"),
    ]
    assert route(config, "mobilite") == ["mobilite-mastodon", "mobilite-bluesky"]
    assert route(config, "finances") == route(config, None) == []  # the main ones: off here
