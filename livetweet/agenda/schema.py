"""The JSON Schema of agenda files, for editors (yaml-language-server) and scripts."""

from __future__ import annotations

from typing import Any

from livetweet.agenda.model import Agenda
from livetweet.agenda.placeholders import PLACEHOLDERS

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"  # what editors support best


def agenda_json_schema() -> dict[str, Any]:
    schema = Agenda.model_json_schema()
    placeholders = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "livetweet agenda (format version 1)",
        **{k: v for k, v in schema.items() if k != "title"},
        "description": (
            "The agenda (ordre du jour) of one council session. Templates and drafts may use "
            f"these placeholders: {placeholders}; write {{{{ and }}}} for literal braces."
        ),
    }
