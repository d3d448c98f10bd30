"""Reading an agenda file: once, bounded, before anything parses it.

Apart from the loader so that a launch on already-checked bytes (see
``check_cache``) reads the file without importing the YAML reader.

Only a regular file is read: a named pipe would block the check forever and a
device (``/dev/zero``) never ends, so the file is opened without blocking, its
kind and size are taken from the open descriptor (no race with a rename), and
nothing is read from anything else or from a file above the size limit.
"""

from __future__ import annotations

import os
import stat
from typing import Final

from livetweet.i18n import _

MAX_BYTES: Final = 2 * 1024 * 1024


class AgendaFileError(Exception):
    """The path cannot be read as an agenda file; the message says why (translated)."""


class AgendaTooLargeError(AgendaFileError):
    """A regular file above MAX_BYTES: not an agenda, refused without reading it."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in the user's words."""
    if stat.S_ISDIR(mode):
        return _("is a directory, not an agenda file")
    if stat.S_ISFIFO(mode):
        return _("is a named pipe (FIFO), not an agenda file")
    if stat.S_ISSOCK(mode):
        return _("is a socket, not an agenda file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("is a device, not an agenda file")
    return _("is not a regular file: not an agenda file")


def read_agenda_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the regular file ``path``, read once; raises AgendaFileError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(os.fspath(path), flags)
    except FileNotFoundError:
        raise AgendaFileError(_("no such file")) from None
    except IsADirectoryError:
        raise AgendaFileError(kind_of(stat.S_IFDIR)) from None
    except OSError as exc:
        raise AgendaFileError(
            _("cannot be read: {reason}").format(reason=exc.strerror or exc)
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise AgendaFileError(kind_of(info.st_mode))
        if info.st_size > MAX_BYTES:
            raise AgendaTooLargeError(_("the file is larger than 2 MB: not an agenda file"))
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise AgendaFileError(
            _("cannot be read: {reason}").format(reason=exc.strerror or exc)
        ) from None
    finally:
        os.close(fd)
