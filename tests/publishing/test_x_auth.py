"""`livetweet auth x`: the PIN flow against the fake X, tokens stored safely."""

from __future__ import annotations

import io
import logging
import stat
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
import yaml
from fakex import FakeX
from fakex.fixtures import MemoryKeyring

from livetweet.cli import main
from livetweet.config import default_credentials_path, load_config
from livetweet.publishing.factory import build_publishers

pytestmark = pytest.mark.usefixtures("english")

APP_ONLY = """\
networks:
  x:
    api_base_url: {url}
    timeout_seconds: 2
    consumer_key: ${{APP_KEY}}
    consumer_secret: ${{APP_SECRET}}
"""


@pytest.fixture
def app_config(tmp_path: Path, fake_x: FakeX, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("APP_KEY", fake_x.credentials.consumer_key)
    monkeypatch.setenv("APP_SECRET", fake_x.credentials.consumer_secret)
    path = tmp_path / "config.yaml"
    path.write_text(APP_ONLY.format(url=fake_x.url), encoding="utf-8")
    return path


def run_auth(config: Path, stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["auth", "x", "--config", str(config)])


def printed_config(out: str) -> dict[str, object]:
    snippet = out[out.index("networks:") :]
    loaded = yaml.safe_load(snippet)
    assert isinstance(loaded, dict)
    return loaded


def complete_config(app_config: Path, snippet: dict[str, object]) -> Path:
    """The operator pastes the printed lines into the config."""
    base = yaml.safe_load(app_config.read_text(encoding="utf-8"))
    base["networks"]["x"].update(snippet["networks"]["x"])  # type: ignore[index]
    app_config.write_text(yaml.safe_dump(base), encoding="utf-8")
    return app_config


def test_pin_flow_stores_tokens_in_the_keyring_and_they_post(
    app_config: Path,
    fake_x: FakeX,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    status = run_auth(app_config, fake_x.credentials.pin + "\n", monkeypatch)
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "oauth_token=fake-request-token" in out  # the authorization URL
    creds = fake_x.credentials
    assert memory_keyring.entries[("livetweet", "x-access-token")] == creds.access_token
    assert creds.access_token_secret not in out + err  # never printed
    snippet = printed_config(out)
    assert snippet["networks"]["x"]["account"] == "@VilleDeVilleneuve"  # type: ignore[index]
    config = load_config(complete_config(app_config, snippet))
    [publisher] = build_publishers(config, journal_path=tmp_path / "j.jsonl")
    publisher.publish("Séance ouverte", reply_to=None, idempotency_key="k")
    assert [p.text for p in fake_x.posts] == ["Séance ouverte"]
    # Every OAuth call went to the fake and was correctly signed.
    paths = [(r.path, r.authorized) for r in fake_x.requests_log]
    assert paths[:2] == [("/oauth/request_token", True), ("/oauth/access_token", True)]


def test_without_keyring_tokens_go_to_a_private_file(
    app_config: Path,
    fake_x: FakeX,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    status = run_auth(app_config, fake_x.credentials.pin + "\n", monkeypatch)
    out, _err = capsys.readouterr()
    assert status == 0
    path = default_credentials_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    snippet = printed_config(out)
    assert snippet["networks"]["x"]["access_token"] == "credentials:x-access-token"  # type: ignore[index]
    token = load_config(complete_config(app_config, snippet)).networks.x.access_token
    assert token is not None and token.get_secret_value() == fake_x.credentials.access_token


def test_wrong_pin_fails_and_stores_nothing(
    app_config: Path,
    fake_x: FakeX,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = run_auth(app_config, "0000000\n", monkeypatch)
    _out, err = capsys.readouterr()
    assert status == 1
    assert "X refused the PIN" in err
    assert memory_keyring.entries == {}


def test_app_keys_are_asked_when_the_config_has_none(
    tmp_path: Path,
    fake_x: FakeX,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"networks:\n  x:\n    api_base_url: {fake_x.url}\n", encoding="utf-8")
    creds = fake_x.credentials
    stdin = f"{creds.consumer_key}\n{creds.consumer_secret}\n{creds.pin}\n"
    assert run_auth(config, stdin, monkeypatch) == 0
    out, _err = capsys.readouterr()
    assert "consumer_key: keyring:livetweet/x-consumer-key" in out
    assert memory_keyring.entries[("livetweet", "x-consumer-secret")] == creds.consumer_secret


def test_unusable_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("networks:\n  x:\n    enabled: maybe\n", encoding="utf-8")
    assert main(["auth", "x", "--config", str(config)]) == 2
    assert f"{config}:3:5" in capsys.readouterr().err


def test_x_unreachable_exits_1(
    app_config: Path,
    fake_x: FakeX,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_x.stop()
    assert run_auth(app_config, "1234\n", monkeypatch) == 1
    assert "Could not reach X (ConnectionError)" in capsys.readouterr().err


def test_no_secret_reaches_the_logs_even_at_debug_level(
    app_config: Path,
    fake_x: FakeX,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    assert run_auth(app_config, fake_x.credentials.pin + "\n", monkeypatch) == 0
    config = load_config(complete_config(app_config, printed_config(capsys.readouterr().out)))
    [publisher] = build_publishers(config, journal_path=tmp_path / "j.jsonl")
    publisher.publish("Séance ouverte", reply_to=None, idempotency_key="k")
    assert "Making API request" in caplog.text  # tweepy did log at DEBUG
    creds = fake_x.credentials
    for secret in (creds.consumer_secret, creds.access_token_secret, creds.request_token_secret):
        assert secret not in caplog.text


def test_the_installed_command_runs_the_flow_with_a_piped_pin(
    app_config: Path, fake_x: FakeX, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    command = Path(sys.executable).with_name("livetweet")
    result = subprocess.run(
        [str(command), "auth", "x", "--config", str(app_config)],
        input=fake_x.credentials.pin + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "access_token: credentials:x-access-token" in result.stdout
    assert stat.S_IMODE(default_credentials_path().stat().st_mode) == 0o600


def test_authorizing_another_account_than_configured_is_flagged(
    app_config: Path,
    fake_x: FakeX,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = app_config.read_text(encoding="utf-8") + '    account: "@MairieDeVilleneuve"\n'
    app_config.write_text(text, encoding="utf-8")
    assert run_auth(app_config, fake_x.credentials.pin + "\n", monkeypatch) == 0
    out, err = capsys.readouterr()
    assert "says @MairieDeVilleneuve but X authorized @VilleDeVilleneuve" in " ".join(err.split())
    assert printed_config(out)["networks"]["x"]["account"] == "@VilleDeVilleneuve"  # type: ignore[index]


def test_a_readable_credentials_file_is_not_written_to(
    app_config: Path,
    fake_x: FakeX,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    path = default_credentials_path()
    path.parent.mkdir(parents=True)
    path.write_text("other: value\n", encoding="utf-8")
    path.chmod(0o644)
    assert run_auth(app_config, fake_x.credentials.pin + "\n", monkeypatch) == 1
    assert "chmod 600" in " ".join(capsys.readouterr().err.split())
    assert fake_x.credentials.access_token not in path.read_text(encoding="utf-8")
