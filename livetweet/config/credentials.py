"""Where secrets live: the environment, the system keyring, or a 0600 credentials file.

A secret in the configuration is either a literal (allowed only in a file nobody
else can read), ``${VAR}`` (the environment), ``keyring:SERVICE/NAME`` (the system
keyring) or ``credentials:NAME`` (livetweet's own credentials file, used when the
machine has no keyring, as toot does).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import platformdirs

from livetweet.config.dirs import private_dir
from livetweet.config.model import APP_NAME
from livetweet.i18n import _

KEYRING_SERVICE: Final = APP_NAME
KEYRING_PREFIX: Final = "keyring:"
CREDENTIALS_PREFIX: Final = "credentials:"
ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class SecretLookupError(Exception):
    """A reference that cannot be resolved; the message names it, never a value."""


class SecretMissingError(SecretLookupError):
    """Nothing is stored where the reference points (as opposed to a source that is
    broken: an unreadable file, a locked keyring)."""


def default_credentials_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "credentials.yaml"


def is_reference(value: str) -> bool:
    """True when ``value`` names where a secret is instead of being one."""
    return (
        value.startswith((KEYRING_PREFIX, CREDENTIALS_PREFIX))
        or ENV_REFERENCE.fullmatch(value) is not None
    )


def expand_env(value: str, env: Mapping[str, str]) -> str:
    """Replace each ``${VAR}``; a missing or empty variable is an error naming it."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        found = env.get(name)
        if not found:
            raise SecretMissingError(
                _("environment variable {name} is not set (or is empty)").format(name=name)
            )
        return found

    return ENV_REFERENCE.sub(substitute, value)


def lookup(reference: str, *, credentials_path: Path | None = None) -> str | None:
    """The secret a ``keyring:``/``credentials:`` reference points at; None if absent."""
    if reference.startswith(KEYRING_PREFIX):
        service, sep, name = reference[len(KEYRING_PREFIX) :].partition("/")
        if not sep or not service or not name:
            raise SecretLookupError(
                _("{reference} should read keyring:SERVICE/NAME").format(reference=reference)
            )
        import keyring  # only for keyring: references (~30 ms at every start otherwise)

        # A backend may fail with its own exceptions (D-Bus, Secret Service...), whose
        # messages may quote what was asked for: only the exception's type is shown.
        try:
            value: str | None = keyring.get_password(service, name)
        except Exception as exc:  # noqa: BLE001 - any backend failure is "cannot be read"
            raise SecretLookupError(
                _("the system keyring cannot be read for {reference} ({reason})").format(
                    reference=reference, reason=type(exc).__name__
                )
            ) from None
        return value
    if reference.startswith(CREDENTIALS_PREFIX):
        name = reference[len(CREDENTIALS_PREFIX) :]
        return read_credentials_file(credentials_path or default_credentials_path()).get(name)
    raise SecretLookupError(_("{reference} is not a secret reference").format(reference=reference))


def read_credentials_file(path: Path) -> dict[str, str]:
    """The name → secret mapping of a credentials file; refused unless private (0600).

    Every error names the file (and the line where there is one) but never quotes
    it: any line of this file may hold a secret, so PyYAML's own message (which
    shows the line) is not used.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SecretLookupError(_cannot_read(path, exc)) from None
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            message = _("{path}: is a directory, not a credentials file")
        else:
            message = _("{path}: is not a regular file, not a credentials file")
        raise SecretLookupError(message.format(path=path))
    if os.name == "posix" and info.st_mode & 0o077:
        raise SecretLookupError(
            _(
                "{path} holds secrets but is readable by others (mode {mode}); "
                "fix it with: chmod 600 {path}"
            ).format(path=path, mode=stat.filemode(info.st_mode))
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SecretLookupError(_cannot_read(path, exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SecretLookupError(
            _("{path}:{line}: is not UTF-8 text; save it as UTF-8").format(path=path, line=line)
        ) from None
    import yaml

    try:
        data = yaml.safe_load(text) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise SecretLookupError(
            _(
                "{where}: invalid YAML (the line is not shown: it may hold a secret); "
                "write one NAME: VALUE per line, the value between quotes"
            ).format(where=where)
        ) from None
    except yaml.YAMLError:
        raise SecretLookupError(_("{path}: invalid YAML").format(path=path)) from None
    if not isinstance(data, dict):
        raise SecretLookupError(
            _("{path} should be a mapping of names to secrets").format(path=path)
        )
    return {str(k): str(v) for k, v in data.items() if v is not None}  # "name:" is no secret


def _cannot_read(path: Path, exc: OSError) -> str:
    return _("{path}: cannot be read ({reason})").format(
        path=path, reason=exc.strerror or type(exc).__name__
    )


def write_private_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` created 0600 from the start (never briefly readable)."""
    private_dir(path.parent, tighten=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if hasattr(os, "fchmod"):  # POSIX: 0600 even if the file existed (no-op elsewhere)
            os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def store_secrets(
    secrets_by_name: Mapping[str, str], *, credentials_path: Path | None = None
) -> tuple[dict[str, str], str]:
    """Store secrets in the system keyring, else in the 0600 credentials file.

    Returns the reference to write in the configuration for each name, and where
    they went (for the operator). A keyring that accepts a value but does not give
    it back (keyring's null backend) counts as no keyring.
    """
    import keyring
    import yaml

    if _store_in_keyring(secrets_by_name):
        backend = type(keyring.get_keyring()).__name__
        refs = {name: f"{KEYRING_PREFIX}{KEYRING_SERVICE}/{name}" for name in secrets_by_name}
        return refs, _("the system keyring ({backend})").format(backend=backend)
    path = credentials_path or default_credentials_path()
    stored = read_credentials_file(path)
    stored.update(secrets_by_name)
    write_private_file(path, yaml.safe_dump(stored, allow_unicode=True, sort_keys=True))
    return {name: f"{CREDENTIALS_PREFIX}{name}" for name in secrets_by_name}, str(path)


def _store_in_keyring(secrets_by_name: Mapping[str, str]) -> bool:
    import keyring
    import keyring.errors

    try:
        for name, value in secrets_by_name.items():
            keyring.set_password(KEYRING_SERVICE, name, value)
            if keyring.get_password(KEYRING_SERVICE, name) != value:
                return False
    except keyring.errors.KeyringError:
        return False
    return True
