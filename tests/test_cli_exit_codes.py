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
