"""`livetweet run` skips the full agenda check only for bytes this code already passed,
and then takes the agenda recorded with the pass instead of re-reading the YAML."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
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


def test_run_reports_a_render_error_before_any_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
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


# -- nobody else's record is ever trusted ---------------------------------------------------

CLOSED = AGENDA.replace('drafts:\n      intro: "{draft}"\n', "closed: true\n")


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_under_umask_000_the_app_directories_are_created_private(
    tmp_path: Path, isolated_user_dirs: Path
) -> None:
    agenda = write(tmp_path / "odj.yaml", SHORT)
    assert main(["agenda", "check", str(agenda)]) == 0
    cache = isolated_user_dirs / ".cache"
    for directory in (cache, cache / "livetweet", cache / "livetweet" / "checked-agendas"):
        assert mode(directory) == 0o700, directory
    state = isolated_user_dirs / ".local" / "state" / "livetweet"
    assert mode(state) == 0o700 and mode(state / "check-records.key") == 0o600
    journal = tmp_path / "nouveau" / "journaux" / "j.jsonl"
    assert main(["post", "--journal", str(journal), "Séance ouverte"]) == 0
    assert mode(journal.parent) == mode(journal.parent.parent) == 0o700
    assert main(["post", "Séance ouverte"]) == 0  # the default journal directory
    data = isolated_user_dirs / ".local" / "share"
    for directory in (data, data / "livetweet", data / "livetweet" / "journals"):
        assert mode(directory) == 0o700, directory


def test_a_planted_record_cannot_reopen_a_closed_item(tmp_path: Path) -> None:
    """Another user (or anything but this user's livetweet) writes a record for the
    exact bytes of the agenda, saying its closed item is open: it is never used."""
    cache = CheckCache(tmp_path / "cache")
    agenda = tmp_path / "odj.yaml"
    agenda.write_text(CLOSED, encoding="utf-8")
    key = check_key(agenda.read_bytes())
    opened = load_checked_agenda(agenda, CheckCache(tmp_path / "elsewhere")).model_dump(mode="json")
    assert opened["items"][0]["closed"] is True
    opened["items"][0]["closed"] = False
    cache.remember_pass(check_key(b"another agenda"), load_checked_agenda(agenda))  # a real seal
    genuine = json.loads(next(cache.directory.glob("*.json")).read_text(encoding="utf-8"))
    forgeries = [
        {"key": key, "errors": 0, "agenda": opened},  # the format before seals
        {"key": key, "errors": 0, "agenda": json.dumps(opened)},  # no seal
        {"key": key, "errors": 0, "agenda": json.dumps(opened), "seal": genuine["seal"]},
        {"key": key, "errors": 0, "agenda": json.dumps(opened), "seal": "0" * 64},
        {"key": key, "errors": 0, "agenda": json.dumps(opened), "seal": "é" * 64},
    ]
    for forged in forgeries:
        (cache.directory / f"{key}.json").write_text(json.dumps(forged), encoding="utf-8")
        (cache.directory / f"{key}.json").chmod(0o600)
        assert cache.checked_agenda(key) is None, forged
        assert load_checked_agenda(agenda, cache).items[0].closed is True


def test_a_record_others_can_write_is_not_used(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path / "cache")
    agenda = write(tmp_path / "odj.yaml", SHORT)
    key = check_key(agenda.read_bytes())
    load_checked_agenda(agenda, cache)
    assert cache.checked_agenda(key) is not None
    cache.directory.chmod(0o777)  # anyone could have put it there
    assert cache.checked_agenda(key) is None
    cache.directory.chmod(0o700)
    (cache.directory / f"{key}.json").chmod(0o666)
    assert cache.checked_agenda(key) is None
    load_checked_agenda(agenda, cache)  # a new full check writes a private record again
    assert cache.checked_agenda(key) is not None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_record_or_directory_owned_by_another_user_is_not_used(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path / "cache")
    agenda = write(tmp_path / "odj.yaml", SHORT)
    key = check_key(agenda.read_bytes())
    load_checked_agenda(agenda, cache)
    record = cache.directory / f"{key}.json"
    os.chown(record, 65534, 65534)
    assert cache.checked_agenda(key) is None
    os.chown(record, 0, 0)
    os.chown(cache.directory, 65534, 65534)
    assert cache.checked_agenda(key) is None


def test_a_seal_secret_others_can_read_seals_nothing(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path / "cache")
    agenda = write(tmp_path / "odj.yaml", SHORT)
    key = check_key(agenda.read_bytes())
    load_checked_agenda(agenda, cache)
    cache.seal_key.chmod(0o644)  # whoever read it could forge records
    assert cache.checked_agenda(key) is None
    load_checked_agenda(agenda, cache)  # a fresh secret, and a record sealed with it
    assert mode(cache.seal_key) == 0o600
    assert cache.checked_agenda(key) is not None
