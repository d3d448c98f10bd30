"""`livetweet run`: the agenda and the configuration are checked before any screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from livetweet.cli import main


def test_missing_agenda_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["run", str(tmp_path / "absent.yaml")])
    err = capsys.readouterr().err
    assert status == 2
    assert "absent.yaml" in err
    assert "Traceback" not in err


def test_invalid_agenda_lists_its_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\n"
        "session:\n"
        "  id: cm\n"
        "  titel: Conseil\n"  # typo: an unknown key
        "  body: Ville\n"
        "  start: '2026-12-15T18:30:00+01:00'\n",
        encoding="utf-8",
    )
    status = main(["run", str(bad)])
    err = capsys.readouterr().err
    assert status == 1
    assert str(bad) in err.replace("\n", "")
    assert "titel" in err
    assert "Traceback" not in err


def test_bad_configuration_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "livetweet.yaml"
    config.write_text("send_delay_seconds: -3\n", encoding="utf-8")
    agenda = Path(__file__).with_name("agenda.yaml")
    status = main(["run", str(agenda), "--config", str(config)])
    err = capsys.readouterr().err
    assert status == 2
    assert "send_delay_seconds" in err
    assert "Traceback" not in err


def test_rehearsal_and_real_session_keep_separate_journals(tmp_path: Path) -> None:
    from livetweet.agenda import load_agenda
    from livetweet.cli.run import default_journal_path
    from livetweet.config import load_config

    agenda = load_agenda(Path(__file__).with_name("agenda.yaml"))
    rehearsal = load_config(None)  # nothing enabled: a dry run
    live = tmp_path / "live.yaml"
    live.write_text(
        f"journal_dir: {tmp_path}\n"
        "networks:\n  x:\n    enabled: true\n    consumer_key: k\n    consumer_secret: s\n"
        "    access_token: t\n    access_token_secret: u\n",
        encoding="utf-8",
    )
    live.chmod(0o600)
    assert rehearsal.is_dry_run
    assert default_journal_path(rehearsal, agenda).name == "cm-test-2026-12-15.dry-run.jsonl"
    real = load_config(live)
    assert not real.is_dry_run
    assert default_journal_path(real, agenda) == tmp_path / "cm-test-2026-12-15.jsonl"
