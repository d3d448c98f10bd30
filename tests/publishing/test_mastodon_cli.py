"""`livetweet post` and `resume` against the fake Mastodon, run as the operator runs
them (subprocesses): a long French text becomes a thread cut to the instance's own
limit, published once, with no secret anywhere."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakemastodon import FakeMastodon
from photofiles import phone_jpeg

from livetweet.publishing import verify_journal
from livetweet.text import count, split_thread

pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parents[2]
LONG_TEXT = " ".join(
    [
        "Le conseil municipal de Villeneuve s'est réuni ce soir dans la salle du conseil de "
        "l'hôtel de ville, sous la présidence de la maire. Trente-trois conseillers étaient "
        "présents ou représentés ; le quorum est atteint et la séance est ouverte à 18 h 30.",
        "Premier point : le budget primitif 2027. L'adjointe aux finances présente un budget "
        "de 48,2 millions d'euros, dont 12,5 millions d'investissement : rénovation "
        "thermique de trois écoles, réfection de la voirie du quartier des Tilleuls et "
        "extension de la médiathèque. Détails : https://www.villeneuve.fr/budget-2027",
        "Le débat a duré près d'une heure. L'opposition a regretté la hausse de la taxe "
        "foncière de 1,5 % et demandé un plan pluriannuel d'investissement plus précis ; "
        "la majorité a répondu que les dotations de l'État baissent pour la troisième année "
        "consécutive et que l'emprunt reste maîtrisé. #CMVilleneuve",
        "Vote : le budget primitif est adopté par 28 voix pour, 3 contre et 2 abstentions. "
        "Prochain point à l'ordre du jour : la convention avec le syndicat intercommunal "
        "des eaux, présentée par le conseiller délégué à l'environnement.",
    ]
)


def livetweet(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        timeout=60,
        check=False,
    )


def write_config(tmp_path: Path, fake: FakeMastodon, extra: str = "") -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(fake.config_yaml(timeout_seconds=2.0, extra=extra), encoding="utf-8")
    config.chmod(0o600)
    return config


def test_post_publishes_a_long_french_text_as_a_thread_cut_to_the_instances_limit(
    tmp_path: Path,
) -> None:
    with FakeMastodon(max_characters=420) as fake:
        config, journal = write_config(tmp_path, fake), tmp_path / "seance.jsonl"
        result = livetweet("post", "--config", str(config), "--journal", str(journal), LONG_TEXT)
        assert result.returncode == 0, result.stderr
        statuses = fake.statuses
    assert len(statuses) >= 3
    assert all(count(s.text, "mastodon", limit=420).fits for s in statuses)
    # with Mastodon's usual 500, some part would have been longer than this instance takes
    assert max(count(p, "mastodon").length for p in split_thread(LONG_TEXT, "mastodon")) > 420
    assert statuses[0].in_reply_to is None
    for previous, status in itertools.pairwise(statuses):
        assert status.in_reply_to == previous.id  # one thread, in order
    lines = result.stdout.splitlines()
    assert [line.split("\t")[1] for line in lines] == [s.id for s in statuses]
    assert "DRY RUN" not in result.stderr
    check = verify_journal(journal)
    assert check.ok
    assert livetweet("audit", "verify", str(journal)).returncode == 0
    for shown in (journal.read_text(encoding="utf-8"), result.stdout, result.stderr):
        assert fake.token not in shown


def test_a_rejected_status_exits_1_with_mastodons_text(tmp_path: Path) -> None:
    with FakeMastodon() as fake:
        config, journal = write_config(tmp_path, fake), tmp_path / "j.jsonl"
        fake.fail_next("422")
        result = livetweet("post", "--config", str(config), "--journal", str(journal), "Essai")
    assert result.returncode == 1
    assert "Text character limit of 500 exceeded" in result.stderr
    assert fake.token not in result.stderr + result.stdout


def test_resume_after_a_rate_limit_publishes_the_rest_once(tmp_path: Path) -> None:
    with FakeMastodon(hang_seconds=2.0) as fake:
        config, journal = write_config(tmp_path, fake), tmp_path / "j.jsonl"
        fake.retry_after_seconds = 2  # post does not wait (--max-wait 0); resume does
        fake.fail_next("429", after=1)
        post = livetweet(
            "post", "--config", str(config), "--journal", str(journal), "--max-wait", "0", LONG_TEXT
        )
        assert post.returncode == 1 and "still queued" in post.stderr
        posted = len(fake.statuses)
        assert posted == 1
        resume = livetweet("resume", "--config", str(config), "--journal", str(journal))
        assert resume.returncode == 0, resume.stderr
        texts = [s.text for s in fake.statuses]
    assert len(texts) == len(set(texts)) >= 3  # the rest, each once
    assert verify_journal(journal).ok


def test_a_photo_s_focus_point_reaches_the_instance_and_the_journal(tmp_path: Path) -> None:
    photo = phone_jpeg(tmp_path / "vote.jpg")
    with FakeMastodon(processing_polls=0) as fake:
        config, journal = write_config(tmp_path, fake), tmp_path / "seance.jsonl"
        result = livetweet(
            "post",
            *("--config", str(config), "--journal", str(journal)),
            *("--media", str(photo), "--alt", "Le vote à main levée", "--focus", "0.5,-0.25"),
            "Vote du budget",
        )
        assert result.returncode == 0, result.stderr
        [media] = fake.media.items.values()
        [status] = fake.statuses
    assert status.media_ids == [media.id]
    assert media.focus == "0.5,-0.25" and media.description == "Le vote à main levée"
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    [queued] = [e for e in entries if e["type"] == "queued"]
    assert queued["media"][0]["focus"] == [0.5, -0.25]
