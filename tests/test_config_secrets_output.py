"""No command ever prints a secret nor a traceback, whatever is broken in the
configuration, the credentials file, the keyring or the environment; an
unexpected error is one line, exit status 70, and a private crash log."""

from __future__ import annotations

import io
import stat
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

from livetweet.cli import main
from livetweet.cli.exit_codes import EXIT_CRASH
from livetweet.config import default_credentials_path

#: Every secret below holds this marker; no output may.
MARK = "S3cr3tZQ7"
AGENDA = """\
version: 1
session:
  id: cm-secrets
  title: Conseil municipal
  body: Ville de Villeneuve
  start: "2026-12-15T18:30:00+01:00"
items:
  - id: d1
    number: "1"
    title: Budget primitif
"""


def x_section(**keys: str) -> str:
    values = {
        "api_base_url": "http://127.0.0.1:9",  # nothing listens: never the real X
        "consumer_key": f"{MARK}-ck",
        "consumer_secret": f"{MARK}-cs",
        "access_token": f"{MARK}-at",
        "access_token_secret": f"{MARK}-ats",
        **keys,
    }
    lines = ["networks:", "  x:", "    enabled: true", '    account: "@Ville"']
    lines += [f"    {key}: {value}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


class RaisingKeyring(keyring.backend.KeyringBackend):
    """A keyring whose errors quote the secret it was asked for."""

    priority = 1

    def __init__(self) -> None:  # keyring leaves its own unannotated
        super().__init__()  # type: ignore[no-untyped-call]

    def get_password(self, service: str, username: str) -> str | None:
        if username.endswith("secret"):  # a backend's own exception, not keyring's
            raise RuntimeError(f"D-Bus said {MARK}-dbus for {username}")
        raise keyring.errors.KeyringLocked(f"locked, secret {MARK}-locked for {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(MARK)

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError(MARK)


def private(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    path.chmod(0o600)
    return path


Setup = Callable[[Path, pytest.MonkeyPatch], Path]


def credentials_yaml_syntax(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    private(default_credentials_path(), f'x-access-token: "{MARK}-unterminated\nx-b: [\n')
    return private(tmp / "c.yaml", x_section(access_token="credentials:x-access-token"))


def credentials_not_utf8(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    private(default_credentials_path(), f"x-access-token: {MARK}-\xff\n".encode("latin-1"))
    return private(tmp / "c.yaml", x_section(access_token="credentials:x-access-token"))


def credentials_directory(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    default_credentials_path().mkdir(parents=True, mode=0o700)
    return private(tmp / "c.yaml", x_section(access_token="credentials:x-access-token"))


def credentials_readable(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    private(default_credentials_path(), f"x-access-token: {MARK}-readable\n").chmod(0o644)
    return private(tmp / "c.yaml", x_section(access_token="credentials:x-access-token"))


def literal_in_readable_config(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    path = private(tmp / "c.yaml", x_section())
    path.chmod(0o644)
    return path


def config_yaml_syntax(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    return private(tmp / "c.yaml", x_section(consumer_key=f'"{MARK}-open') + "  b: [\n")


def config_wrong_type(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    return private(tmp / "c.yaml", x_section(consumer_key=f"[{MARK}-listed]"))


def config_not_utf8(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    return private(tmp / "c.yaml", x_section(consumer_key=f"{MARK}-\xe9").encode("latin-1"))


def config_is_a_directory(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    (tmp / "c.yaml").mkdir()
    return tmp / "c.yaml"


def env_networks_bad_json(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    mp.setenv("LIVETWEET_NETWORKS", f'{{"x": {{"enabled": true, "consumer_key": "{MARK}-env"')
    return private(tmp / "c.yaml", "language: en\n")


def env_networks_wrong_type(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    mp.setenv("LIVETWEET_NETWORKS", f'{{"x": {{"enabled": true, "consumer_key": ["{MARK}"]}}}}')
    return private(tmp / "c.yaml", "language: en\n")


def env_secret_beside_a_bad_value(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    mp.setenv("LIVETWEET_NETWORKS__X__CONSUMER_KEY", f"{MARK}-nested")
    mp.setenv("LIVETWEET_NETWORKS__X__ENABLED", "maybe")
    return private(tmp / "c.yaml", x_section())


def env_keymap_bad_json(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    mp.setenv("LIVETWEET_KEYMAP", f'{{"post": {MARK}}}')
    return private(tmp / "c.yaml", "language: en\n")


def keyring_raises(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    keyring.set_keyring(RaisingKeyring())
    return private(tmp / "c.yaml", x_section(access_token="keyring:livetweet/x-access-token"))


def keyring_backend_raises(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    keyring.set_keyring(RaisingKeyring())
    ref = "keyring:livetweet/x-access-token-secret"
    return private(tmp / "c.yaml", x_section(access_token_secret=ref))


def http_with_userinfo(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    url = f"http://{MARK}-user:{MARK}-pw@api.example.org"
    return private(tmp / "c.yaml", x_section(api_base_url=url))


def http_to_another_host(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    return private(tmp / "c.yaml", x_section(api_base_url="http://127.0.0.1.evil.example"))


def journal_dir_is_a_file(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    (tmp / "journaux").write_text("not a folder", encoding="utf-8")
    return private(tmp / "c.yaml", x_section() + f"journal_dir: {tmp / 'journaux'}\n")


def missing_environment_variable(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    return private(tmp / "c.yaml", x_section(consumer_key="${LIVETWEET_TEST_UNSET}"))


def mastodon_enabled(tmp: Path, mp: pytest.MonkeyPatch) -> Path:
    text = f"networks:\n  mastodon:\n    enabled: true\n    access_token: {MARK}-mast\n"
    return private(tmp / "c.yaml", text)


BROKEN: list[Setup] = [
    credentials_yaml_syntax,
    credentials_not_utf8,
    credentials_directory,
    credentials_readable,
    literal_in_readable_config,
    config_yaml_syntax,
    config_wrong_type,
    config_not_utf8,
    config_is_a_directory,
    env_networks_bad_json,
    env_networks_wrong_type,
    env_secret_beside_a_bad_value,
    env_keymap_bad_json,
    keyring_raises,
    keyring_backend_raises,
    http_with_userinfo,
    http_to_another_host,
    journal_dir_is_a_file,
    missing_environment_variable,
    mastodon_enabled,
]


def run_command(argv: list[str], capfd: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run ``livetweet argv`` as the interpreter would: an exception escaping ``main``
    is printed as Python prints it, so that its traceback is part of the output."""
    try:
        status = main(argv)
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 2
    except BaseException:
        print(traceback.format_exc(), file=sys.stderr)
        status = -1
    captured = capfd.readouterr()
    return status, captured.out + captured.err


@pytest.fixture
def no_screen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`run` must stop before its screen; if it did not, it would say so here."""
    import livetweet.tui

    monkeypatch.setattr(livetweet.tui, "run_app", lambda *a, **k: 99)
    yield


@pytest.mark.usefixtures("no_screen")
@pytest.mark.parametrize("setup", BROKEN, ids=lambda f: f.__name__)
def test_no_command_prints_a_secret_or_a_traceback(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    agenda = tmp_path / "odj.yaml"
    agenda.write_text(AGENDA, encoding="utf-8")
    journal = tmp_path / "j.jsonl"
    assert main(["post", "--journal", str(journal), "Séance ouverte"]) == 0  # a dry run
    capfd.readouterr()
    config = str(setup(tmp_path, monkeypatch))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # `auth x` asks: nobody answers
    commands: list[tuple[list[str], int]] = [
        (["agenda", "check", str(agenda)], 0),
        (["run", "--help"], 0),
        (["run", str(agenda), "--config", config, "--journal", str(tmp_path / "r.jsonl")], 2),
        (["post", "--config", config, "--journal", str(tmp_path / "p.jsonl"), "Texte"], 2),
        (["resume", "--config", config, "--journal", str(journal)], 2),
        (["audit", "verify", str(journal)], 0),
        (["audit", "show", str(journal)], 0),
        (["auth", "x", "--config", config], 2),
    ]
    for argv, expected in commands:
        status, output = run_command(argv, capfd)
        assert MARK not in output, (argv, output)
        assert "Traceback" not in output, (argv, output)
        assert status == expected, (argv, output)


def test_an_unexpected_error_is_one_line_exit_70_and_a_private_log(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    isolated_user_dirs: Path,
) -> None:
    """A bug anywhere in a command (here one whose message quotes a secret, and
    chained to another) never shows a traceback nor the secret."""
    import livetweet.cli.post

    def broken(args: object) -> int:
        try:
            raise ValueError(f"inner {MARK}-inner")
        except ValueError as inner:
            raise RuntimeError(f"outer {MARK}-outer") from inner

    monkeypatch.setattr(livetweet.cli.post, "run_post", broken)
    status, output = run_command(["post", "Texte"], capfd)
    assert status == EXIT_CRASH == 70
    assert MARK not in output
    assert "Traceback" not in output
    assert "RuntimeError" in output
    assert len(output.strip().splitlines()) == 1
    logs = list((isolated_user_dirs / ".local/state/livetweet/crashes").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in output
    log = logs[0].read_text(encoding="utf-8")
    assert MARK not in log
    assert "RuntimeError" in log and "ValueError" in log and "in broken" in log
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(logs[0].parent.stat().st_mode) == 0o700


def test_the_crash_message_is_french_for_a_french_user(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    import livetweet.cli.audit

    def broken(args: object) -> int:
        raise KeyError(MARK)

    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    monkeypatch.setattr(livetweet.cli.audit, "run_verify", broken)
    status, output = run_command(["audit", "verify", "j.jsonl"], capfd)
    assert status == 70
    assert "erreur inattendue" in output and MARK not in output
