"""`livetweet audit show --account ID`, and the account column when two accounts
share a network (run as the operator runs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from livetweet.publishing import Outbox

from .conftest import FakeClock, ScriptedNetwork

ROOT = Path(__file__).resolve().parents[2]
OLD = Path(__file__).parent / "fixtures" / "journal-before-accounts.jsonl"


def livetweet(*args: str, language: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "LIVETWEET_LANGUAGE": language},
        timeout=60,
        check=False,
    )


def three_account_journal(path: Path) -> Path:
    publishers = [
        ScriptedNetwork("x", account="@Ville"),
        ScriptedNetwork("mastodon", account="@ville@social.example"),
        ScriptedNetwork("mastodon", account="@VilleMobilite@mob.example", account_id="mobilite"),
    ]
    with Outbox.open(path, publishers, session_id="cm", clock=FakeClock()) as outbox:
        outbox.submit({"x": ["Pour tous"], "mastodon": ["Pour tous"], "mobilite": ["Pour tous"]})
        outbox.submit({"mobilite": ["Piste cyclable rue Carnot"]})
        outbox.process()
    return path


def rows(table: str) -> list[list[str]]:
    """The table's data rows, as lists of cells (the first line of each row)."""
    return [
        [cell.strip() for cell in line.split("│")[1:-1]]
        for line in table.splitlines()
        if line.startswith("│") and line.split("│")[1].strip()
    ]


def test_show_account_keeps_only_that_accounts_posts(tmp_path: Path) -> None:
    journal = three_account_journal(tmp_path / "cm.jsonl")
    result = livetweet("audit", "show", str(journal), "--account", "mobilite")
    assert result.returncode == 0, result.stderr
    shown = rows(result.stdout)
    assert {row[3] for row in shown} == {"queued", "sending", "posted"}
    assert {row[5] for row in shown} == {"mobilite"}  # the account column
    assert sum(row[3] == "posted" for row in shown) == 2
    assert "Piste cyclable" in result.stdout


def test_show_names_the_account_of_each_post_when_two_share_a_network(tmp_path: Path) -> None:
    journal = three_account_journal(tmp_path / "cm.jsonl")
    result = livetweet("audit", "show", str(journal), "--type", "posted")
    assert result.returncode == 0, result.stderr
    assert "account" in result.stdout.splitlines()[2]  # the header
    assert [(row[4], row[5]) for row in rows(result.stdout)] == [
        ("x", "x"),
        ("mastodon", "mastodon"),
        ("mastodon", "mobilite"),
        ("mastodon", "mobilite"),
    ]


def test_an_old_journal_filters_by_its_networks_default_accounts(tmp_path: Path) -> None:
    journal = tmp_path / OLD.name
    shutil.copyfile(OLD, journal)
    result = livetweet("audit", "show", str(journal), "--account", "mastodon")
    assert result.returncode == 0, result.stderr
    assert {row[4] for row in rows(result.stdout)} == {"mastodon"}
    assert "account" not in result.stdout.splitlines()[2]  # one account per network


def test_an_unknown_account_is_named_in_french_with_the_journals_accounts(
    tmp_path: Path,
) -> None:
    journal = three_account_journal(tmp_path / "cm.jsonl")
    result = livetweet("audit", "show", str(journal), "--account", "culture", language="fr")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "aucun compte culture dans ce journal" in result.stderr
    assert "(ses comptes : mastodon, mobilite, x)" in result.stderr
    assert result.stdout == ""
