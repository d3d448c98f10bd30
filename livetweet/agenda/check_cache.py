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
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from livetweet import __version__

if TYPE_CHECKING:
    from livetweet.agenda.model import Agenda

APP_NAME = "livetweet"
#: Records kept (the newest); a record is about the size of its agenda.
KEEP = 32
#: The code whose rules a recorded pass vouches for.
_RULE_PACKAGES = (Path(__file__).parent, Path(__file__).parent.parent / "text")


def default_cache_dir() -> Path:
    return platformdirs.user_cache_path(APP_NAME) / "checked-agendas"


@cache
def _code_fingerprint() -> bytes:
    """Name, size and modification time of every module of the checking code: an
    edited checker (a development install) must not trust its predecessor's passes."""
    parts = []
    for package in _RULE_PACKAGES:
        for module in sorted(package.glob("*.py")):
            stat = module.stat()
            parts.append(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns}")
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

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()

    def _record(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def _read(self, key: str) -> dict[str, Any] | None:
        try:
            record = json.loads(self._record(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if isinstance(record, dict) and record.get("key") == key and record.get("errors") == 0:
            return record
        return None

    def passed(self, key: str) -> bool:
        return self._read(key) is not None

    def checked_agenda(self, key: str) -> Agenda | None:
        """The agenda a passed check of these bytes produced, or None (check them)."""
        from pydantic import ValidationError

        from livetweet.agenda.model import Agenda

        record = self._read(key)
        if record is None or not isinstance(record.get("agenda"), dict):
            return None
        try:
            return Agenda.model_validate(record["agenda"])
        except ValidationError:
            return None

    def remember_pass(self, key: str, agenda: Agenda) -> None:
        """Record a full check without errors and the agenda it produced; a cache
        that cannot be written is no error."""
        record = json.dumps(
            {
                "key": key,
                "version": __version__,
                "errors": 0,
                "agenda": agenda.model_dump(mode="json"),
            },
            ensure_ascii=False,
        )
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
            return
        self._prune()

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
