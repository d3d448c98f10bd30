"""The gettext catalogues: compiled files match their sources, every string is in French."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "livetweet" / "locale"
KEYWORDS = {"_": None, "ngettext": (1, 2)}


def _plain(value: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
    """Plural entries come as lists from one reader and tuples from the other."""
    return tuple(value) if isinstance(value, list | tuple) else value


def _messages(catalog: Catalog) -> dict[object, object]:
    return {
        _plain(m.id): _plain(m.string)
        for m in catalog
        if m.id
        and m.string
        and any(_plain(m.string))
        and not m.fuzzy
        # the compiler writes an untranslated plural as its own source: not a translation
        and not (isinstance(m.id, list | tuple) and _plain(m.string) == _plain(m.id))
    }


@pytest.mark.parametrize("language", ["fr", "en"])
def test_compiled_catalogue_is_up_to_date(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "livetweet.po").open("rb") as po, (folder / "livetweet.mo").open("rb") as mo:
        source, compiled = _messages(read_po(po)), _messages(read_mo(mo))
    assert compiled == source, "run: .venv/bin/pybabel compile -d livetweet/locale -D livetweet"


def test_every_string_has_a_french_translation() -> None:
    """The screens, the commands and every message of the core: French comes first."""
    with (LOCALE / "fr" / "LC_MESSAGES" / "livetweet.po").open("rb") as po:
        french = _messages(read_po(po))
    used = {m[2] for m in extract_from_dir(ROOT / "livetweet", keywords=KEYWORDS)}
    missing = sorted(str(message) for message in used if _plain(message) not in french)
    assert not missing, "untranslated (see livetweet/locale/README.md): " + ", ".join(missing)
