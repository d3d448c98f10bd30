"""Open-data identifiers of a council's acts: the SIRET and the ACTES matter codes.

The SCDL délibérations export needs both; ``agenda check`` checks them so that
the clerk learns about a wrong digit before the open-data portal rejects a file.
The ACTES nomenclature's level-1 and level-2 labels are data
(``data/actes.json``), read once.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

_SIRET = re.compile(r"\d{14}")
#: La Poste's SIREN: its establishments' SIRETs use a digit-sum key instead of Luhn.
_LA_POSTE = "356000000"


def siret_problem(siret: str) -> str | None:
    """Why ``siret`` is not a valid SIRET (in English; callers translate), or None."""
    if not _SIRET.fullmatch(siret):
        return "digits"
    if siret.startswith(_LA_POSTE) and siret != _LA_POSTE + "00048":
        return None if sum(map(int, siret)) % 5 == 0 else "key"
    return None if _luhn_ok(siret) else "key"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


@cache
def matters() -> dict[str, str]:
    """Every ACTES code of levels 1 and 2 ("7", "7.1"...) and its label."""
    raw = files("livetweet.agenda").joinpath("data/actes.json").read_text("utf-8")
    table: dict[str, str] = json.loads(raw)["matters"]
    return table


def is_matter_code(code: str) -> bool:
    """A level-2 code (``7.1``, ``7.10``): what the SCDL ``DELIB_MATIERE_CODE`` holds."""
    return "." in code and code in matters()


def matter_labels(code: str) -> tuple[str, str]:
    """(level-1 label, level-2 label) of a level-2 code. Raises ``KeyError``."""
    table = matters()
    return table[code.split(".", 1)[0]], table[code]
