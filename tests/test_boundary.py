"""The core stays Textual-free: checked by import-linter's contracts in pyproject.toml."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_imports_without_textual() -> None:
    code = (
        "import sys, livetweet.agenda, livetweet.text, livetweet.publishing, livetweet.config;"
        "assert 'textual' not in sys.modules, 'the core imported textual'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
