"""The format contract: a journal written before accounts (commit e3dafb8, see
fixtures/make_journal_before_accounts.py) still verifies, shows, reports and
resumes unchanged, its posts belonging to the networks' default accounts.

The expected ``audit show`` table and JSON report were made by that same old
version from that journal.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from livetweet.publishing import Outbox, verify_journal

from .conftest import FakeClock, ScriptedNetwork

FIXTURES = Path(__file__).parent / "fixtures"
NAME = "journal-before-accounts.jsonl"
LAST_HASH = "3d8bed018bf2702f1175b6bfb4069d4ccd820f8f817c7e436f0ee6bc42a3371b"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def old_journal(tmp_path: Path) -> Path:
    """A copy of the old journal (a copy has no high-water mark: it is trusted less)."""
    path = tmp_path / NAME
    shutil.copyfile(FIXTURES / NAME, path)
    path.chmod(0o600)
    return path


def livetweet(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "LIVETWEET_LANGUAGE": "en", "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )


def defaults() -> dict[str, ScriptedNetwork]:
    return {
        "x": ScriptedNetwork("x", account="@VilleDeVilleneuve"),
        "mastodon": ScriptedNetwork("mastodon", account="@villeneuve@social.example"),
    }


def lasting(report: dict[str, Any]) -> dict[str, Any]:
    """The report without what changes with livetweet's version or X's price list."""
    kept = {k: v for k, v in report.items() if k not in ("generator", "prices")}
    kept["networks"] = [{k: v for k, v in n.items() if k != "cost_usd"} for n in kept["networks"]]
    return kept


def contains(new: Any, old: Any) -> bool:
    """Everything ``old`` says, ``new`` says the same (new fields are allowed)."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(
            k in new and contains(new[k], v) for k, v in old.items()
        )
    if isinstance(old, list):
        return isinstance(new, list) and len(new) == len(old) and all(map(contains, new, old))
    return bool(new == old)


def test_it_verifies_with_the_same_last_hash(old_journal: Path) -> None:
    result = livetweet(old_journal.parent, "audit", "verify", NAME, "--expect", LAST_HASH)
    assert result.returncode == 0, result.stderr
    assert LAST_HASH in result.stdout


def test_audit_show_prints_the_same_table(old_journal: Path) -> None:
    result = livetweet(old_journal.parent, "audit", "show", NAME)
    assert result.returncode == 0, result.stderr
    expected = (FIXTURES / "journal-before-accounts.audit-show.txt").read_text(encoding="utf-8")
    assert result.stdout == expected


def test_the_report_says_the_same(old_journal: Path) -> None:
    result = livetweet(old_journal.parent, "report", NAME, "--format", "json", "-o", "r.json")
    assert result.returncode == 0, result.stderr
    new = json.loads((old_journal.parent / "r.json").read_text(encoding="utf-8"))
    old = json.loads((FIXTURES / "journal-before-accounts.report.json").read_text("utf-8"))
    assert contains(lasting(new), lasting(old))


def test_its_posts_belong_to_the_default_accounts_and_it_resumes_in_the_same_threads(
    old_journal: Path,
) -> None:
    accounts = defaults()
    entries = verify_journal(old_journal).entries
    post_ids = {e.get("ref"): e.get("post_id") for e in entries if e.type == "posted"}
    with Outbox.open(old_journal, list(accounts.values()), clock=FakeClock()) as outbox:
        timeline = outbox.timeline()
        assert {(r.network, r.account_id) for r in timeline} == {
            ("x", "x"),
            ("mastodon", "mastodon"),
        }
        left = [r.ref for r in timeline if r.state == "queued"]
        report = outbox.process()
        assert report.posted == left and report.uncertain == report.failed == []
        outbox.submit(
            {"x": ["Reprise du point budget"], "mastodon": ["Reprise"]}, "budget-principal"
        )
        outbox.process()
        states = outbox.network_states()
    assert [p.text for p in accounts["x"].posts] == [
        "Budget annexe de l'assainissement : présentation",
        "Reprise du point budget",
    ]
    # Same threads as before: the new posts reply within the old item threads (X past
    # the deleted post p10 to p7; Mastodon to p8, not to the correction p9).
    assert accounts["x"].posts[1].reply_to == post_ids["p7"]
    assert accounts["mastodon"].posts[1].reply_to == post_ids["p8"]
    assert list(states) == ["x", "mastodon"]
    resumed = [e for e in verify_journal(old_journal).entries if e.type == "session_resumed"]
    assert resumed[-1].get("accounts") == {
        "x": "@VilleDeVilleneuve",
        "mastodon": "@villeneuve@social.example",
    }
    assert resumed[-1].get("account_networks") == {"x": "x", "mastodon": "mastodon"}


def test_after_resuming_the_report_still_names_one_account_per_network(old_journal: Path) -> None:
    with Outbox.open(old_journal, list(defaults().values()), clock=FakeClock()) as outbox:
        outbox.process()
    result = livetweet(old_journal.parent, "report", NAME, "--format", "json", "-o", "r.json")
    assert result.returncode == 0, result.stderr
    report = json.loads((old_journal.parent / "r.json").read_text(encoding="utf-8"))
    assert {n["network"]: n["accounts"] for n in report["networks"]} == {
        "mastodon": ["@villeneuve@social.example"],
        "x": ["@VilleDeVilleneuve"],
    }
