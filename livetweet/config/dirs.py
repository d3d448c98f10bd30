"""The app's own directories: created 0700 whatever the umask, never shared.

Another local user who can write in the check cache, the journal or the state
directory can plant a file the app trusts (a check record, a journal). So every
directory livetweet creates is 0700, its own directories are tightened to 0700
when found open, and a directory another user owns is refused. Standard library only: the
agenda check imports this without the configuration model.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from livetweet.i18n import _

PRIVATE_MODE = 0o700


class UnsafeDirectoryError(OSError):
    """A directory the app cannot trust (another user's, or not a directory)."""


def owned_by_someone_else(info: os.stat_result) -> bool:
    """True when a user other than us (or root, who can do anything anyway) owns it."""
    if not hasattr(os, "geteuid"):
        return False  # no owners to compare (Windows): the ACLs decide
    return info.st_uid not in (os.geteuid(), 0)


def writable_by_others(info: os.stat_result) -> bool:
    return os.name == "posix" and bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """``path`` as a directory, creating it and any missing parent 0700 (whatever the
    umask). A file, or a directory another user owns, raises ``UnsafeDirectoryError``.
    ``tighten``: the directory is livetweet's own (cache, state, data, configuration),
    so an existing one that others may enter is made 0700; without it an existing
    directory the user chose (a shared journal folder, /tmp) keeps its mode."""
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and not probe.is_symlink() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for directory in reversed(missing):
        try:
            os.mkdir(directory, PRIVATE_MODE)
        except FileExistsError:
            continue  # created meanwhile (another livetweet process): checked below
        os.chmod(directory, PRIVATE_MODE)  # the umask may remove bits, never add them
    info = os.stat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeDirectoryError(_("{path}: is not a directory").format(path=path))
    if owned_by_someone_else(info):
        raise UnsafeDirectoryError(
            _("{path}: belongs to another user; livetweet only uses its own directories").format(
                path=path
            )
        )
    if tighten and os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, PRIVATE_MODE)
    return path
