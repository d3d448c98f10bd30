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

from livetweet.config.model import APP_NAME
from livetweet.i18n import _

KEYRING_SERVICE: Final = APP_NAME
KEYRING_PREFIX: Final = "keyring:"
CREDENTIALS_PREFIX: Final = "credentials:"
ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class SecretLookupError(Exception):
    """A reference that cannot be resolved; the message names it, never a value."""


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
            raise SecretLookupError(f"environment variable {name} is not set (or is empty)")
        return found

    return ENV_REFERENCE.sub(substitute, value)


def lookup(reference: str, *, credentials_path: Path | None = None) -> str | None:
    """The secret a ``keyring:``/``credentials:`` reference points at; None if absent."""
    if reference.startswith(KEYRING_PREFIX):
        service, sep, name = reference[len(KEYRING_PREFIX) :].partition("/")
        if not sep or not service or not name:
            raise SecretLookupError(f"{reference!r} should read keyring:SERVICE/NAME")
        import keyring  # only for keyring: references (~30 ms at every start otherwise)
        import keyring.errors

        try:
            value: str | None = keyring.get_password(service, name)
        except keyring.errors.KeyringError as exc:
            raise SecretLookupError(
                f"the system keyring cannot be read for {reference} ({type(exc).__name__})"
            ) from exc
        return value
    if reference.startswith(CREDENTIALS_PREFIX):
        name = reference[len(CREDENTIALS_PREFIX) :]
        return read_credentials_file(credentials_path or default_credentials_path()).get(name)
    raise SecretLookupError(f"{reference!r} is not a secret reference")


def read_credentials_file(path: Path) -> dict[str, str]:
    """The name → secret mapping of a credentials file; refused unless private (0600)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return {}
    if os.name == "posix" and mode & 0o077:
        raise SecretLookupError(
            f"{path} holds secrets but is readable by others "
            f"(mode {stat.filemode(mode)}); fix it with: chmod 600 {path}"
        )
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise SecretLookupError(f"{path} should be a mapping of names to secrets")
    return {str(k): str(v) for k, v in data.items()}


def write_private_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` created 0600 from the start (never briefly readable)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
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
