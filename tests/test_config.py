"""Loading livetweet's configuration: defaults, the issue's X section, precise errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from livetweet.config import Config, ConfigError, XConfig, default_config_path, load_config

pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parents[1]

ISSUE_X_SECTION = """\
networks:
  x:
    enabled: true
    api_base_url: https://api.x.com   # optional; tests point it at the fake server
    timeout_seconds: 15
    consumer_key: ${LIVETWEET_X_CONSUMER_KEY}
    consumer_secret: ${LIVETWEET_X_CONSUMER_SECRET}
    access_token: ${LIVETWEET_X_ACCESS_TOKEN}
    access_token_secret: ${LIVETWEET_X_ACCESS_TOKEN_SECRET}
"""

X_ENV = {
    "LIVETWEET_X_CONSUMER_KEY": "ck-123",
    "LIVETWEET_X_CONSUMER_SECRET": "cs-456",
    "LIVETWEET_X_ACCESS_TOKEN": "at-789",
    "LIVETWEET_X_ACCESS_TOKEN_SECRET": "ats-000",
}


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_no_configuration_at_all_means_dry_run(isolated_user_dirs: Path) -> None:
    assert not default_config_path().exists()
    config = load_config()
    assert config.is_dry_run
    assert config.enabled_networks() == []
    assert config.thread_mode == "item"
    assert config.send_delay_seconds == 5
    assert config.networks.x.timeout_seconds == 15
    assert config.operator  # the OS user, never empty
    # The default journal directory is in the (isolated) user data directory.
    assert config.journal_dir.is_relative_to(isolated_user_dirs)


def test_the_issue_x_section_loads_with_secrets_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in X_ENV.items():
        monkeypatch.setenv(name, value)
    config = load_config(write(tmp_path / "config.yaml", ISSUE_X_SECTION, 0o644))
    x = config.networks.x
    assert x.enabled and not config.is_dry_run
    assert x.api_base_url == "https://api.x.com"
    assert x.consumer_key is not None and x.consumer_key.get_secret_value() == "ck-123"
    assert x.access_token_secret is not None
    assert x.access_token_secret.get_secret_value() == "ats-000"
    # Secrets never print.
    shown = repr(config) + str(config) + str(x.model_dump())
    assert not any(value in shown for value in X_ENV.values())


def test_user_config_file_is_read_when_present(isolated_user_dirs: Path) -> None:
    path = default_config_path()
    path.parent.mkdir(parents=True)
    write(path, "language: en\nthread_mode: session\nsend_delay_seconds: 8\n")
    config = load_config()
    assert (config.language, config.thread_mode, config.send_delay_seconds) == ("en", "session", 8)


def test_missing_environment_variable_is_named_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in X_ENV.items():
        if name != "LIVETWEET_X_ACCESS_TOKEN":
            monkeypatch.setenv(name, value)
    file = write(tmp_path / "config.yaml", ISSUE_X_SECTION)
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    message = str(caught.value)
    assert message.startswith(f"{file}:8:5: ")
    assert "LIVETWEET_X_ACCESS_TOKEN " in message
    assert not any(value in message for value in X_ENV.values())


def test_a_disabled_network_does_not_need_its_secrets(tmp_path: Path) -> None:
    text = ISSUE_X_SECTION.replace("enabled: true", "enabled: false")
    config = load_config(write(tmp_path / "config.yaml", text))
    assert config.is_dry_run
    assert config.networks.x.missing_credentials() == [
        "consumer_key",
        "consumer_secret",
        "access_token",
        "access_token_secret",
    ]


def test_unknown_key_is_refused_with_file_line_and_column(tmp_path: Path) -> None:
    file = write(tmp_path / "config.yaml", "language: fr\nnetworks:\n  x:\n    timeout: 15\n")
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    assert str(caught.value) == f"{file}:4:5: networks.x.timeout: unknown key"
    assert (caught.value.line, caught.value.column) == (4, 5)


def test_unknown_top_level_key_and_bad_value_are_all_listed(tmp_path: Path) -> None:
    file = write(tmp_path / "config.yaml", "langage: fr\nthread_mode: always\n")
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    message = str(caught.value)
    assert f"{file}:1:1: langage: unknown key" in message
    assert f"{file}:2:1: thread_mode:" in message


def test_timeout_can_never_be_none(tmp_path: Path) -> None:
    file = write(tmp_path / "config.yaml", "networks:\n  x:\n    timeout_seconds: null\n")
    with pytest.raises(ConfigError, match=r":3:5: networks\.x\.timeout_seconds"):
        load_config(file)


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    file = write(tmp_path / "config.yaml", "language: fr\nlanguage: en\n")
    with pytest.raises(ConfigError, match=r":2:1: duplicate key language"):
        load_config(file)


def test_invalid_yaml_points_at_the_line(tmp_path: Path) -> None:
    file = write(tmp_path / "config.yaml", "language: fr\nnetworks: [x\n")
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    assert caught.value.path == file and caught.value.line == 3
    assert "invalid YAML" in str(caught.value)


def test_missing_config_file_given_explicitly_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "nope.yaml")


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = write(tmp_path / "config.yaml", "language: fr\ndry_run: false\n")
    monkeypatch.setenv("LIVETWEET_LANGUAGE", "en")
    monkeypatch.setenv("LIVETWEET_DRY_RUN", "true")
    monkeypatch.setenv("LIVETWEET_NETWORKS__X__TIMEOUT_SECONDS", "4.5")
    config = load_config(file)
    assert (config.language, config.dry_run, config.networks.x.timeout_seconds) == (
        "en",
        True,
        4.5,
    )


def test_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVETWEET_THREAD_MODE", "sometimes")
    with pytest.raises(ConfigError, match="environment variable LIVETWEET_THREAD_MODE"):
        load_config()


def test_a_wrongly_typed_secret_is_not_quoted_in_the_error(tmp_path: Path) -> None:
    file = write(tmp_path / "config.yaml", "networks:\n  x:\n    consumer_key: [s3cr3t-value]\n")
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    assert "s3cr3t-value" not in str(caught.value)
    assert ":3:5: networks.x.consumer_key" in str(caught.value)


def test_journal_dir_expands_home(tmp_path: Path, isolated_user_dirs: Path) -> None:
    config = load_config(write(tmp_path / "config.yaml", "journal_dir: ~/journaux\n"))
    assert config.journal_dir == isolated_user_dirs / "journaux"


def _documented_keys(model: type, prefix: str = "") -> set[str]:
    keys = set()
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        keys.add(prefix + name)
        annotation = field.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            keys |= _documented_keys(annotation, f"{prefix}{name}.")
    return keys


#: Keys whose own keys are the operator's names (groups, routing, key binding ids).
FREE_FORM = {"groups", "routing", "keymap"}


def _example_keys(data: dict[str, object], prefix: str = "") -> set[str]:
    keys = set()
    for name, value in data.items():
        keys.add(prefix + name)
        if isinstance(value, dict) and prefix + name not in FREE_FORM:
            keys |= _example_keys(value, f"{prefix}{name}.")
    return keys


def test_config_example_documents_every_key_and_loads() -> None:
    example = ROOT / "config.example.yaml"
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    assert _example_keys(data) == _documented_keys(Config)
    config = load_config(example, env={**os.environ, **X_ENV})
    assert config.is_dry_run  # the example publishes nothing until the operator enables X
    assert isinstance(config.networks.x, XConfig)
    # The worked example: a mobility account on Mastodon and Bluesky, routed its theme.
    assert [a.id for a in config.accounts] == ["mobilite-mastodon", "mobilite-bluesky"]
    assert config.routing == {"principal": "all", "mobilite": ["mobilite"]}


def test_secret_values_lists_every_configured_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in X_ENV.items():
        monkeypatch.setenv(name, value)
    config = load_config(write(tmp_path / "config.yaml", ISSUE_X_SECTION))
    assert sorted(config.secret_values()) == sorted(X_ENV.values())
    assert load_config().secret_values() == []


def test_tui_keys_are_read(tmp_path: Path) -> None:
    text = "thread_numbering: false\nkeymap:\n  post: ctrl+p\nnetworks:\n  mastodon:\n"
    text += "    max_characters: 1000\n"
    config = load_config(write(tmp_path / "config.yaml", text))
    assert config.thread_numbering is False
    assert config.keymap == {"post": "ctrl+p"}
    assert config.networks.mastodon.max_characters == 1000
