"""Load and check agenda files, reporting every problem at once with its ``LINE:COL``.

Reading is bounded (size, nesting, alias expansion) and never runs Python
tags. Schema errors from pydantic are mapped back onto the key or value the
clerk wrote, with hints for YAML 1.1's surprises. When the schema fails, the
parts that are valid are still checked (references, rendering...), so one
run lists everything to fix.
"""

from __future__ import annotations

import difflib
import json
import os
from datetime import UTC, datetime
from typing import Any, Final, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from livetweet.agenda.characters import control_problems
from livetweet.agenda.check_cache import check_key
from livetweet.agenda.checks import check_semantics
from livetweet.agenda.files import (
    MAX_BYTES,
    AgendaFileError,
    AgendaTooLargeError,
    read_agenda_bytes,
)
from livetweet.agenda.model import Agenda, Session
from livetweet.agenda.problems import AgendaError, CheckReport, Problem
from livetweet.agenda.yaml_tree import NodeInfo, Tree, read_tree
from livetweet.i18n import _

#: Items (or members...) per file: checking stays around a second at most.
MAX_ENTRIES: Final = 1000
#: Prepared texts (drafts, thread posts) per file, for the same reason.
MAX_TEXTS: Final = 5000
_TAG = "tag:yaml.org,2002:"
_SECTIONS: Final = ("groups", "themes", "members", "items")
#: Only to check the rest of a file whose session has errors (already reported).
_SESSION_STAND_INS: Final[dict[str, Any]] = {
    "id": "session",
    "title": "Conseil",
    "body": "Conseil",
    "start": datetime(2026, 1, 1, tzinfo=UTC),
}


def load_agenda(path: str | os.PathLike[str]) -> Agenda:
    """The agenda in ``path``; raise AgendaError listing every problem if it has errors."""
    report = check_agenda_file(path)
    if report.agenda is None:
        raise AgendaError(report.problems)
    return report.agenda


def check_agenda_file(path: str | os.PathLike[str]) -> CheckReport:
    name = os.fspath(path)
    report = CheckReport(name)
    try:
        raw = read_agenda_bytes(name)
    except AgendaTooLargeError as exc:
        report.problems.append(Problem(name, 0, 0, "error", str(exc)))
        return report
    except AgendaFileError as exc:
        return _unreadable(report, str(exc))
    return check_agenda_bytes(name, raw, report)


def check_agenda_bytes(name: str, raw: bytes, report: CheckReport | None = None) -> CheckReport:
    """Check the agenda file ``name`` whose content is ``raw`` (checked as read once)."""
    report = report or CheckReport(name)
    report.content_key = check_key(raw)
    if len(raw) > MAX_BYTES:
        report.problems.append(
            Problem(name, 0, 0, "error", _("the file is larger than 2 MB: not an agenda file"))
        )
        return report
    text = _decode(name, raw, report)
    if text is None:
        return report
    check_agenda_text(name, text, report)
    return report


def check_agenda_text(name: str, text: str, report: CheckReport | None = None) -> CheckReport:
    """Check agenda source ``text`` as if read from the file ``name``."""
    report = report or CheckReport(name)
    tree = read_tree(text)
    problems = report.problems
    for yp in tree.problems:
        problems.append(Problem(name, yp.line, yp.col, "error", yp.message, yp.hint))
    if tree.problems:
        return _finish(report)
    problems.extend(control_problems(name, tree, text))
    if not isinstance(tree.data, dict):
        problems.append(
            Problem(name, 1, 1, "error", _("expected a mapping with version, session and items"))
        )
        return _finish(report)
    for section in _SECTIONS:
        values = tree.data.get(section)
        if isinstance(values, list) and len(values) > MAX_ENTRIES:
            info = tree.key_at((section,))
            problems.append(
                Problem(
                    name,
                    info.line,
                    info.col,
                    "error",
                    _("more than {n} {section}: this is not one council session").format(
                        n=MAX_ENTRIES, section=section
                    ),
                )
            )
            return _finish(report)
    crowded = _too_many_texts(tree)
    if crowded is not None:
        problems.append(
            Problem(
                name,
                crowded.line,
                crowded.col,
                "error",
                _("more than {n} prepared texts: this is not one council session").format(
                    n=MAX_TEXTS
                ),
            )
        )
        return _finish(report)
    data = _keep_numbers_as_written(tree)
    try:
        agenda: Agenda | None = Agenda.model_validate(data)
        indexes = {section: list(range(len(getattr(agenda, section)))) for section in _SECTIONS}
    except ValidationError as exc:
        problems.extend(_schema_problems(name, tree, exc.errors()))
        agenda, indexes = _salvage(data)
    if agenda is not None:
        check_semantics(name, agenda, indexes, tree, report)
    if not report.errors:
        report.agenda = agenda
    return _finish(report)


def _unreadable(report: CheckReport, message: str) -> CheckReport:
    report.readable = False
    report.problems.append(Problem(report.path, 0, 0, "error", message))
    return report


def _finish(report: CheckReport) -> CheckReport:
    report.problems.sort(key=lambda p: (p.line, p.col))
    return report


def _decode(name: str, raw: bytes, report: CheckReport) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        report.problems.append(
            Problem(
                name,
                line,
                col,
                "error",
                _("not UTF-8 text (byte 0x{byte:02x}): is this really an agenda file?").format(
                    byte=raw[exc.start]
                ),
                _("save it as UTF-8 in your editor"),
            )
        )
        return None


def _too_many_texts(tree: Tree) -> NodeInfo | None:
    """Where the prepared texts exceed MAX_TEXTS, if they do."""
    items = tree.data.get("items")
    total = 0
    for index, item in enumerate(items if isinstance(items, list) else []):
        drafts = item.get("drafts") if isinstance(item, dict) else None
        for stage, draft in (drafts if isinstance(drafts, dict) else {}).items():
            total += len(draft) if isinstance(draft, list) else 1
            if total > MAX_TEXTS:
                return tree.key_at(("items", index, "drafts", stage))
    return None


def _keep_numbers_as_written(tree: Tree) -> dict[str, Any]:
    """``number: 07`` or ``number: 12.10`` stays "07" / "12.10", not 7 / 12.1."""
    data: dict[str, Any] = dict(tree.data)
    items = data.get("items")
    if isinstance(items, list):
        data["items"] = [
            {**item, **_as_written(tree, ("items", index), ("number", "matiere"))}
            if isinstance(item, dict)
            else item
            for index, item in enumerate(items)
        ]
    session = data.get("session")
    if isinstance(session, dict):  # siret: 21860194600013 is read as an integer
        data["session"] = {**session, **_as_written(tree, ("session",), ("siret",))}
    return data


def _as_written(tree: Tree, where: tuple[str | int, ...], keys: tuple[str, ...]) -> dict[str, str]:
    """The numeric values at ``where`` + key, as written (``matiere: 7.10`` is not 7.1)."""
    result: dict[str, str] = {}
    for key in keys:
        info = tree.values.get((*where, key))
        numeric = info is not None and info.plain and info.tag in (_TAG + "int", _TAG + "float")
        if numeric and info is not None and info.raw is not None:
            result[key] = info.raw
    return result


def _salvage(data: dict[str, Any]) -> tuple[Agenda | None, dict[str, list[int]]]:
    """An agenda of the valid parts, to check what can be checked despite schema errors."""
    session = _salvage_session(data.get("session"))
    if session is None:
        return None, {}
    parts: dict[str, Any] = {}
    indexes: dict[str, list[int]] = {}
    for section in _SECTIONS:
        model = _element_model(section)
        values = data.get(section)
        kept: list[Any] = []
        indexes[section] = []
        for index, value in enumerate(values if isinstance(values, list) else []):
            element = _valid_part(model, value)
            if element is not None:
                kept.append(element)
                indexes[section].append(index)
        parts[section] = kept
    templates = data.get("templates")
    parts["templates"] = {
        k: v
        for k, v in (templates if isinstance(templates, dict) else {}).items()
        if isinstance(v, str)
    }
    return Agenda.model_construct(version=1, session=session, **parts), indexes


def _salvage_session(value: Any) -> Session | None:
    """The session, its invalid or missing fields replaced by stand-ins: a naive start
    date must not hide the items' unknown rapporteurs, themes and keys."""
    fields = value if isinstance(value, dict) else {}
    try:
        return Session.model_validate(fields)
    except ValidationError as exc:
        bad = {error["loc"][0] for error in exc.errors() if error["loc"]}
    kept = {k: v for k, v in fields.items() if k not in bad}
    try:
        return Session.model_validate({**_SESSION_STAND_INS, **kept})
    except ValidationError:
        return None


def _valid_part(model: type[BaseModel], value: Any) -> BaseModel | None:
    """``value`` as ``model``, without its invalid fields if it can do without them."""
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        if not isinstance(value, dict):
            return None
        bad = {error["loc"][0] for error in exc.errors() if error["loc"]}
    try:
        return model.model_validate({k: v for k, v in value.items() if k not in bad})
    except ValidationError:
        return None


def _element_model(section: str) -> type[BaseModel]:
    annotation = Agenda.model_fields[section].annotation
    model: type[BaseModel] = get_args(annotation)[0]
    return model


def _fields_at(path: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at ``path`` (for "did you mean" hints)."""
    model: type[BaseModel] = Agenda
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return []
        inner = _model_in(field.annotation)
        if inner is None:
            return []
        model = inner
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _schema_problems(name: str, tree: Tree, errors: list[ErrorDetails]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    for error in errors:
        path = tree.resolve(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            info = tree.key_at(path)
            key = str(error["loc"][-1])
            message = _("unknown key {key!r}").format(key=key)
            close = difflib.get_close_matches(key, _fields_at(path[:-1]), n=1)
            hint = _("did you mean {key!r}?").format(key=close[0]) if close else None
        elif kind == "missing":
            info = tree.value_at(path)
            message = _("missing key {key!r}").format(key=str(error["loc"][-1]))
            hint = None
        else:
            info = tree.value_at(path)
            message, hint = _value_message(error, info, path)
            if error["input"] is None and path in tree.keys:
                info = tree.key_at(path)
        if {"str", "list[str]"} & set(map(str, error["loc"])):  # a draft: one per union member
            message = _("expected a text, or a list of texts for a thread")
        dedup = (info.line, info.col, message)
        if dedup in seen:
            continue
        seen.add(dedup)
        problems.append(Problem(name, info.line, info.col, "error", message, hint))
    return problems


def _value_message(
    error: ErrorDetails, info: NodeInfo, path: tuple[Any, ...]
) -> tuple[str, str | None]:
    kind = error["type"]
    field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    if kind in ("string_type", "list_type", "dict_type") and error["input"] is None:
        if field == "hashtags" or (len(path) > 1 and path[-2] == "hashtags"):
            return _("the value is empty"), _(
                "'#' starts a comment in YAML: write hashtags in quotes, e.g. [\"#CMVilleneuve\"]"
            )
        return _("the value is empty"), None
    if kind == "string_type":
        return _("expected text"), _trap_hint(info)
    if kind in ("bool_type", "bool_parsing"):
        return _("expected true or false"), _("write true or false, without quotes")
    if kind == "string_pattern_mismatch":
        return (
            _("invalid id {value!r}").format(value=error["input"]),
            _("use only letters, digits, '-' and '_'"),
        )
    if kind == "timezone_aware":
        return _("the start time has no UTC offset"), _("add one, e.g. 2026-12-15T18:30:00+01:00")
    if kind.startswith("datetime"):
        return _("expected a date and time"), _("e.g. 2026-12-15T18:30:00+01:00")
    if kind in ("list_type", "model_type") and field == "media" and isinstance(error["input"], str):
        photo = _('{{path: {path}, alt: "what the picture shows"}}').format(
            path=json.dumps(error["input"], ensure_ascii=False)
        )
        if kind == "model_type":
            return _("expected a photo with its alt text"), _("write it as {photo}").format(
                photo=photo
            )
        return _("expected a list of photos with their alt text"), _(
            "write it as [{photo}]"
        ).format(photo=photo)
    if kind == "list_type":
        if isinstance(error["input"], str):
            return _("expected a list"), _("write it as a list: [{value}]").format(
                value=json.dumps(error["input"], ensure_ascii=False)
            )
        return _("expected a list"), _trap_hint(info)
    if kind in ("dict_type", "model_type"):
        return _("expected a mapping of keys and values"), None
    if kind == "literal_error" and field == "version":
        return _("unsupported format version"), _("this livetweet reads version: 1")
    if kind == "string_too_short":
        return _("the value is empty"), None
    return error["msg"], _trap_hint(info)


def _trap_hint(info: NodeInfo) -> str | None:
    """Explain YAML 1.1's typing of unquoted values that were meant as text."""
    if not info.plain or info.raw is None:
        return None
    raw = info.raw
    if info.tag == _TAG + "bool":
        return _('YAML reads {raw} as a yes/no value: write "{raw}" in quotes').format(raw=raw)
    if info.tag == _TAG + "timestamp":
        return _('YAML reads {raw} as a date: write "{raw}" in quotes').format(raw=raw)
    if info.tag in (_TAG + "int", _TAG + "float"):
        return _('YAML reads {raw} as a number: write "{raw}" in quotes').format(raw=raw)
    return None


__all__ = [
    "AgendaError",
    "CheckReport",
    "Problem",
    "check_agenda_bytes",
    "check_agenda_file",
    "load_agenda",
    "read_agenda_bytes",
]
