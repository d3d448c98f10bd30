"""Without ../shared the twitter-text conformance cases are never lost silently."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

MODULE = Path(__file__).with_name("test_text_conformance.py")
ROOT = Path(__file__).resolve().parents[2]


def _run_without_shared(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    """The conformance module, run from a clone that has no ``../shared`` beside it."""
    clone = tmp_path / "elsewhere" / "clone" / "tests" / "text"
    clone.mkdir(parents=True)
    shutil.copy(MODULE, clone / MODULE.name)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-ra", "-p", "no:cacheprovider", MODULE.name],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ci_fails_when_the_conformance_suite_is_missing(tmp_path: Path) -> None:
    result = _run_without_shared(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "TWITTER-TEXT CONFORMANCE NOT RUN" in result.stdout
    assert "1 failed" in result.stdout


def test_locally_the_skip_says_why_loudly(tmp_path: Path) -> None:
    result = _run_without_shared(tmp_path, "false")
    assert result.returncode == 0, result.stdout
    assert "TWITTER-TEXT CONFORMANCE NOT RUN" in result.stdout
    assert "failed" not in result.stdout
