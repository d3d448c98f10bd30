"""SIGKILL `livetweet post --media … --alt …` between its uploads and its post, on
each network (the real clients against the fake X, Mastodon and PDS).

The kill lands after the first or the second photo's upload is journalled, or
just after ``sending``; then `livetweet resume` runs (an uncertain post is marked
as the account shows it, as the CLI asks the operator to). In the end the account
holds the thread exactly once, its first part with both photos and their alt
texts in order, each attached photo one the journal recorded, and the photos
were uploaded once each (plus, at most, one the kill cut off before its entry).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakemastodon import FakeMastodon
from fakepds import FakePDS
from fakepds.fixtures import write_config
from fakex import FakeX
from photofiles import phone_jpeg

from livetweet.publishing import verify_journal
from livetweet.publishing.state import SessionState

from .test_crash import run, start

ITERATIONS = 6
SALLE = "La salle du conseil municipal, vue depuis la tribune du public."
VOTE = "Les élus votent à main levée le budget primitif 2027."
TEXT = "Budget primitif 2027 adopté #CMVilleneuve\n---\nDétail du vote : 27 pour, 6 contre"


@dataclass
class Account:
    """What a follower sees: (post id, text, attached media ids, their alt texts)."""

    config: Path
    posts: Callable[[], list[tuple[str, str, list[str], list[str]]]]
    uploads: Callable[[], int]


@contextmanager
def account(network: str, directory: Path) -> Iterator[Account]:
    config = directory / f"config-{network}.yaml"
    if network == "x":
        with FakeX(latency=0.02, hang_seconds=3.0) as x:
            config.write_text(x.config_yaml(timeout_seconds=2.0), encoding="utf-8")
            config.chmod(0o600)
            items = x.media.items
            yield Account(
                config,
                lambda: [
                    (p.id, p.text, p.media_ids, [items[m].alt_text or "" for m in p.media_ids])
                    for p in x.posts
                ],
                lambda: len(items),
            )
    elif network == "mastodon":
        with FakeMastodon(latency=0.02, hang_seconds=3.0, processing_polls=1) as mastodon:
            config.write_text(mastodon.config_yaml(timeout_seconds=2.0), encoding="utf-8")
            config.chmod(0o600)
            media = mastodon.media.items
            yield Account(
                config,
                lambda: [
                    (s.id, s.text, s.media_ids, [media[m].description or "" for m in s.media_ids])
                    for s in mastodon.statuses
                ],
                lambda: len(media),
            )
    else:
        with FakePDS(latency=0.01, answer_latency=0.05, hang_seconds=3.0) as pds:
            write_config(config, pds)

            def posts() -> list[tuple[str, str, list[str], list[str]]]:
                found = []
                for r in pds.records:
                    images = (r.value.get("embed") or {}).get("images", [])
                    links = [i["image"]["ref"]["$link"] for i in images]
                    found.append((r.uri, r.value["text"], links, [i["alt"] for i in images]))
                return found

            yield Account(
                config,
                posts,
                lambda: sum(c.status == 200 for c in pds.calls_to("com.atproto.repo.uploadBlob")),
            )


def kill_between_upload_and_post(
    proc: subprocess.Popen[bytes], journal: Path, rng: random.Random
) -> None:
    """SIGKILL a moment after the first or second upload was journalled, or after
    ``sending``: the window where an upload exists that no post attaches yet."""
    marker = rng.choice([b'"type":"media_uploaded"'] * 2 + [b'"type":"sending"'])
    wanted = rng.randint(1, 2) if b"media" in marker else 1
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if journal.exists() and journal.read_bytes().count(marker) >= wanted:
            break
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.015))
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=20)


def mark_uncertain(journal: Path, found: Account, env: dict[str, str]) -> None:
    state = SessionState()
    for entry in verify_journal(journal).entries:
        state.apply(entry)
    on_account = {text: post_id for post_id, text, _m, _a in found.posts()}
    for record in state.posts.values():
        if record.state == "uncertain":
            post_id = on_account.get(record.text)
            mark = ["--published", f"{record.ref}={post_id}"] if post_id else []
            mark = mark or ["--not-published", record.ref]
            args = ["resume", "--config", str(found.config), "--journal", str(journal), *mark]
            assert run(args, env).returncode in (0, 1)


def crash_once(network: str, tmp_path: Path, seed: int, env: dict[str, str]) -> bool:
    rng = random.Random(3000 + seed)
    directory = tmp_path / f"{network}-{seed}"
    directory.mkdir()
    salle = phone_jpeg(directory / "salle.jpg")
    vote = phone_jpeg(directory / "vote.jpg", orientation=6)
    journal = directory / "seance.jsonl"
    with account(network, directory) as found:
        common = ["--config", str(found.config), "--journal", str(journal)]
        photos = ["--media", str(salle), "--alt", SALLE, "--media", str(vote), "--alt", VOTE]
        kill_between_upload_and_post(start(["post", *common, *photos, TEXT], env), journal, rng)
        killed_before_post = found.posts() == []
        result = run(["resume", *common], env)
        if result.returncode == 1 and "uncertain" in result.stderr:
            mark_uncertain(journal, found, env)
            result = run(["resume", *common], env)
        assert result.returncode == 0, f"{network} seed {seed}: {result.stderr}"

        entries = verify_journal(journal).entries
        queued = [e for e in entries if e.type == "queued"]
        posts = found.posts()
        assert [p[1] for p in posts] == [e.get("text") for e in queued], f"seed {seed}: doubled"
        assert [p[3] for p in posts] == [[SALLE, VOTE], []], f"seed {seed}: photos"
        journalled = [e for e in entries if e.type == "media_uploaded"]
        if network != "bluesky":  # a blob's id is its content's: the same for a re-upload
            assert set(posts[0][2]) <= {e.get("media_id") for e in journalled}
        assert len(journalled) == 2, f"seed {seed}: an upload was made twice"
        assert found.uploads() <= 3, f"seed {seed}: {found.uploads()} uploads for 2 photos"
    assert verify_journal(journal).ok
    return killed_before_post


@pytest.mark.slow
@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_sigkill_between_upload_and_post_posts_each_photo_once(
    network: str, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    outcomes = [crash_once(network, tmp_path, seed, env) for seed in range(ITERATIONS)]
    assert sum(outcomes) >= ITERATIONS // 2, "the kills missed the uploads"
