"""Remember which agenda files passed the full check, so a launch need not redo it.

The full check renders every post on every network (about half a second for a
300-item agenda); ``livetweet run`` pays it once per file content. A record is
keyed by the SHA-256 of the file's exact bytes and the livetweet version (the
rules change with the code), and only a check without errors is recorded: a
changed byte, or a new version, means a new full check. Records are small JSON
files written atomically (temporary file, fsync, rename); an unreadable or
foreign record counts as absent, never as a pass.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

import platformdirs

from livetweet import __version__

APP_NAME = "livetweet"


def default_cache_dir() -> Path:
    return platformdirs.user_cache_path(APP_NAME) / "checked-agendas"


def check_key(raw: bytes, version: str = __version__) -> str:
    """What a recorded pass is valid for: these exact bytes, checked by this version."""
    digest = hashlib.sha256()
    digest.update(version.encode("utf-8") + b"\0")
    digest.update(raw)
    return digest.hexdigest()


class CheckCache:
    """Passed full checks, one file per key in ``directory``."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()

    def _record(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def passed(self, key: str) -> bool:
        try:
            record = json.loads(self._record(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(record, dict) and record.get("key") == key and record.get("errors") == 0

    def remember_pass(self, key: str) -> None:
        """Record a full check without errors; a cache that cannot be written is no error."""
        record = json.dumps({"key": key, "version": __version__, "errors": 0})
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                stream.write(record)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self._record(key))
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
