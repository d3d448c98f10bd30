"""`livetweet auth mastodon`: app registration and out-of-band code against the fake
Mastodon, the token stored safely, and the printed lines that then post."""

from __future__ import annotations

import io
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import keyring
import keyring.backends.fail
import pytest
import yaml
from fakemastodon import FakeMastodon
from fakemastodon.state import AUTH_CODE, CLIENT_SECRET
from fakex.fixtures import MemoryKeyring

from livetweet.cli import main
from livetweet.config import default_credentials_path, load_config
from livetweet.publishing.factory import build_publishers

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    with FakeMastodon() as server:
        yield server


def run_auth(args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["auth", "mastodon", *args])


def printed_config(out: str) -> dict[str, object]:
    loaded = yaml.safe_load(out[out.index("networks:") :])
    assert isinstance(loaded, dict)
    return loaded


def test_code_flow_stores_the_token_in_the_keyring_and_it_posts(
    fake: FakeMastodon,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    status = run_auth(["--instance", fake.url], AUTH_CODE + "\n", monkeypatch)
    out, err = capsys.readouterr()
    assert status == 0, err
    authorize = urlsplit(out.splitlines()[0])
    assert authorize.path == "/oauth/authorize"
    query = parse_qs(authorize.query)
    assert query["redirect_uri"] == ["urn:ietf:wg:oauth:2.0:oob"]
    assert "write:statuses" in query["scope"][0] and "read:accounts" in query["scope"][0]
    assert memory_keyring.entries[("livetweet", "mastodon-access-token")] == fake.token
    assert fake.token not in out + err and CLIENT_SECRET not in out + err  # never printed
    snippet = printed_config(out)
    section = snippet["networks"]["mastodon"]  # type: ignore[index]
    assert section["account"] == "@villeneuve@127.0.0.1"
    assert section["api_base_url"] == fake.url
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump(snippet), encoding="utf-8")
    config = load_config(config_file)
    [publisher] = build_publishers(config, journal_path=tmp_path / "j.jsonl")
    publisher.publish("Séance ouverte", reply_to=None, idempotency_key="k")
    assert [s.text for s in fake.statuses] == ["Séance ouverte"]
    registered = next(r for r in fake.requests_log if r.path == "/api/v1/apps")
    assert registered.body["client_name"] == "livetweet"


def test_without_keyring_the_token_goes_to_a_private_file(
    fake: FakeMastodon, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert run_auth(["--instance", fake.url], AUTH_CODE + "\n", monkeypatch) == 0
    out, _err = capsys.readouterr()
    path = default_credentials_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    section = printed_config(out)["networks"]["mastodon"]  # type: ignore[index]
    assert section["access_token"] == "credentials:mastodon-access-token"


def test_a_wrong_code_fails_and_stores_nothing(
    fake: FakeMastodon,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_auth(["--instance", fake.url], "nope\n", monkeypatch) == 1
    _out, err = capsys.readouterr()
    assert "refused the code" in err
    assert memory_keyring.entries == {}


def test_no_instance_known_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_auth([], "", monkeypatch) == 2
    assert "--instance" in capsys.readouterr().err


def test_the_instance_comes_from_the_configuration(
    fake: FakeMastodon,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(f"networks:\n  mastodon:\n    api_base_url: {fake.url}\n", encoding="utf-8")
    assert run_auth(["--config", str(config)], AUTH_CODE + "\n", monkeypatch) == 0
    assert any(r.path == "/oauth/token" for r in fake.requests_log)
