"""`livetweet run` skips the full agenda check only for bytes this code already passed,
and then takes the agenda recorded with the pass instead of re-reading the YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from livetweet.agenda.check_cache import KEEP, CheckCache, check_key
from livetweet.cli import main
from livetweet.cli.run import RunError, load_checked_agenda

AGENDA = """\
version: 1
session:
  id: cm-cache
  title: Conseil municipal
  body: Ville de Villeneuve
  start: "2026-12-15T18:30:00+01:00"
items:
  - id: d1
    number: "1"
    title: Budget primitif
    drafts:
      intro: "{draft}"
"""
SHORT = "Le budget primitif est présenté. #CMVilleneuve"
#: 599 characters, too long for every network: only rendering every post sees it.
TOO_LONG = "Le budget " * 60


def write(path: Path, draft: str) -> Path:
    path.write_text(AGENDA.format(draft=draft), encoding="utf-8")
    return path


def test_a_passed_check_is_recorded_for_these_exact_bytes(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path / "cache")
    agenda = write(tmp_path / "odj.yaml", SHORT)
    assert load_checked_agenda(agenda, cache).session.id == "cm-cache"
    assert cache.passed(check_key(agenda.read_bytes()))
    assert not cache.passed(check_key(agenda.read_bytes(), version="0.0.0"))


def test_an_edited_agenda_is_fully_checked_again(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path / "cache")
    agenda = write(tmp_path / "odj.yaml", SHORT)
    load_checked_agenda(agenda, cache)
    write(agenda, TOO_LONG)  # the clerk edits the file after a passed launch
    with pytest.raises(RunError) as raised:
        load_checked_agenda(agenda, cache)
    assert raised.value.status == 1
    assert f"{agenda}:12:" in str(raised.value)
    assert "599" in str(raised.value)
    assert not cache.passed(check_key(agenda.read_bytes()))  # a failure is never recorded


def test_a_relaunch_takes_the_recorded_agenda_without_checking_the_file(tmp_path: Path) -> None:
    """The record is what is trusted: a pass recorded for these bytes (here forged,
    with another file's agenda) is used as is; the file itself is neither read as
    YAML nor rendered."""
    cache = CheckCache(tmp_path / "cache")
    clean = load_checked_agenda(write(tmp_path / "clean.yaml", SHORT), cache)
    agenda = write(tmp_path / "odj.yaml", TOO_LONG)
    cache.remember_pass(check_key(agenda.read_bytes()), clean)
    assert load_checked_agenda(agenda, cache).items[0].drafts["intro"] == SHORT


def test_the_recorded_agenda_is_the_checked_one(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path / "cache")
    agenda = write(tmp_path / "odj.yaml", SHORT)
    first = load_checked_agenda(agenda, cache)  # full check, recorded
    assert load_checked_agenda(agenda, cache) == first  # from the record


def test_a_damaged_record_is_no_pass(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path / "cache")
    agenda = write(tmp_path / "odj.yaml", TOO_LONG)
    key = check_key(agenda.read_bytes())
    (cache.directory).mkdir(parents=True)
    (cache.directory / f"{key}.json").write_text('{"key": "', encoding="utf-8")
    with pytest.raises(RunError, match="599"):
        load_checked_agenda(agenda, cache)


def test_a_record_without_a_valid_agenda_is_no_pass(tmp_path: Path) -> None:
    """An older record (no agenda in it), or one the model no longer accepts: the
    file is fully checked again, and its errors are reported."""
    cache = CheckCache(tmp_path / "cache")
    agenda = tmp_path / "odj.yaml"
    agenda.write_text(AGENDA.format(draft=SHORT).replace("title: Budget", "titel: Budget"))
    key = check_key(agenda.read_bytes())
    cache.directory.mkdir(parents=True)
    record = cache.directory / f"{key}.json"
    for stored in ({}, {"agenda": {"version": 1, "items": "not a list"}}):
        record.write_text(json.dumps({"key": key, "errors": 0, **stored}), encoding="utf-8")
        assert cache.checked_agenda(key) is None
        with pytest.raises(RunError, match="titel"):
            load_checked_agenda(agenda, cache)


def test_run_reports_a_render_error_before_any_screen(tmp_path: Path, capsys) -> None:
    """Through the command, with the user's cache directory (a temporary home in tests)."""
    agenda = write(tmp_path / "odj.yaml", TOO_LONG)
    status = main(["run", str(agenda), "--journal", str(tmp_path / "j.jsonl")])
    err = capsys.readouterr().err
    assert status == 1
    assert "599" in err
    assert "Traceback" not in err
    assert not (tmp_path / "j.jsonl").exists()


def test_the_clerks_clean_check_warms_the_cache_but_a_failed_one_does_not(
    tmp_path: Path,
) -> None:
    good = write(tmp_path / "odj.yaml", SHORT)
    bad = write(tmp_path / "trop-long.yaml", TOO_LONG)
    assert main(["agenda", "check", str(good), str(bad)]) == 1
    cache = CheckCache()  # the user cache directory, isolated by the test fixtures
    assert cache.passed(check_key(good.read_bytes()))
    assert not cache.passed(check_key(bad.read_bytes()))


def test_the_cache_keeps_the_newest_records_only(tmp_path: Path) -> None:
    """A clerk who edits and checks the file many times does not fill the disk."""
    cache = CheckCache(tmp_path / "cache")
    agenda = load_checked_agenda(write(tmp_path / "odj.yaml", SHORT), cache)
    keys = [check_key(f"version {n}".encode()) for n in range(KEEP + 5)]
    for key in keys:
        cache.remember_pass(key, agenda)
    assert len(list(cache.directory.glob("*.json"))) == KEEP
    assert cache.checked_agenda(keys[-1]) == agenda
    assert cache.checked_agenda(keys[0]) is None
