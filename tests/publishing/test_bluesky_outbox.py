"""The real pipeline (outbox + journal) over the real Bluesky publisher and the fake PDS:
faults never lose nor double a post, and delete and correct work on Bluesky."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakepds import FakePDS
from fakepds.fixtures import make_publisher

from livetweet.publishing import Outbox, RetryPolicy, verify_journal

pytestmark = pytest.mark.usefixtures("english")

CREATE = "com.atproto.repo.createRecord"
FAST = RetryPolicy(base=0.01, factor=2.0, cap=0.05, jitter=0.0)
THREAD = [
    "1/3 Budget primitif 2027 #CMVilleneuve",
    "2/3 Débat : 4 interventions",
    "3/3 Adopté : 28 pour, 5 contre",
]


@pytest.fixture
def pds() -> Iterator[FakePDS]:
    with FakePDS(hang_seconds=1.0) as server:
        yield server


def open_outbox(tmp_path: Path, pds: FakePDS, **options: object) -> Outbox:
    publisher = make_publisher(pds, **options)
    return Outbox.open(tmp_path / "seance.jsonl", [publisher], policy=FAST, thread_mode="none")


def assert_chain(pds: FakePDS, texts: list[str]) -> None:
    records = pds.records
    assert [r.value["text"] for r in records] == texts  # each exactly once, in order
    for parent, child in itertools.pairwise(records):
        assert child.value["reply"]["parent"]["uri"] == parent.uri
        assert child.value["reply"]["root"]["uri"] == records[0].uri


@pytest.mark.parametrize("fault", ["lost_answer", "accept_then_hang", "500"])
def test_an_unknown_outcome_is_settled_by_the_record_key_never_doubled(
    tmp_path: Path, pds: FakePDS, fault: str
) -> None:
    with open_outbox(tmp_path, pds, timeout_seconds=0.5) as outbox:
        outbox.submit({"bluesky": THREAD})
        pds.fail_next(fault, nsid=CREATE)
        report = outbox.process()
        assert report.failed == [] and report.uncertain == []
        assert [r.state for r in outbox.timeline()] == ["posted"] * 3
    assert_chain(pds, THREAD)
    assert verify_journal(tmp_path / "seance.jsonl").ok


def test_server_errors_rate_limits_and_expired_tokens_are_retried_until_posted(
    tmp_path: Path, pds: FakePDS
) -> None:
    pds.retry_after_seconds = 0
    with open_outbox(tmp_path, pds) as outbox:
        outbox.submit({"bluesky": THREAD})
        pds.fail_next("503", nsid=CREATE, count=2)
        pds.fail_next("429", nsid=CREATE)
        pds.fail_next("expire_token", nsid=CREATE)
        pds.fail_next("hang", nsid=CREATE)
        report = outbox.process(max_wait=30)
        assert report.failed == [] and report.uncertain == []
    assert_chain(pds, THREAD)
    assert pds.state.logins == 1


def test_a_rejected_post_fails_with_the_pds_message_and_the_rest_waits(
    tmp_path: Path, pds: FakePDS
) -> None:
    with open_outbox(tmp_path, pds) as outbox:
        outbox.submit({"bluesky": THREAD})
        pds.fail_next("400", nsid=CREATE)
        report = outbox.process()
        assert len(report.failed) == 1 and len(report.queued) == 2
        [first, *_rest] = outbox.timeline()
        assert first.state == "failed" and "Input/text is malformed" in (first.reason or "")
    assert pds.records == []


def test_delete_and_correct_on_bluesky(tmp_path: Path, pds: FakePDS) -> None:
    with open_outbox(tmp_path, pds) as outbox:
        [ref] = outbox.submit({"bluesky": ["Adopté : 82 pour"]})
        outbox.process()
        [correction] = outbox.post_correction(ref, "Rectificatif : 28 pour")
        outbox.process()
        wrong, fixed = pds.records
        assert fixed.value["reply"]["parent"]["uri"] == wrong.uri
        outbox.delete(ref)
        assert outbox.post(ref).state == "deleted"
        assert outbox.post(correction).state == "posted"
    assert [r.value["text"] for r in pds.records] == ["Rectificatif : 28 pour"]
    types = [e.type for e in verify_journal(tmp_path / "seance.jsonl").entries]
    assert "corrected" in types and "deleted" in types
