"""The agenda's optional open-data fields: session.siret and items[].matiere."""

from __future__ import annotations

from pathlib import Path

import pytest

from livetweet.agenda import load_agenda
from livetweet.cli import main

AGENDA = Path(__file__).with_name("agenda.yaml")


def check(tmp_path: Path, text: str) -> int:
    path = tmp_path / "odj.yaml"
    path.write_text(text, encoding="utf-8")
    return main(["agenda", "check", str(path)])


def test_codes_written_as_numbers_are_kept_as_written(tmp_path: Path) -> None:
    text = AGENDA.read_text(encoding="utf-8").replace("matiere: 7.5", "matiere: 7.10")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    agenda = load_agenda(tmp_path / "a.yaml")
    assert agenda.session.siret == "21860194600013"
    assert [i.matiere for i in agenda.items] == ["7.1", "7.10", "4.1", None]


def test_a_wrong_siret_digit_and_an_unknown_matter_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = AGENDA.read_text(encoding="utf-8")
    text = text.replace("21860194600013", "21860194600031").replace("matiere: 7.5", "matiere: 7.11")
    assert check(tmp_path, text) == 1
    out = capsys.readouterr().out
    assert "odj.yaml:10:10: error: SIRET 21860194600031 fails its check key" in out
    assert "odj.yaml:22:14: error: unknown ACTES matter code '7.11'" in out


def test_a_siret_that_is_not_14_digits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = AGENDA.read_text(encoding="utf-8").replace("21860194600013", '"218 601 946"')
    assert check(tmp_path, text) == 1
    assert "14 digits expected" in capsys.readouterr().out


def test_agendas_without_the_new_fields_stay_valid() -> None:
    root = Path(__file__).resolve().parents[2] / "agendas"
    for path in sorted(root.glob("*.yaml")):
        assert main(["agenda", "check", str(path)]) == 0, path
