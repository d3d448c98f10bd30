"""Shared fixtures: every test runs away from the real user's config, data and keyring."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from fakex import FakeX
from fakex.fixtures import MakeXPublisher, MemoryKeyring

from livetweet.i18n import current_language, set_language
from livetweet.publishing.networks.x import XPublisher


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point HOME and the XDG dirs at a temporary home; drop LIVETWEET_* variables."""
    home = tmp_path_factory.mktemp("home")
    for name in list(os.environ):
        if name.startswith("LIVETWEET_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring; the system keyring is never touched."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def fake_x() -> Iterator[FakeX]:
    """A fresh fake X API on 127.0.0.1 (``fake_x.url``, ``.posts``, ``.fail_next()``)."""
    with FakeX(hang_seconds=3.0) as server:
        yield server


@pytest.fixture
def make_publisher() -> MakeXPublisher:
    """Build a real XPublisher (real tweepy) pointed at a fake server; options override."""

    def make(server: FakeX, **options: Any) -> XPublisher:
        creds = server.credentials
        settings: dict[str, Any] = {
            "consumer_key": creds.consumer_key,
            "consumer_secret": creds.consumer_secret,
            "access_token": creds.access_token,
            "access_token_secret": creds.access_token_secret,
            "account": "@" + creds.username,
            "api_base_url": server.url,
            "timeout_seconds": 2.0,
            **options,
        }
        return XPublisher(**settings)

    return make


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English (the source strings) unless a test asks otherwise, also
    from the commands, which follow the locale (in this process or a subprocess).

    Autouse, so that no test's language leaks into the next; French-speaking
    tests (the TUI's) override it with their own autouse fixture.
    """
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)
