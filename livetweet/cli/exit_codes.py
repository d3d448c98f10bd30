"""The exit statuses of every ``livetweet`` command, in one place (README, "Command line").

1 has one meaning with three names, so that each command reads as its table row:
the agenda is invalid, something failed or stays queued, the journal's chain is broken.
"""

from __future__ import annotations

from typing import Final

EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_INVALID: Final = EXIT_FAILED
EXIT_BROKEN: Final = EXIT_FAILED
#: The command itself could not run: usage, missing file, configuration, journal.
EXIT_USAGE: Final = 2
#: livetweet itself failed (a bug): sysexits' EX_SOFTWARE; details in a private crash log.
EXIT_CRASH: Final = 70
#: Ctrl+C, as shells report a SIGINT.
EXIT_INTERRUPTED: Final = 130
