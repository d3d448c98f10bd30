"""The last guard of every command: an unexpected error is a bug, never a traceback.

A traceback may quote a secret (a value in an exception message, a line of a file
in a parser's message), so the operator sees one translated line and the exit
status ``EXIT_CRASH``; the details a developer needs (exception types and the code
lines they came from, never a message nor a value) go to a private crash log in
the user state directory.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from livetweet import __version__
from livetweet.cli.exit_codes import EXIT_CRASH
from livetweet.i18n import _

#: sysexits' EX_SOFTWARE: livetweet itself failed (0, 1 and 2 keep their meaning).


def crash_report(error: BaseException, command: str | None) -> str:
    """What the crash log holds: versions, the command, and for each exception of
    the chain its type and frames. No message, no argument, no local variable."""
    lines = [
        f"livetweet {__version__}, Python {sys.version.split()[0]}, {sys.platform}",
        f"command: {command or '?'}",
    ]
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__}:")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
            if frame.line and _is_code(frame.filename):
                lines.append(f"    {frame.line.strip()}")
        current = current.__cause__ or current.__context__
    return "\n".join(lines) + "\n"


def _is_code(filename: str) -> bool:
    """Only Python sources are quoted (never a data file a frame may name)."""
    return filename.endswith(".py")


def write_crash_log(error: BaseException, command: str | None) -> Path | None:
    """The crash log's path (0600, in a 0700 directory), or None if it cannot be written."""
    import platformdirs

    from livetweet.config.dirs import private_dir

    try:
        directory = private_dir(platformdirs.user_state_path("livetweet") / "crashes", tighten=True)
        path = directory / f"crash-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(crash_report(error, command))
    except OSError:
        return None
    return path


def report_crash(error: BaseException, command: str | None) -> int:
    """Say in one line that livetweet failed, where the details are; ``EXIT_CRASH``."""
    log = write_crash_log(error, command)
    kind = type(error).__name__
    if log is None:
        message = _("livetweet stopped on an unexpected error ({kind}): this is a bug.")
    else:
        message = _(
            "livetweet stopped on an unexpected error ({kind}): this is a bug. "
            "Details, without any secret, are in {log}"
        )
    print(message.format(kind=kind, log=log), file=sys.stderr)
    return EXIT_CRASH
