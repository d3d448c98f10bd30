"""The fake X API also runs as its own process (for the crash test): posts persist."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import requests
from fakex import FakeCredentials

from livetweet.publishing import FailureKind, PublishError
from livetweet.publishing.networks.x import XPublisher

ROOT = Path(__file__).resolve().parents[2]


def test_fake_x_as_a_process_persists_posts(tmp_path: Path) -> None:
    state = tmp_path / "fakex.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakex", "--port", "0", "--state", str(state)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        creds = FakeCredentials()
        publisher = XPublisher(
            consumer_key=creds.consumer_key,
            consumer_secret=creds.consumer_secret,
            access_token=creds.access_token,
            access_token_secret=creds.access_token_secret,
            api_base_url=url,
            timeout_seconds=5,
        )
        first = publisher.publish("1/2 Ouverture", reply_to=None, idempotency_key="a")
        requests.post(f"{url}/_fake/fail", json={"kind": "503"}, timeout=5)
        try:
            publisher.publish("2/2 Appel", reply_to=first.post_id, idempotency_key="b")
        except PublishError as error:
            assert error.kind is FailureKind.SERVER
        second = publisher.publish("2/2 Appel", reply_to=first.post_id, idempotency_key="b")
        listed = requests.get(f"{url}/_fake/posts", timeout=5).json()["posts"]
        assert [p["id"] for p in listed] == [first.post_id, second.post_id]
    finally:
        process.kill()
        process.wait(timeout=10)
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert [(p["text"], p["in_reply_to"]) for p in saved["posts"]] == [
        ("1/2 Ouverture", None),
        ("2/2 Appel", first.post_id),
    ]
