"""French-first translations through gettext catalogues shipped in ``livetweet/locale``.

Source strings are English; the French catalogue is the one most users see.
The language follows the configuration, else the locale, else French.
"""

from __future__ import annotations

import errno
import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final, Literal

Language = Literal["fr", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("fr", "en")
LOCALE_DIR: Final = Path(__file__).parent / "locale"
DOMAIN: Final = "livetweet"
#: argparse's own strings ("usage:", "options", "the following arguments are required").
ARGPARSE_DOMAIN: Final = "argparse"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language: Language = "en"


def detect_language(configured: str | None = None) -> Language:
    """The configured language if valid, else the locale's, else French."""
    if configured in LANGUAGES:
        return configured
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value.startswith("en"):
            return "en"
        if value.startswith("fr"):
            return "fr"
    return "fr"


def set_language(language: Language) -> None:
    """Switch every later ``_()`` call to ``language``."""
    global _translation, _language  # noqa: PLW0603 - one process-wide UI language
    _language = language
    _translation = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
    )


def current_language() -> Language:
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def os_error(error: OSError) -> str:
    """Why a file operation failed, in the current language: the C library's
    ``strerror`` is English whatever the locale says."""
    known = {
        errno.ENOENT: _("no such file or directory"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("operation not permitted"),
        errno.EEXIST: _("already exists"),
        errno.EISDIR: _("is a directory"),
        errno.ENOTDIR: _("a part of the path is not a directory"),
        errno.ENOSPC: _("no space left on the disk"),
        errno.EDQUOT: _("disk quota exceeded"),
        errno.EFBIG: _("the file is too large (size limit reached)"),
        errno.EROFS: _("read-only file system"),
        errno.EIO: _("input/output error (the disk, or the network share)"),
        errno.ENAMETOOLONG: _("file name too long"),
        errno.ELOOP: _("too many symbolic links"),
    }
    if error.errno in known:
        return known[error.errno]
    return error.strerror or str(error)


@contextmanager
def argparse_in_current_language() -> Iterator[None]:
    """argparse's own words in the current language while the command line is built,
    parsed and its help printed.

    argparse translates through gettext's process-wide domain, whose language only
    the environment chooses: point that domain at our ``argparse`` catalogue and
    ``LANGUAGE`` at the current language, then put both back.
    """
    previous_domain = gettext.textdomain()
    previous_language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(ARGPARSE_DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(ARGPARSE_DOMAIN)
    os.environ["LANGUAGE"] = _language
    try:
        yield
    finally:
        gettext.textdomain(previous_domain)
        if previous_language is None:
            del os.environ["LANGUAGE"]
        else:
            os.environ["LANGUAGE"] = previous_language
