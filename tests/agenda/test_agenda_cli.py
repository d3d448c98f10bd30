"""`livetweet agenda check|schema|new` as a clerk runs them: output lines and exit statuses."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from livetweet.cli import main

from .conftest import AGENDAS, BAD, ROOT

FRENCH = AGENDAS / "cm-villeneuve-2026-12-15.yaml"
ENGLISH = AGENDAS / "full-council-2026-12-10.yaml"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "en_GB.UTF-8", "LC_ALL": "en_GB.UTF-8", "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_valid_examples_exit_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agenda", "check", str(FRENCH), str(ENGLISH)]) == 0
    out = capsys.readouterr().out
    assert f"{FRENCH}: 30 items (28 postable, 1 closed, 1 not to post), 8 prepared drafts" in out
    assert "Mastodon" in out and "Bluesky" in out
    assert "/280" in out


def test_an_invalid_file_exits_1_with_one_problem_per_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = BAD / "unknown_references.yaml"
    assert main(["agenda", "check", str(FRENCH), str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    problems = [line for line in lines if line.startswith(f"{bad}:")]
    assert problems == [
        f"{bad}:16:12: error: unknown group 'majority' (did you mean 'majorite'?)",
        f"{bad}:21:12: error: unknown theme 'finance' (did you mean 'finances'?)",
        f"{bad}:22:17: error: unknown member 'dupond' (did you mean 'dupont'?)",
    ]


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "absent.yaml"
    assert main(["agenda", "check", str(FRENCH), str(missing)]) == 2
    assert f"{missing}: error: no such file" in capsys.readouterr().out


def test_a_directory_exits_2(tmp_path: Path) -> None:
    assert main(["agenda", "check", str(tmp_path)]) == 2


def test_a_bad_option_exits_2_without_traceback() -> None:
    result = run_cli("agenda", "check", "--format", "xml", str(FRENCH))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr


def test_the_real_command_reports_and_exits_1_without_traceback() -> None:
    result = run_cli("agenda", "check", str(BAD / "alias_bomb.yaml"), str(BAD / "python_tag.yaml"))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "alias_bomb.yaml:12:12: error: the file expands to more than" in result.stdout


def test_json_output_for_scripts(capsys: pytest.CaptureFixture[str]) -> None:
    bad = BAD / "no_as_text.yaml"
    assert main(["agenda", "check", "--format", "json", str(FRENCH), str(bad)]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["valid"] is False
    good, wrong = payload["files"]
    assert list(good) == [
        "path", "valid", "readable", "errors", "warnings", "problems", "summary"
    ]  # fmt: skip
    assert good["valid"] is True and good["problems"] == []
    assert good["summary"]["items"] == 30
    assert good["summary"]["longest"]["x"]["limit"] == 280
    assert wrong["problems"] == [
        {
            "path": str(bad),
            "line": 10,
            "col": 12,
            "severity": "error",
            "message": "expected text",
            "hint": 'YAML reads no as a yes/no value: write "no" in quotes',
        }
    ]


def test_schema_is_printed_and_the_committed_copy_is_up_to_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["agenda", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((AGENDAS / "agenda.schema.json").read_text(encoding="utf-8"))
    assert printed == committed, "run: livetweet agenda schema > agendas/agenda.schema.json"
    assert printed["$schema"] == "http://json-schema.org/draft-07/schema#"
    item = printed["$defs"]["Item"]["properties"]
    assert "Huis clos" in item["closed"]["description"]
    assert {"type": "integer"} in item["number"]["anyOf"]
    assert printed["additionalProperties"] is False


def test_new_writes_a_commented_skeleton_that_passes_check(tmp_path: Path) -> None:
    target = tmp_path / "cm.yaml"
    assert main(["agenda", "new", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# Ordre du jour" in text.splitlines()[1]
    assert main(["agenda", "check", str(target)]) == 0


def test_new_to_standard_output_passes_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agenda", "new"]) == 0
    target = tmp_path / "from-stdout.yaml"
    target.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["agenda", "check", str(target)]) == 0


def test_new_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "cm.yaml"
    target.write_text("précieux", encoding="utf-8")
    assert main(["agenda", "new", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "précieux"
    assert main(["agenda", "new", "--force", str(target)]) == 0
    assert target.read_text(encoding="utf-8") != "précieux"


def test_messages_follow_a_french_locale(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    bad = BAD / "missing_title.yaml"
    assert main(["agenda", "check", str(bad)]) == 1
    assert f"{bad}:8:5: erreur: " in capsys.readouterr().out


def _as_an_editor_reads(path: Path) -> object:
    """The YAML as yaml-language-server reads it (YAML 1.2: dates stay strings)."""

    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", sorted(AGENDAS.glob("*.yaml")), ids=lambda p: p.name)
def test_the_clerks_editor_accepts_the_examples_and_flags_a_typo(path: Path) -> None:
    """The committed schema (what the modeline points editors at) accepts every example
    agenda, and refuses one with a misspelt key, as the checker does."""
    schema = json.loads((AGENDAS / "agenda.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    data = _as_an_editor_reads(path)
    assert [e.message for e in validator.iter_errors(data)] == []
    assert isinstance(data, dict)
    data["items"][0]["titel"] = data["items"][0].pop("title")
    assert any("titel" in e.message for e in validator.iter_errors(data))
