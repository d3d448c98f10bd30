"""`livetweet post` never floods an account: a thread longer than allowed, or a
character too long for any post, is refused before anything is queued."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from livetweet.publishing.dryrun import dry_run_outbox_path, read_dry_run_outbox
from livetweet.text import split_thread

ROOT = Path(__file__).resolve().parents[2]
#: About 9,000 characters: more than 25 posts on X.
LONG = " ".join(f"Délibération n° {i} du 15/12 adoptée à l'unanimité." for i in range(1, 180))
ON_X = len(split_thread(LONG, "x"))


def livetweet(*args: str, stdin: str, language: str = "en") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG=f"{language}_FR.UTF-8", COLUMNS="300")
    return subprocess.run(
        [sys.executable, "-m", "livetweet", "post", *args, "-"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def queued(journal: Path) -> list[dict[str, object]]:
    if not journal.exists():
        return []
    entries = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    return [e for e in entries if e.get("kind", e.get("event")) == "queued"]


def published(journal: Path) -> list[dict[str, object]]:
    outbox = dry_run_outbox_path(journal)
    return [r for r in read_dry_run_outbox(outbox) if r["op"] == "post"] if outbox.exists() else []


def test_a_thread_longer_than_max_thread_parts_is_refused(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    result = livetweet("--journal", str(journal), stdin=LONG)
    assert result.returncode == 2, result.stderr
    assert ON_X > 25
    assert f"makes {ON_X} posts on X" in result.stderr and f"--max-parts {ON_X}" in result.stderr
    assert "Traceback" not in result.stderr
    assert published(journal) == [] and queued(journal) == []


def test_the_refusal_speaks_french(tmp_path: Path) -> None:
    result = livetweet("--journal", str(tmp_path / "j.jsonl"), stdin=LONG, language="fr")
    assert result.returncode == 2, result.stderr
    assert f"{ON_X} publications sur X" in result.stderr, result.stderr


def test_max_parts_lets_the_operator_insist(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    too_few = livetweet("--journal", str(journal), "--max-parts", str(ON_X - 1), stdin=LONG)
    assert too_few.returncode == 2 and published(journal) == []
    result = livetweet("--journal", str(journal), "--max-parts", str(ON_X), stdin=LONG)
    assert result.returncode == 0, result.stderr
    x_posts = [p for p in published(journal) if p["network"] == "x"]
    assert len(x_posts) == ON_X
    assert str(x_posts[-1]["text"]).endswith(f" {ON_X}/{ON_X}")


def test_max_parts_must_be_a_positive_number(tmp_path: Path) -> None:
    result = livetweet("--journal", str(tmp_path / "j.jsonl"), "--max-parts", "0", stdin="Un")
    assert result.returncode == 2
    assert "--max-parts" in result.stderr and "1 or more" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_letter_under_thousands_of_accents_is_refused_not_split(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    bomb = "Vote : a" + "\u0301" * 1500 + " adopté."
    result = livetweet("--journal", str(journal), "--max-parts", "1000", stdin=bomb)
    assert result.returncode == 2, result.stderr
    assert "1500 accents" in result.stderr and "X" in result.stderr
    assert "Traceback" not in result.stderr
    assert published(journal) == [] and queued(journal) == []
