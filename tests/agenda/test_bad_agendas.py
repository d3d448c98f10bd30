"""A corpus of bad agendas: each must be rejected with exactly the expected FILE:LINE:COL.

Each file in ``bad/`` ends with ``# expect: LINE:COL: fragment`` comments, one
per error the checker must report, and no other error is allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livetweet.agenda import AgendaError, check_agenda_file, check_agenda_text, load_agenda

from .conftest import BAD, HEAD, ROOT, WriteAgenda

EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.+)$", re.MULTILINE)
BAD_FILES = sorted(BAD.glob("*.yaml"))


def test_the_corpus_covers_every_rule() -> None:
    assert len(BAD_FILES) >= 25


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_agenda_is_rejected_at_the_right_place(path: Path) -> None:
    found = EXPECT.findall(path.read_text("utf-8"))
    expected = [(int(line), int(col), fragment) for line, col, fragment in found]
    assert expected, f"{path.name} has no '# expect:' line"
    report = check_agenda_file(path)
    assert not report.ok
    assert report.agenda is None
    errors = report.errors
    assert sorted((p.line, p.col) for p in errors) == sorted(
        (ln, col) for ln, col, _ in expected
    ), [str(p) for p in errors]
    for line, col, fragment in expected:
        lines = [str(p) for p in errors if (p.line, p.col) == (line, col)]
        assert any(fragment in text for text in lines), (fragment, lines)
        assert all(text.startswith(f"{path}:{line}:{col}: error: ") for text in lines)


def test_load_agenda_raises_with_every_problem() -> None:
    with pytest.raises(AgendaError) as caught:
        load_agenda(BAD / "unsafe_placeholders.yaml")
    assert len(caught.value.problems) == 5
    assert "{rapporteur.__class__}" in str(caught.value)


def test_python_tags_are_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(
        HEAD + f"items:\n  - id: a\n    number: 1\n"
        f'    title: !!python/object/apply:os.system ["touch {marker}"]\n',
        encoding="utf-8",
    )
    report = check_agenda_file(path)
    assert not report.ok
    assert not marker.exists()


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (3 * 1024 * 1024) + b"\n")
    report = check_agenda_file(path)
    assert [str(p) for p in report.errors] == [
        f"{path}: error: the file is larger than 2 MB: not an agenda file"
    ]


def test_binary_garbage_gives_one_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "photo.yaml"
    path.write_bytes(b"version: 1\nsession:\n  title: \xff\xd8\xff\xe0 JFIF\x00\x01")
    report = check_agenda_file(path)
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"{path}:3:10: error: not UTF-8 text (byte 0xff)")


def test_control_characters_are_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_text(HEAD + "items:\n  - id: a\x00\n", encoding="utf-8")
    report = check_agenda_file(path)
    assert [(p.line, p.col) for p in report.errors] == [(8, 10)]
    assert "U+0000 is not allowed" in report.errors[0].message


def test_deeply_nested_brackets_are_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    depth = 900_000  # libyaml takes minutes, and its composer crashes, on this
    path.write_text("a: " + "[" * depth + "]" * depth, encoding="utf-8")
    report = check_agenda_file(path)
    assert "nested too deeply" in report.errors[0].message


def test_deeply_nested_blocks_are_refused(write_agenda: WriteAgenda) -> None:
    text = "".join("- " * 200) + "x\n"
    report = check_agenda_file(write_agenda(text))
    assert "nested too deeply" in report.errors[0].message


def test_a_self_referencing_alias_is_refused(write_agenda: WriteAgenda) -> None:
    report = check_agenda_file(write_agenda(HEAD + "items: &loop [*loop]\n"))
    assert [(p.line, p.col) for p in report.errors] == [(7, 15)]
    assert "unknown alias *loop" in report.errors[0].message


def test_an_empty_file_is_reported(write_agenda: WriteAgenda) -> None:
    report = check_agenda_file(write_agenda("# nothing yet\n"))
    assert [str(p).split(": ", 1)[1] for p in report.errors] == ["error: the file is empty"]


def test_a_schema_error_does_not_hide_the_other_problems(write_agenda: WriteAgenda) -> None:
    path = write_agenda(
        HEAD
        + """\
members:
  - id: dupont
    name: Marie Dupont
items:
  - id: a
    number: 1
    title: Budget
    rapporteur: dupond
  - id: b
    number: 2
    titel: Tarifs
    title: Tarifs
    drafts:
      intro: "Point {number} {titre}"
"""
    )
    report = check_agenda_file(path)
    assert [(p.line, p.col) for p in report.errors] == [(14, 17), (17, 5), (20, 14)]


YAML_PIECES = [*"{}[]:-&*!|>#'\" \n\tab07.,~@%`", "no", "2026-12-15", "<<", "? ", "---\n"]
EXAMPLE = (ROOT / "agendas" / "cm-villeneuve-2026-12-15.yaml").read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=80).map("".join))
def test_yaml_soup_is_reported_never_raised(text: str) -> None:
    report = check_agenda_text("soup.yaml", text)
    assert report.agenda is None or report.ok


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(EXAMPLE)), st.integers(0, 30), st.text(max_size=10))
def test_a_damaged_example_is_reported_never_raised(start: int, length: int, insert: str) -> None:
    text = EXAMPLE[:start] + insert + EXAMPLE[start + length :]
    report = check_agenda_text("damaged.yaml", text)
    assert all(p.line >= 1 and p.col >= 1 for p in report.problems)


def test_a_session_of_thousands_of_items_is_refused_quickly(write_agenda: WriteAgenda) -> None:
    items = "".join(f"  - {{id: i{n}, number: {n}, title: Point {n}}}\n" for n in range(1001))
    report = check_agenda_file(write_agenda(HEAD + "items:\n" + items))
    assert [(p.line, p.col, p.message) for p in report.errors] == [
        (7, 1, "more than 1000 items: this is not one council session")
    ]


def test_thousands_of_prepared_texts_are_refused_quickly(write_agenda: WriteAgenda) -> None:
    thread = "".join(f'        - "Point {{number}}, partie {n}"\n' for n in range(5001))
    text = HEAD + "items:\n  - id: a\n    number: 1\n    title: B\n    drafts:\n      intro:\n"
    report = check_agenda_file(write_agenda(text + thread))
    assert [(p.line, p.col, p.message) for p in report.errors] == [
        (12, 7, "more than 5000 prepared texts: this is not one council session")
    ]


def test_an_enormous_title_is_reported_as_too_long(write_agenda: WriteAgenda) -> None:
    title = "Budget é 🎉 https://a.fr " * 3000
    text = HEAD + f"items:\n  - id: a\n    number: 1\n    title: {title}\n"
    report = check_agenda_file(write_agenda(text))
    assert [(p.line, p.col) for p in report.errors] == [(10, 12)]
    assert "is too long" in report.errors[0].message
    assert "on X (limit 280)" in report.errors[0].message


def test_every_missing_key_of_one_section_is_reported(write_agenda: WriteAgenda) -> None:
    report = check_agenda_file(write_agenda("version: 1\nsession: {id: cm}\n"))
    assert [(p.line, p.col, p.message) for p in report.errors] == [
        (2, 10, "missing key 'title'"),
        (2, 10, "missing key 'body'"),
        (2, 10, "missing key 'start'"),
    ]
