"""Remember which agenda files passed the full check, so a launch need not redo it.

The full check renders every post on every network (about a quarter of a second
for a 300-item agenda) and reading the YAML with positions costs another 25 ms;
``livetweet run`` pays them once per file content. A record is keyed by the
SHA-256 of the file's exact bytes, the livetweet version and the agenda and text
code that checked them (the rules change with the code), and only a check without
errors is recorded, with the agenda it produced: a relaunch on the same bytes
validates that data against the model and skips the YAML. A changed byte, or
changed code, means a new full check. Records are JSON files written atomically
(temporary file, fsync, rename); an unreadable, foreign or invalid record counts
as absent, never as a pass.

A record is trusted in place of the file, so nobody else may write one: the
directory is 0700; a record in a directory or file that another user owns or may
write is ignored; and each record is sealed (HMAC-SHA256 of its key and its
agenda, under a random per-user secret kept 0600 in the user state directory),
so a record this user's livetweet did not write, or whose agenda was changed,
is never used: a planted record cannot turn a closed item into a postable one.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from livetweet import __version__
from livetweet.config.dirs import owned_by_someone_else, private_dir, writable_by_others

if TYPE_CHECKING:
    from livetweet.agenda.model import Agenda

APP_NAME = "livetweet"
#: Records kept (the newest); a record is about the size of its agenda.
KEEP = 32
#: The code whose rules a recorded pass vouches for.
_RULE_PACKAGES = tuple(Path(__file__).parent.parent / name for name in ("agenda", "text", "media"))


def default_cache_dir() -> Path:
    return platformdirs.user_cache_path(APP_NAME) / "checked-agendas"


def default_seal_key_path() -> Path:
    return platformdirs.user_state_path(APP_NAME) / "check-records.key"


@cache
def _code_fingerprint() -> bytes:
    """Name, size and modification time of every module of the checking code: an
    edited checker (a development install) must not trust its predecessor's passes."""
    parts = []
    for package in _RULE_PACKAGES:
        for module in sorted(package.glob("*.py")):
            info = module.stat()
            parts.append(f"{module.name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts).encode("utf-8")


def check_key(raw: bytes, version: str = __version__) -> str:
    """What a recorded pass is valid for: these exact bytes, checked by this code."""
    digest = hashlib.sha256()
    digest.update(version.encode("utf-8") + b"\0")
    digest.update(_code_fingerprint() + b"\0")
    digest.update(raw)
    return digest.hexdigest()


class CheckCache:
    """Passed full checks, one file per key in ``directory``."""

    def __init__(self, directory: Path | None = None, seal_key: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()
        self.seal_key = seal_key or default_seal_key_path()

    def _record(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def _read(self, key: str) -> dict[str, Any] | None:
        secret = _read_private(self.seal_key)
        if secret is None or not _trusted_directory(self.directory):
            return None
        raw = _read_private(self._record(key), private=False)
        if raw is None:
            return None
        try:
            record = json.loads(raw)
        except ValueError:
            return None
        if not (
            isinstance(record, dict)
            and record.get("key") == key
            and record.get("errors") == 0
            and isinstance(record.get("agenda"), str)
            and isinstance(record.get("seal"), str)
        ):
            return None
        expected = _seal(secret, key, record["agenda"]).encode("ascii")
        if not hmac.compare_digest(record["seal"].encode("utf-8"), expected):
            return None
        return record

    def passed(self, key: str) -> bool:
        return self._read(key) is not None

    def checked_agenda(self, key: str) -> Agenda | None:
        """The agenda a passed check of these bytes produced, or None (check them)."""
        from pydantic import ValidationError

        from livetweet.agenda.model import Agenda

        record = self._read(key)
        if record is None:
            return None
        try:
            return Agenda.model_validate_json(record["agenda"])
        except ValidationError:
            return None

    def remember_pass(self, key: str, agenda: Agenda) -> None:
        """Record a full check without errors and the agenda it produced; a cache
        that cannot be written is no error."""
        try:
            secret = self._seal_secret()
            private_dir(self.directory, tighten=True)
            fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        except OSError:
            return
        dumped = agenda.model_dump_json()
        record = json.dumps(
            {
                "key": key,
                "version": __version__,
                "errors": 0,
                "agenda": dumped,
                "seal": _seal(secret, key, dumped),
            },
            ensure_ascii=False,
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                stream.write(record)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self._record(key))
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return
        self._prune()

    def _seal_secret(self) -> bytes:
        """This user's sealing secret, made (0600, random) when there is none we trust;
        a new secret retires every older record."""
        secret = _read_private(self.seal_key)
        if secret is not None and len(secret) >= 32:
            return secret
        private_dir(self.seal_key.parent, tighten=True)
        fresh = secrets.token_hex(32).encode("ascii")
        fd, temporary = tempfile.mkstemp(dir=self.seal_key.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(fresh)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.seal_key)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return fresh

    def _prune(self) -> None:
        """Keep the newest ``KEEP`` records: each holds a whole agenda, and a clerk may
        edit and check a file many times before the evening."""
        try:
            records = sorted(
                self.directory.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True
            )
        except OSError:
            return
        for old in records[KEEP:]:
            with contextlib.suppress(OSError):
                old.unlink()


def _seal(secret: bytes, key: str, agenda: str) -> str:
    return hmac.new(secret, f"{key}\0{agenda}".encode(), hashlib.sha256).hexdigest()


def _trusted_directory(directory: Path) -> bool:
    try:
        info = os.stat(directory)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and not owned_by_someone_else(info)
        and not writable_by_others(info)
    )


def _read_private(path: Path, *, private: bool = True) -> bytes | None:
    """The bytes of the regular file ``path`` if it is ours and nobody else may write it
    (nor read it, when ``private``); None otherwise. A symbolic link is not followed."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or owned_by_someone_else(info)
            or writable_by_others(info)
            or (private and os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077)
        ):
            return None
        with os.fdopen(os.dup(fd), "rb") as stream:
            return stream.read()
    except OSError:
        return None
    finally:
        os.close(fd)
