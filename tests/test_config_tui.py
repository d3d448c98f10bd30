"""The TUI reads the configuration through the ``Config`` type, not ``Any`` plus
``getattr``: a renamed key is a type error, not a silent default on screen."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

import pytest

from livetweet.config import Config, load_config
from livetweet.i18n import set_language

# As in tests/tui/conftest.py: binding labels are translated when the app's classes
# are created, and the TUI tests (collected later) expect them in French.
set_language("fr")

from livetweet.tui import build_app, run_app  # noqa: E402
from livetweet.tui.app import LiveTweetApp  # noqa: E402
from livetweet.tui.models.settings import UiSettings  # noqa: E402


@pytest.mark.parametrize(
    "function", [UiSettings.from_config, LiveTweetApp.__init__, build_app, run_app]
)
def test_the_tui_takes_a_typed_configuration(function: typing.Callable[..., object]) -> None:
    from livetweet.agenda.model import Agenda
    from livetweet.publishing import Outbox

    names = {
        "Config": Config,
        "Agenda": Agenda,
        "Outbox": Outbox,
        "UiSettings": UiSettings,
        "LiveTweetApp": LiveTweetApp,
    }
    module = inspect.getmodule(function)
    hints = typing.get_type_hints(function, {**vars(module), **names})
    assert hints["config"] == Config | None


def test_the_screen_settings_follow_the_configuration(tmp_path: Path) -> None:
    file = tmp_path / "config.yaml"
    file.write_text(
        "house_limit: 140\nsend_delay_seconds: 8\nthread_mode: session\n"
        "thread_numbering: false\nlanguage: en\nkeymap:\n  post: ctrl+p\n"
        "networks:\n  mastodon:\n    max_characters: 1000\n",
        encoding="utf-8",
    )
    settings = UiSettings.from_config(load_config(file))
    assert settings == UiSettings(
        house_limit=140,
        send_delay_seconds=8.0,
        thread_mode="session",
        numbering=False,
        language="en",
        limits={"mastodon": 1000},
        keymap={"post": "ctrl+p"},
    )
    assert UiSettings.from_config(None) == UiSettings()
