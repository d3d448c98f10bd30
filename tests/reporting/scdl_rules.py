"""The SCDL schema file's own rules, read from the file: its fields (types,
patterns, required) through frictionless, and its ``custom_checks`` (validata's
extension) each interpreted with the parameters the file gives. A check the
file names that is not understood here fails the test: a new schema version is
noticed, never silently half-checked."""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

SCHEMA = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "conformance" / "scdl"
).resolve() / "schema-2.1.5.json"


def schema_or_skip() -> dict[str, Any]:
    if not SCHEMA.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SCHEMA} is missing in CI: the SCDL export cannot be checked")
        pytest.skip(f"SCDL schema absent: {SCHEMA} (the export is not checked against it)")
    data: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return data


def _plain(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn"
    )


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        v = int(c) * (2 if i % 2 else 1)
        total += v - 9 if v > 9 else v
    return total % 10 == 0


#: The nine level-1 names of the ACTES nomenclature, as the SCDL documentation lists them.
ACTES_LEVEL_1 = {
    _plain(n)
    for n in (
        "Commande publique",
        "Urbanisme",
        "Domaine et patrimoine",
        "Fonction publique",
        "Institutions et vie politique",
        "Libertés publiques et pouvoirs de police",
        "Finances locales",
        "Domaines de compétences par thèmes",
        "Autres domaines de compétences",
    )
}


def _number(value: str) -> int | None:
    return int(value) if value.strip() else None


def custom_problems(schema: dict[str, Any], rows: list[dict[str, str]]) -> list[str]:
    problems: list[str] = []
    for check in schema.get("custom_checks", []):
        name, params = check["name"], check["params"]
        for line, row in enumerate(rows, start=2):
            where = f"line {line}, {name}"
            if name == "french-siret-value":
                value = row[params["column"]]
                if value and not _luhn(value):
                    problems.append(f"{where}: {value} fails the SIRET key")
            elif name == "year-interval-value":
                value = row[params["column"]]
                if value and "/" in value:
                    start, end = value.split("/")
                    if int(start) >= int(end):
                        problems.append(f"{where}: {value} is not an interval")
            elif name == "cohesive-columns-value":
                columns = [params["column"], *params["othercolumns"]]
                filled = {bool(row[c].strip()) for c in columns}
                if len(filled) > 1:
                    problems.append(f"{where}: {columns} must be all filled or all empty")
            elif name == "compare-columns-value":
                a, b = row[params["column"]], row[params["column2"]]
                if a.strip() and b.strip():
                    left, right = (_number(a), _number(b)) if a.strip().isdigit() else (a, b)
                    ok = {
                        ">=": left >= right,  # type: ignore[operator]
                        ">": left > right,  # type: ignore[operator]
                        "<=": left <= right,  # type: ignore[operator]
                        "<": left < right,  # type: ignore[operator]
                        "==": left == right,
                    }[params["op"]]
                    if not ok:
                        problems.append(f"{where}: {a} {params['op']} {b} is false")
            elif name == "sum-columns-value":
                total = row[params["column"]]
                parts = [row[c] for c in params["columns"]]
                complete = total.strip() and all(p.strip() for p in parts)
                if complete and int(total) != sum(int(p) for p in parts):
                    problems.append(f"{where}: {total} != sum of {params['columns']}")
            elif name == "nomenclature-actes-value":
                value = row[params["column"]]
                if value:
                    if "/" not in value or "/ " in value or " /" in value:
                        problems.append(f"{where}: {value!r} is not LEVEL1/LEVEL2")
                    elif _plain(value.split("/", 1)[0]) not in ACTES_LEVEL_1:
                        problems.append(f"{where}: {value!r}: unknown level-1 name")
            else:
                problems.append(f"unknown custom check {name!r}: teach this test to read it")
    return problems


def validate_scdl(csv_text: str, tmp_path: Path) -> list[str]:
    """Every problem the schema file finds in ``csv_text`` (empty: valid)."""
    from frictionless import Resource, Schema

    schema = schema_or_skip()
    path = tmp_path / "deliberations.csv"
    path.write_text(csv_text, encoding="utf-8", newline="")
    resource = Resource(
        path=path.name, basepath=str(tmp_path), schema=Schema.from_descriptor(schema)
    )
    report = resource.validate()
    problems = [
        f"row {row} {field}: {kind} {note}"
        for row, field, kind, note in report.flatten(["rowNumber", "fieldName", "type", "note"])
    ]
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    header = next(csv.reader(io.StringIO(csv_text)))
    expected = [f["name"] for f in schema["fields"]]
    if header != expected:
        problems.append(f"columns {header} are not the schema's, in its order: {expected}")
    return problems + custom_problems(schema, rows)
