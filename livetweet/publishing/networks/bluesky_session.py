"""Keeping a Bluesky session between launches, so livetweet logs in once.

``createSession`` is limited to 30 calls per 5 minutes and 300 per day per
account: logging in at every launch (or worse, every post) would lock the
account out during a long council meeting with restarts. The session (handle,
DID, access and refresh tokens, PDS address: the SDK's session string) goes to
the system keyring when it has one, else to a 0600 YAML file in the user state
directory, keyed by PDS and handle; it is stored again each time the SDK
refreshes it. Nothing here ever logs or shows a token.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import platformdirs

from livetweet.config.credentials import (
    KEYRING_SERVICE,
    SecretLookupError,
    read_credentials_file,
    write_private_file,
)
from livetweet.config.model import APP_NAME

_log = logging.getLogger(__name__)
SESSIONS_FILE: Final = "bluesky-sessions.yaml"


def default_sessions_path() -> Path:
    return platformdirs.user_state_path(APP_NAME) / SESSIONS_FILE


class SessionStore:
    """Where the session of one account on one PDS is kept."""

    def __init__(self, api_base_url: str, handle: str, *, path: Path | None = None) -> None:
        host = urlsplit(api_base_url).netloc.lower() or api_base_url
        self.name = f"bluesky-session:{handle.lstrip('@').lower()}@{host}"
        self.path = path or default_sessions_path()

    def load(self) -> str | None:
        """The stored session string, or None (never stored, or unreadable)."""
        value = _keyring_get(self.name)
        if value:
            return value
        try:
            return read_credentials_file(self.path).get(self.name) or None
        except SecretLookupError as error:
            _log.warning("%s", error)  # names the file, never its content
            return None

    def save(self, session_string: str) -> str:
        """Store ``session_string``; returns where it went (for the operator)."""
        if _keyring_set(self.name, session_string):
            self._forget_in_file()
            return "keyring"
        try:
            stored = read_credentials_file(self.path)
        except SecretLookupError:
            stored = {}  # an unreadable file is replaced by a private one
        stored[self.name] = session_string
        _write(self.path, stored)
        return str(self.path)

    def clear(self) -> None:
        _keyring_delete(self.name)
        self._forget_in_file()

    def _forget_in_file(self) -> None:
        try:
            stored = read_credentials_file(self.path)
        except SecretLookupError:
            return
        if stored.pop(self.name, None) is not None:
            _write(self.path, stored)


def _write(path: Path, stored: dict[str, str]) -> None:
    import yaml

    try:
        write_private_file(path, yaml.safe_dump(stored, allow_unicode=True, sort_keys=True))
    except OSError as error:
        _log.warning("%s: %s", path, error.strerror or type(error).__name__)


# A keyring backend may fail in its own ways (D-Bus, a locked Secret Service...):
# any failure means "no keyring here", and only the exception's type is logged.


def _keyring_get(name: str) -> str | None:
    import keyring

    try:
        value: str | None = keyring.get_password(KEYRING_SERVICE, name)
    except Exception as exc:  # noqa: BLE001 - any backend failure: no keyring
        _log.debug("keyring unavailable (%s)", type(exc).__name__)
        return None
    return value


def _keyring_set(name: str, value: str) -> bool:
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, name, value)
        return bool(keyring.get_password(KEYRING_SERVICE, name) == value)
    except Exception as exc:  # noqa: BLE001 - any backend failure: no keyring
        _log.debug("keyring unavailable (%s)", type(exc).__name__)
        return False


def _keyring_delete(name: str) -> None:
    import keyring

    try:
        keyring.delete_password(KEYRING_SERVICE, name)
    except Exception as exc:  # noqa: BLE001 - nothing stored, or no keyring
        _log.debug("keyring: nothing deleted (%s)", type(exc).__name__)
