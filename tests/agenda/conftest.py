"""Agenda tests read messages in English (the source strings) and write agendas to tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AGENDAS = ROOT / "agendas"
BAD = Path(__file__).resolve().parent / "bad"

HEAD = """\
version: 1
session:
  id: s1
  title: Conseil municipal
  body: Ville de Villeneuve
  start: 2026-12-15T18:30:00+01:00
"""

WriteAgenda = Callable[[str], Path]


@pytest.fixture
def write_agenda(tmp_path: Path) -> WriteAgenda:
    """Write an agenda (dedented) to a file and return its path."""
    counter = iter(range(1000))

    def write(text: str) -> Path:
        path = tmp_path / f"agenda-{next(counter)}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
