"""Reading an agenda file: once, bounded, before anything parses it.

Apart from the loader so that a launch on already-checked bytes (see
``check_cache``) reads the file without importing the YAML reader.
"""

from __future__ import annotations

import os
from typing import Final

MAX_BYTES: Final = 2 * 1024 * 1024


def read_agenda_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, read once (at most MAX_BYTES + 1); raises OSError."""
    with open(os.fspath(path), "rb") as stream:
        return stream.read(MAX_BYTES + 1)
