#!/usr/bin/env python3
"""Set-up and entry points for a fresh machine that has only python3.

``python3 dev.py run``  opens livetweet on the example French agenda, in dry-run.
``python3 dev.py test`` runs every check CI runs: ruff, mypy, import contracts, pytest.
pytest runs on every core (pytest-xdist, ``-n auto``); ``python3 dev.py test --fast``
also leaves out the slow SIGKILL crash loops. CI runs the whole suite.

Both create ``.venv`` and install the project into it the first time (and again
whenever ``pyproject.toml`` changes), so nothing else is needed beforehand.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".livetweet-installed"
EXAMPLE = ROOT / "agendas" / "cm-villeneuve-2026-12-15.yaml"


def _python() -> str:
    return str(BIN / "python")


def ensure_venv() -> None:
    """Create the venv and (re)install the project when pyproject.toml changed."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [_python(), "-m", "pip", "--disable-pip-version-check", "-q"]
    print("Installing livetweet and its development tools into .venv ...", flush=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(digest)


def _run(*args: str) -> int:
    print("$", " ".join(args), flush=True)
    return subprocess.call(list(args), cwd=ROOT)


def cmd_run(extra: list[str]) -> int:
    return _run(str(BIN / "livetweet"), "run", str(EXAMPLE), *extra)


def cmd_test(extra: list[str]) -> int:
    steps = [
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "ruff"), "format", "--check", "."],
        [str(BIN / "mypy")],
        [str(BIN / "lint-imports")],
    ]
    failed = [" ".join(s[:2]) for s in steps if _run(*s) != 0]
    if "--fast" in extra:
        extra = ["-m", "not slow", *(a for a in extra if a != "--fast")]
    if not any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in extra):
        extra = ["-n", "auto", *extra]
    status = _run(_python(), "-m", "pytest", *extra)
    if failed:
        print("Failed checks: " + ", ".join(failed), file=sys.stderr)
        return 1
    return status


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    ensure_venv()
    return {"run": cmd_run, "test": cmd_test}[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
