"""The commands' exit statuses: one definition, and the usage errors the README promises."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from livetweet.cli import exit_codes

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "livetweet" / "cli"


def test_exit_statuses_are_defined_in_one_place() -> None:
    """A status changed in one module and not in the others would contradict the README."""
    defined: dict[str, list[str]] = {}
    for module in sorted(CLI.glob("*.py")):
        for node in ast.parse(module.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and name.id.startswith("EXIT_"):
                        defined.setdefault(module.name, []).append(name.id)
    assert set(defined) == {"exit_codes.py"}, defined
    assert (exit_codes.EXIT_OK, exit_codes.EXIT_FAILED, exit_codes.EXIT_USAGE) == (0, 1, 2)


def livetweet(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def write_agenda(folder: Path) -> Path:
    agenda = folder / "odj.yaml"
    agenda.write_text(
        "version: 1\n"
        "session: {id: cm, title: CM, body: Ville de Villeneuve,"
        " start: '2026-12-15T18:00:00+01:00'}\n"
        "items:\n"
        "  - {id: pv-novembre, number: '1', title: Procès-verbal}\n"
        "  - {id: budget-principal, number: '2', title: Budget principal}\n"
        "  - {id: budget-eau, number: '3', title: Budget de l'eau}\n",
        encoding="utf-8",
    )
    return agenda


def test_an_unknown_item_is_a_usage_error_naming_the_item_meant(tmp_path: Path) -> None:
    """A typo in --item would journal a post about an item that does not exist."""
    journal = tmp_path / "j.jsonl"
    post = ("post", "--journal", str(journal), "--agenda", str(write_agenda(tmp_path)))
    typo = livetweet(*post, "--item", "budget-principl", "Bonjour")
    assert typo.returncode == 2, typo.stderr
    assert "budget-principl " in typo.stderr and "budget-principal?" in typo.stderr
    assert "pv-novembre" not in typo.stderr
    assert "Traceback" not in typo.stderr
    assert not journal.exists()  # nothing journalled, nothing posted
    number = livetweet(*post, "--item", "3", "Bonjour")  # the item's number, not its id
    assert number.returncode == 2 and "budget-eau?" in number.stderr
    far = livetweet(*post, "--item", "zzz", "Bonjour")
    assert far.returncode == 2
    assert "pv-novembre, budget-principal, budget-eau." in far.stderr  # every id, to pick from
    assert not journal.exists()
    assert livetweet(*post, "--item", "budget-eau", "Bonjour").returncode == 0


def test_a_draft_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    result = livetweet(
        "post", "--journal", str(journal), "-", stdin="Séance ouverte\nà 18 h".encode("latin-1")
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "line 1" in result.stderr and "UTF-8" in result.stderr
    assert not journal.exists()
