"""Writing a report file: all of it or nothing, and where it goes by default."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def default_report_path(journal: Path, suffix: str = ".html") -> Path:
    """Next to the journal: ``cm-2026-12-15.jsonl`` -> ``cm-2026-12-15.report.html``."""
    return journal.with_name(journal.name.removesuffix(".jsonl") + ".report" + suffix)


def write_atomically(path: Path, text: str) -> None:
    """The whole file or nothing: a report cut by a full disk is worse than none.
    Readable by all (0644): a report is meant to be published, unlike the journal."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
