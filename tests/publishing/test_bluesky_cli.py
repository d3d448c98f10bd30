"""`livetweet post` and `resume` with Bluesky enabled, as processes, against the fake PDS."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakepds import FakePDS
from fakepds.fixtures import write_config

from livetweet.text import split_thread

ROOT = Path(__file__).resolve().parents[2]
LONG_TEXT = (
    "Conseil municipal de Villeneuve, séance du 15 décembre 2026 🎉 : l'ordre du jour "
    "complet est en ligne sur https://www.villeneuve.fr/conseil/séance-du-15-décembre "
    "et la retransmission commence à 18 h 30. #CMVilleneuve\n\n"
    "Point 1 — Approbation du procès-verbal de la séance précédente : adopté à "
    "l'unanimité des suffrages exprimés, après une remarque de Mme Durand sur la "
    "rédaction du point consacré au budget annexe de l'eau. #Budget2027\n\n"
    "Point 2 — Rapport d'orientation budgétaire : présentation par l'adjointe aux "
    "finances, débat de quarante minutes, les documents sont consultables sur "
    "villeneuve.fr/rob-2027 ; vote prévu lors de la prochaine séance. #CMVilleneuve #ROB"
)


@pytest.fixture
def pds() -> Iterator[FakePDS]:
    with FakePDS(hang_seconds=2.0) as server:
        yield server


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    # No system keyring in a test: the session goes to the (temporary) state directory.
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def test_post_publishes_a_long_french_text_as_a_thread_with_facets(
    pds: FakePDS, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.yaml", pds)
    journal = tmp_path / "seance.jsonl"
    result = run(["post", "--config", str(config), "--journal", str(journal), LONG_TEXT])
    assert result.returncode == 0, result.stderr
    parts = split_thread(LONG_TEXT, "bluesky")
    assert len(parts) >= 3
    records = pds.records
    assert [r.value["text"] for r in records] == parts
    assert result.stdout.splitlines() == [
        f"bluesky\t{r.uri}\thttps://bsky.app/profile/{pds.account.handle}/post/{r.rkey}"
        for r in records
    ]
    root = {"uri": records[0].uri, "cid": records[0].cid}
    for parent, child in itertools.pairwise(records):
        reply = child.value["reply"]
        assert {"uri": reply["root"]["uri"], "cid": reply["root"]["cid"]} == root
        assert (reply["parent"]["uri"], reply["parent"]["cid"]) == (parent.uri, parent.cid)
    linked, tagged = [], []
    for record in records:
        assert record.value["langs"] == ["fr"]
        raw = record.value["text"].encode("utf-8")
        for facet in record.value.get("facets", []):
            piece = raw[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode()
            feature = facet["features"][0]
            if feature["$type"].endswith("#link"):
                linked.append((piece, feature["uri"]))
            else:
                tagged.append((piece, feature["tag"]))
    assert linked == [
        (
            "https://www.villeneuve.fr/conseil/séance-du-15-décembre",
            "https://www.villeneuve.fr/conseil/séance-du-15-décembre",
        ),
        ("villeneuve.fr/rob-2027", "https://villeneuve.fr/rob-2027"),
    ]
    assert tagged == [
        ("#CMVilleneuve", "CMVilleneuve"),
        ("#Budget2027", "Budget2027"),
        ("#CMVilleneuve", "CMVilleneuve"),
        ("#ROB", "ROB"),
    ]
    # No secret anywhere: not the app password, not a token of the session.
    secrets = [pds.account.app_password, *pds.state.access_tokens, *pds.state.refresh_tokens]
    written = journal.read_text(encoding="utf-8") + result.stdout + result.stderr
    assert not any(secret in written for secret in secrets)
    assert run(["audit", "verify", str(journal)]).returncode == 0


def test_a_second_launch_logs_in_no_more_and_a_refused_password_is_a_clear_failure(
    pds: FakePDS, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.yaml", pds)
    for n in (1, 2):
        args = ["--config", str(config), "--journal", str(tmp_path / f"j{n}.jsonl")]
        assert run(["post", *args, f"Essai {n}"]).returncode == 0
    assert pds.state.logins == 1  # the second launch reused the stored session
    bad = tmp_path / "bad.yaml"
    # Another account (no stored session for it) with a wrong app password.
    text = pds.config_yaml().replace(f'"@{pds.account.handle}"', '"@autre.bsky.social"')
    bad.write_text(text.replace(pds.account.app_password, "zzzz-zzzz-zzzz-zzzz"), encoding="utf-8")
    bad.chmod(0o600)
    result = run(["post", "--config", str(bad), "--journal", str(tmp_path / "bad.jsonl"), "Essai"])
    assert result.returncode == 1
    assert "App passwords" in result.stderr and "livetweet auth bluesky" in result.stderr
    assert "zzzz-zzzz" not in result.stderr + result.stdout


def test_post_says_when_a_mention_stays_plain_text(pds: FakePDS, tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.yaml", pds)
    journal = tmp_path / "seance.jsonl"
    text = "Question de @personne.bsky.social sur le budget"
    result = run(["post", "--config", str(config), "--journal", str(journal), text])
    assert result.returncode == 0, result.stderr
    assert "@personne.bsky.social" in result.stderr  # not only in a log nobody reads
    assert "@personne.bsky.social" not in result.stdout
    [record] = pds.records
    assert "facets" not in record.value
    from livetweet.publishing import verify_journal

    [posted] = [e for e in verify_journal(journal).entries if e.type == "posted"]
    assert "personne.bsky.social" in posted.get("warnings")[0]
