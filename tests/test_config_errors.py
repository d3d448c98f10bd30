"""Configuration errors a user makes: each is one clear line (FILE:LINE where there
is a file, the variable's name for the environment), in the user's language, exit
2, never a traceback; and http:// only ever reaches this machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from livetweet.cli import main
from livetweet.config import ConfigError, default_credentials_path, load_config
from livetweet.i18n import set_language

NETWORKS = ("x", "mastodon", "bluesky")


def write(path: Path, text: str | bytes, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def post(config: Path | None, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> tuple[int, str]:
    argv = ["post", "--journal", str(tmp_path / "j.jsonl"), "Séance ouverte"]
    status = main(argv + (["--config", str(config)] if config else []))
    captured = capfd.readouterr()
    return status, captured.out + captured.err


# -- http:// only to this machine ---------------------------------------------------------

REFUSED = [
    "http://api.x.com",
    "http://127.0.0.1.evil.example",
    "http://localhost.evil.example:8080",
    "http://127.0.0.1@evil.example",
    "http://127.0.0.1:80@evil.example",
    "http://user:pw@127.0.0.1",
    "http://evil.example#@127.0.0.1",
    "http://evil.example?@127.0.0.1",
    "http://evil.example\\@127.0.0.1",
    "http://[::ffff:10.0.0.1]",
    "http://10.0.0.1",
    "https://user@api.x.com",
    "ftp://127.0.0.1",
    "http://127.0.0.1:notaport",
    "https://",
]
ACCEPTED = [
    "https://api.x.com",
    "https://mastodon.social/",
    "http://127.0.0.1:8123",
    "http://localhost:8123",
    "http://[::1]:8123/",
]


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("url", REFUSED)
def test_http_to_another_host_and_userinfo_tricks_are_refused(
    tmp_path: Path, network: str, url: str
) -> None:
    file = write(tmp_path / "c.yaml", f"networks:\n  {network}:\n    api_base_url: '{url}'\n")
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    assert str(caught.value).startswith(f"{file}:3:5: networks.{network}.api_base_url: ")


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("url", ACCEPTED)
def test_https_and_http_to_this_machine_are_accepted(
    tmp_path: Path, network: str, url: str
) -> None:
    file = write(tmp_path / "c.yaml", f"networks:\n  {network}:\n    api_base_url: '{url}'\n")
    assert load_config(file).networks.get(network).api_base_url == url.rstrip("/")  # type: ignore[arg-type]


def test_http_from_the_environment_is_refused_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVETWEET_NETWORKS__X__API_BASE_URL", "http://api.x.com")
    with pytest.raises(ConfigError, match="LIVETWEET_NETWORKS__X__API_BASE_URL: http://"):
        load_config()


# -- no traceback, file:line, exit 2 ------------------------------------------------------


def test_a_credentials_file_that_is_not_utf8_is_named_with_its_line(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    credentials = write(default_credentials_path(), b"a: un\nx-access-token: caf\xe9\n")
    config = write(
        tmp_path / "c.yaml",
        "networks:\n  x:\n    enabled: true\n    access_token: credentials:x-access-token\n",
    )
    status, output = post(config, tmp_path, capfd)
    assert status == 2
    assert f"{config}:4:5: networks.x.access_token: {credentials}:2: is not UTF-8" in output
    assert "Traceback" not in output


def test_a_credentials_file_with_a_syntax_error_is_located_without_its_line(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    credentials = write(default_credentials_path(), 'a: "un"\nx-access-token: "abc\n')
    config = write(
        tmp_path / "c.yaml",
        "networks:\n  x:\n    enabled: true\n    access_token: credentials:x-access-token\n",
    )
    status, output = post(config, tmp_path, capfd)
    assert status == 2
    assert f"{credentials}:3:1: invalid YAML" in output
    assert '"abc' not in output and "Traceback" not in output


def test_a_credentials_file_that_is_a_directory_is_said_so(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    credentials = default_credentials_path()
    credentials.mkdir(parents=True, mode=0o700)
    config = write(
        tmp_path / "c.yaml",
        "networks:\n  x:\n    enabled: true\n    access_token: credentials:x-access-token\n",
    )
    status, output = post(config, tmp_path, capfd)
    assert status == 2
    assert f"{credentials}: is a directory, not a credentials file" in output
    assert "Traceback" not in output


def test_a_configuration_file_that_is_not_utf8_is_named_with_its_line(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    config = write(tmp_path / "c.yaml", b"language: fr\noperator: Mairie de S\xe8te\n")
    status, output = post(config, tmp_path, capfd)
    assert status == 2
    assert f"{config}:2:1: is not UTF-8 text" in output


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("LIVETWEET_NETWORKS", '{"x": {"enabled": true,'),
        ("LIVETWEET_KEYMAP", "{post: ctrl+s}"),
        ("LIVETWEET_NETWORKS__X", '{"enabled": tru}'),
    ],
)
def test_invalid_json_in_a_variable_names_the_variable(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    variable: str,
    value: str,
) -> None:
    monkeypatch.setenv(variable, value)
    status, output = post(None, tmp_path, capfd)
    assert status == 2
    assert f"environment variable {variable}: is not valid JSON (line 1, column" in output
    assert value not in output and "Traceback" not in output


def test_a_journal_dir_that_is_a_file_is_named_with_its_line(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "journaux").write_text("", encoding="utf-8")
    config = write(tmp_path / "c.yaml", f"language: en\njournal_dir: {tmp_path / 'journaux'}\n")
    status, output = main(["post", "--config", str(config), "Texte"]), capfd.readouterr().err
    assert status == 2
    assert f"{config}:2:1: journal_dir: {tmp_path / 'journaux'} is not a directory" in output
    assert "Traceback" not in output


def test_a_configuration_path_that_is_a_directory_is_said_so(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    status, output = post(tmp_path, tmp_path, capfd)
    assert status == 2
    assert f"{tmp_path}: is a directory, not a configuration file" in output


# -- in the user's language ---------------------------------------------------------------

FRENCH = [
    ("dry_run: peut-être", "1:1: dry_run: doit valoir true ou false"),
    ("send_delay_seconds: cinq", "1:1: send_delay_seconds: doit être un nombre"),
    ("send_delay_seconds: 500", "1:1: send_delay_seconds: doit valoir au plus 120"),
    ("house_limit: 0", "1:1: house_limit: doit être supérieur à 0"),
    ("house_limit: 1.5", "1:1: house_limit: doit être un nombre entier"),
    ("max_thread_parts: 0", "1:1: max_thread_parts: doit valoir au moins 1"),
    (
        "thread_mode: toujours",
        "thread_mode: doit être l'une de ces valeurs : 'session', 'item', 'none'",
    ),
    ('operator: ""', "1:1: operator: ne doit pas être vide"),
    ("operator: [a]", "1:1: operator: doit être un texte"),
    ("networks: 5", "1:1: networks: doit être une liste de clés"),
    ("keymap: 5", "1:1: keymap: doit être une liste de clés"),
    ("journal_dir: [a]", "1:1: journal_dir: doit être un chemin"),
    ("langue: fr", "1:1: langue: clé inconnue"),
    (
        "networks:\n  x:\n    api_base_url: http://api.x.com",
        "3:5: networks.x.api_base_url: http:// est refusé",
    ),
    ("language: fr\nlanguage: en", "2:1: clé en double : language"),
    ("title: Tarifs 2027 : piscine\n  - a", "1:20: YAML invalide ici"),
]


@pytest.mark.parametrize(("text", "expected"), FRENCH)
def test_configuration_errors_are_in_french(tmp_path: Path, text: str, expected: str) -> None:
    set_language("fr")
    file = write(tmp_path / "c.yaml", text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    message = str(caught.value)
    assert message.startswith(f"{file}:")
    assert expected in message
    for english in ("Input should", "should be", "unknown key", "String should", "Value error"):
        assert english not in message


def test_a_variable_error_is_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("fr")
    monkeypatch.setenv("LIVETWEET_THREAD_MODE", "parfois")
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert str(caught.value).startswith(
        "variable d'environnement LIVETWEET_THREAD_MODE : doit être l'une de ces valeurs"
    )


def test_several_errors_are_listed_in_the_files_order(tmp_path: Path) -> None:
    file = write(
        tmp_path / "c.yaml",
        "networks:\n  x:\n    timeout_seconds: 0\nthread_mode: x\nlangage: fr\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(file)
    assert [line.split(": ")[0] for line in str(caught.value).splitlines()] == [
        f"{file}:3:5",
        f"{file}:4:1",
        f"{file}:5:1",
    ]


def test_a_key_inside_a_json_variable_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVETWEET_NETWORKS", '{"x": {"timeout_seconds": -1}}')
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert str(caught.value) == (
        "environment variable LIVETWEET_NETWORKS: networks.x.timeout_seconds: "
        "should be greater than 0"
    )


def test_an_empty_credentials_entry_is_no_secret(tmp_path: Path) -> None:
    """`x-access-token:` with nothing after it is a missing secret, never the text "None"."""
    write(default_credentials_path(), "x-access-token:\n")
    config = write(
        tmp_path / "c.yaml",
        "networks:\n  x:\n    enabled: true\n    access_token: credentials:x-access-token\n",
    )
    with pytest.raises(ConfigError, match="nothing is stored under credentials:x-access-token"):
        load_config(config)
