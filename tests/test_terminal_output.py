"""No command sends an escape sequence to the terminal, whatever the file or text holds.

A journal is an input too (edited by hand, written by another tool, or older): its
fields reach `audit show` and `resume`; a draft on standard input may carry a pasted
escape sequence. Every case here printed raw ESC, or posted it, before.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from livetweet.publishing.journal import Journal

ESC_TEXT = "Budget \x1b[2J adopté \x1b]52;c;aGk=\x07 [/] \u202efin"


def livetweet(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def assert_no_raw_controls(*outputs: str) -> None:
    for output in outputs:
        for char in ("\x1b", "\x07", "\u202e", "\x9b"):
            assert char not in output, repr(output)


def test_a_draft_holding_an_escape_sequence_is_refused_and_not_echoed(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    result = livetweet("post", "--journal", str(journal), "-", stdin=ESC_TEXT)
    assert result.returncode == 2
    assert "control character" in result.stderr and "␛" in result.stderr
    assert_no_raw_controls(result.stdout, result.stderr)
    assert not (tmp_path / "j.dry-run.jsonl").exists()  # nothing went out, not even dry


def test_a_windows_line_ending_is_not_a_control_character(tmp_path: Path) -> None:
    result = livetweet("post", "--journal", str(tmp_path / "j.jsonl"), "-", stdin="Ligne\r\nDeux")
    assert result.returncode == 0, result.stderr


def test_an_operator_name_with_an_escape_sequence_is_a_configuration_error(
    tmp_path: Path,
) -> None:
    result = livetweet(
        "post", "--journal", str(tmp_path / "j.jsonl"), "Texte",
        env={"LIVETWEET_OPERATOR": "evil\x1b]0;pwn\x07"},
    )  # fmt: skip
    assert result.returncode == 2
    assert "LIVETWEET_OPERATOR: must not hold control characters" in result.stderr
    assert_no_raw_controls(result.stdout, result.stderr)


def test_a_journal_written_elsewhere_is_shown_not_obeyed(tmp_path: Path) -> None:
    path = tmp_path / "foreign.jsonl"
    journal, _ = Journal.open(path, session_id="cm\x1b[31m")
    journal.append("session_opened", operator="evil\x1b]0;pwn\x07", dry_run=True)
    journal.append("queued", operator="op", ref="p1", network="x", text=ESC_TEXT, item="i\x1b[2J")
    journal.close()
    shown = livetweet("audit", "show", str(path))
    verified = livetweet("audit", "verify", str(path))
    assert shown.returncode == 0 and verified.returncode == 0, shown.stderr + verified.stderr
    assert "evil␛]0;pwn␇" in shown.stdout  # shown as written, symbols for the controls
    assert "[/]" in shown.stdout  # markup shown, not read
    assert_no_raw_controls(shown.stdout, shown.stderr, verified.stdout, verified.stderr)
