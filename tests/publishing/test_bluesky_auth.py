"""`livetweet auth bluesky`: the app password checked by a login, stored, and it posts."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fakepds import FakePDS
from fakex.fixtures import MemoryKeyring

from livetweet.cli import main
from livetweet.config import load_config
from livetweet.publishing.factory import build_publishers

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def pds() -> Iterator[FakePDS]:
    with FakePDS(hang_seconds=2.0) as server:
        yield server


def run_auth(config: Path, stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["auth", "bluesky", "--config", str(config)])


def test_auth_checks_the_app_password_stores_it_and_prints_the_config(
    pds: FakePDS,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"networks:\n  bluesky:\n    api_base_url: {pds.url}\n", encoding="utf-8")
    password = pds.account.app_password
    status = run_auth(config, f"{pds.account.handle}\n{password}\n", monkeypatch)
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "App passwords" in err  # where to create one
    assert "does not look like an app password" not in err
    assert password not in out + err
    assert memory_keyring.entries[("livetweet", "bluesky-app-password")] == password
    snippet = yaml.safe_load(out[out.index("networks:") :])
    section = snippet["networks"]["bluesky"]
    assert section["account"] == pds.account.handle
    assert section["app_password"] == "keyring:livetweet/bluesky-app-password"
    # The operator pastes the lines: the next post needs no login (the session is kept).
    config.write_text(yaml.safe_dump(snippet), encoding="utf-8")
    [publisher] = build_publishers(load_config(config), journal_path=tmp_path / "j.jsonl")
    publisher.publish("Séance ouverte", reply_to=None, idempotency_key="s/p1")
    assert pds.state.logins == 1 and len(pds.records) == 1


def test_auth_warns_about_a_main_password_and_a_refusal_stores_nothing(
    pds: FakePDS,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.yaml"
    handle = f"    account: '@{pds.account.handle}'\n"
    config.write_text(
        f"networks:\n  bluesky:\n{handle}    api_base_url: {pds.url}\n", encoding="utf-8"
    )
    status = run_auth(config, "MonMotDePasse2026!\n", monkeypatch)
    out, err = capsys.readouterr()
    assert status == 1
    assert "does not look like an app password" in err
    assert "Bluesky 401" in err and "livetweet auth bluesky" in err
    assert "MonMotDePasse2026!" not in out + err
    assert memory_keyring.entries == {}
