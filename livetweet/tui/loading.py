"""Loading the agenda for the app. TEMPORARY: until ``livetweet.agenda.load_agenda``
lands, a plain YAML + model validation stands in (no line numbers)."""

from __future__ import annotations

from pathlib import Path

import yaml

from livetweet.agenda.model import Agenda


def load_agenda_file(path: Path) -> Agenda:
    try:
        from livetweet.agenda import load_agenda  # type: ignore[attr-defined]
    except ImportError:
        return Agenda.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    agenda: Agenda = load_agenda(path)
    return agenda
