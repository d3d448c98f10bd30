"""Secrets in the configuration: keyring, credentials file, file permissions."""

from __future__ import annotations

import stat
from pathlib import Path

import keyring.backends.fail
import pytest
from fakex.fixtures import MemoryKeyring

from livetweet.config import (
    ConfigError,
    default_credentials_path,
    load_config,
    store_secrets,
)

pytestmark = pytest.mark.usefixtures("english")

KEYRING_CONFIG = """\
networks:
  x:
    enabled: true
    account: "@VilleDeVilleneuve"
    consumer_key: keyring:livetweet/x-consumer-key
    consumer_secret: keyring:livetweet/x-consumer-secret
    access_token: keyring:livetweet/x-access-token
    access_token_secret: keyring:livetweet/x-access-token-secret
"""

LITERAL_CONFIG = """\
networks:
  x:
    enabled: true
    consumer_key: literal-ck
    consumer_secret: literal-cs
    access_token: literal-at
    access_token_secret: literal-ats
"""


def write(path: Path, text: str, mode: int) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_secrets_come_from_the_keyring(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    for name in ("x-consumer-key", "x-consumer-secret", "x-access-token", "x-access-token-secret"):
        memory_keyring.set_password("livetweet", name, f"value-of-{name}")
    config = load_config(write(tmp_path / "config.yaml", KEYRING_CONFIG, 0o644))
    token = config.networks.x.access_token
    assert token is not None and token.get_secret_value() == "value-of-x-access-token"


def test_missing_keyring_entry_says_how_to_fix_it(tmp_path: Path) -> None:
    file = write(tmp_path / "config.yaml", KEYRING_CONFIG, 0o600)
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    assert str(caught.value).startswith(f"{file}:5:5: networks.x.consumer_key: nothing is stored")
    assert "livetweet auth x" in str(caught.value)
    # ``livetweet auth x`` loads the same file before the tokens exist.
    config = load_config(file, allow_missing_secrets=True)
    assert config.networks.x.access_token is None


def test_no_system_keyring_is_a_clear_error(tmp_path: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    file = write(tmp_path / "config.yaml", KEYRING_CONFIG, 0o600)
    with pytest.raises(ConfigError, match="the system keyring cannot be read"):
        load_config(file)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644])
def test_literal_secret_in_a_readable_file_is_refused(tmp_path: Path, mode: int) -> None:
    file = write(tmp_path / "config.yaml", LITERAL_CONFIG, mode)
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    message = str(caught.value)
    assert f"chmod 600 {file}" in message
    assert message.startswith(f"{file}:4:5: networks.x.consumer_key")
    assert "literal-" not in message


def test_literal_secret_in_a_private_file_is_accepted(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "config.yaml", LITERAL_CONFIG, 0o600))
    secret = config.networks.x.consumer_secret
    assert secret is not None and secret.get_secret_value() == "literal-cs"


def test_store_secrets_uses_the_keyring_when_there_is_one(memory_keyring: MemoryKeyring) -> None:
    refs, where = store_secrets({"x-access-token": "tok"})
    assert refs == {"x-access-token": "keyring:livetweet/x-access-token"}
    assert "MemoryKeyring" in where
    assert memory_keyring.entries[("livetweet", "x-access-token")] == "tok"
    assert not default_credentials_path().exists()


def test_store_secrets_falls_back_to_a_private_file(tmp_path: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    refs, where = store_secrets({"x-access-token": "tok", "x-access-token-secret": "sec"})
    path = default_credentials_path()
    assert where == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert refs["x-access-token"] == "credentials:x-access-token"
    # The references resolve through the configuration.
    text = LITERAL_CONFIG.replace("literal-ats", refs["x-access-token-secret"]).replace(
        "literal-at", refs["x-access-token"]
    )
    config = load_config(write(tmp_path / "config.yaml", text, 0o600))
    token = config.networks.x.access_token_secret
    assert token is not None and token.get_secret_value() == "sec"


def test_readable_credentials_file_is_refused(tmp_path: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store_secrets({"x-access-token": "tok"})
    default_credentials_path().chmod(0o644)
    text = LITERAL_CONFIG.replace("literal-at", "credentials:x-access-token")
    file = write(tmp_path / "config.yaml", text, 0o600)
    keyring.set_keyring(MemoryKeyring())
    with pytest.raises(ConfigError, match="chmod 600"):
        load_config(file, allow_missing_secrets=False)
