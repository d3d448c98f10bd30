"""The clerk's check as the clerk runs it: every problem in one run, in their language,
on what they actually wrote, and never a hang, a crash or raw terminal codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from livetweet.cli import main

from .conftest import HEAD, ROOT


def run_cli(*args: str, language: str = "en_GB.UTF-8") -> subprocess.CompletedProcess[str]:
    """The real ``livetweet`` command; the timeout only guards a hang (a failure)."""
    env = {**os.environ, "LANG": language, "LC_ALL": language, "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=120,
    )


# -- what the path is (issue 11) -------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_check_on_a_named_pipe_says_so_and_exits_2(tmp_path: Path) -> None:
    fifo = tmp_path / "agenda.yaml"
    os.mkfifo(fifo)
    result = run_cli("agenda", "check", str(fifo))
    assert result.returncode == 2
    assert f"{fifo}: error: is a named pipe (FIFO), not an agenda file" in result.stdout
    assert "Traceback" not in result.stderr


def test_check_on_a_device_says_so_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agenda", "check", os.devnull]) == 2
    assert f"{os.devnull}: error: is a device, not an agenda file" in capsys.readouterr().out


def test_run_on_a_directory_says_it_is_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(tmp_path)]) == 2
    err = " ".join(capsys.readouterr().err.split())  # Rich wraps long lines
    assert "is a directory, not an agenda file" in err
    assert "no such" not in err


def test_run_on_a_missing_file_still_says_no_such_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(tmp_path / "absent.yaml")]) == 2
    assert "no such file" in " ".join(capsys.readouterr().err.split())
