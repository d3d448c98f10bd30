"""Loading good agendas: values kept as the clerk wrote them, warnings that don't block."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from livetweet.agenda import Agenda, check_agenda_file, load_agenda

from .conftest import AGENDAS, HEAD, ROOT, WriteAgenda

EXAMPLES = sorted(AGENDAS.glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_agendas_are_valid_without_warnings(path: Path) -> None:
    report = check_agenda_file(path)
    assert report.problems == []
    assert report.agenda is not None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_an_agenda_survives_the_check_cache_round_trip(path: Path) -> None:
    """What ``livetweet run`` rebuilds from a recorded pass is the agenda the check
    produced, field for field (numbers as written, dates with their offset...)."""
    agenda = load_agenda(path)
    stored = json.loads(json.dumps(agenda.model_dump(mode="json"), ensure_ascii=False))
    assert Agenda.model_validate(stored) == agenda


def test_examples_are_the_ones_the_readme_promises() -> None:
    names = {p.name for p in EXAMPLES}
    assert {"cm-villeneuve-2026-12-15.yaml", "full-council-2026-12-10.yaml"} <= names


def test_the_french_example_is_a_realistic_council() -> None:
    agenda = load_agenda(AGENDAS / "cm-villeneuve-2026-12-15.yaml")
    assert agenda.session.language == "fr"
    assert len(agenda.items) >= 25
    assert any(item.closed for item in agenda.items)
    assert any(item.do_not_post for item in agenda.items)
    assert any(isinstance(d, list) for item in agenda.items for d in item.drafts.values())
    assert any(not member.mention for member in agenda.members)
    assert {g.id for g in agenda.groups} >= {"majorite", "opposition"}
    assert agenda.item("convention-restos") is not None
    assert agenda.item("convention-restos").number == "12 bis"  # type: ignore[union-attr]


def test_the_english_example_is_in_english() -> None:
    agenda = load_agenda(AGENDAS / "full-council-2026-12-10.yaml")
    assert agenda.session.language == "en"


def test_examples_start_with_the_schema_modeline() -> None:
    for path in EXAMPLES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./agenda.schema.json"


def test_numbers_are_kept_exactly_as_written(write_agenda: WriteAgenda) -> None:
    path = write_agenda(
        HEAD
        + """\
items:
  - {id: a, number: 07, title: Budget}
  - {id: b, number: 12.10, title: Tarifs}
  - {id: c, number: 12 bis, title: Convention}
  - {id: d, number: 8, title: Subventions}
  - {id: e, number: "0x1F", title: Voirie}
"""
    )
    agenda = load_agenda(path)
    assert [item.number for item in agenda.items] == ["07", "12.10", "12 bis", "8", "0x1F"]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeff".encode() + (HEAD + "items: []\n").encode())
    assert load_agenda(path).session.body == "Ville de Villeneuve"


def test_the_start_must_carry_an_offset_but_z_is_fine(write_agenda: WriteAgenda) -> None:
    path = write_agenda(HEAD.replace("+01:00", "Z") + "items: []\n")
    assert load_agenda(path).session.start.utcoffset() is not None


def test_a_stage_name_close_to_a_builtin_is_a_warning(write_agenda: WriteAgenda) -> None:
    path = write_agenda(
        HEAD
        + """\
items:
  - id: a
    number: 1
    title: Budget
    drafts:
      adoptd: "Point {number} adopté"
      amendement: "Point {number} : un amendement est déposé"
"""
    )
    report = check_agenda_file(path)
    assert report.ok
    assert [(p.line, p.col, p.severity) for p in report.problems] == [(12, 7, "warning")]
    assert "did you mean 'adopted'?" in str(report.problems[0])


def test_summary_counts_items_drafts_and_longest_posts() -> None:
    report = check_agenda_file(AGENDAS / "cm-villeneuve-2026-12-15.yaml")
    summary = report.summary
    assert summary.items == 30
    assert summary.closed == 1
    assert summary.do_not_post == 1
    assert summary.postable == 28
    assert summary.drafts == 8
    assert set(summary.longest) == {"x", "mastodon", "bluesky"}
    x = summary.longest["x"]
    assert x.limit == 280
    assert 100 < x.length <= 280


def _make_agenda_module() -> object:
    spec = importlib.util.spec_from_file_location(
        "make_agenda", ROOT / "benchmarks" / "make_agenda.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_300_item_agenda_is_valid(tmp_path: Path) -> None:
    module = _make_agenda_module()
    path = tmp_path / "big.yaml"
    path.write_text(module.make_agenda(300), encoding="utf-8")  # type: ignore[attr-defined]
    report = check_agenda_file(path)
    assert report.problems == []
    assert report.summary.items == 300


def test_a_draft_placeholder_with_nothing_to_show_is_a_warning(
    write_agenda: WriteAgenda,
) -> None:
    path = write_agenda(
        HEAD
        + """\
items:
  - id: a
    number: 1
    title: Budget
    drafts:
      intro: "Point {number}, présenté par {rapporteur} : {link}"
"""
    )
    report = check_agenda_file(path)
    assert report.ok
    assert [str(p) for p in report.problems] == [
        f"{path}:12:14: warning: {{link}} is empty for item 1"
        " (fill it in the agenda, or remove the placeholder)",
        f"{path}:12:14: warning: {{rapporteur}} is empty for item 1"
        " (fill it in the agenda, or remove the placeholder)",
    ]


def test_a_template_placeholder_empty_for_some_items_is_one_warning(
    write_agenda: WriteAgenda,
) -> None:
    path = write_agenda(
        HEAD
        + """\
members:
  - {id: dupont, name: Marie Dupont}
templates:
  intro: "Point {number} : {short_title}, présenté par {rapporteur}"
items:
  - {id: a, number: 1, title: Budget, rapporteur: dupont}
  - {id: b, number: 2, title: Tarifs}
  - {id: c, number: 3, title: Subventions}
"""
    )
    report = check_agenda_file(path)
    assert report.ok
    assert [str(p) for p in report.problems] == [
        f"{path}:10:10: warning: {{rapporteur}} is empty for items 2, 3"
        " (the text will read oddly for them: give them a prepared draft)"
    ]
