"""The real pipeline (outbox + journal) over the real XPublisher and the fake X:
faults on X never lose nor double a post."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from fakex import FakeX
from fakex.fixtures import MakeXPublisher

from livetweet.publishing import Outbox, RetryPolicy, verify_journal

pytestmark = pytest.mark.usefixtures("english")

FAST = RetryPolicy(base=0.01, factor=2.0, cap=0.05, jitter=0.0)
THREAD = [  # numbered as split_thread numbers them: " i/n" at the end
    "Budget primitif 2027 1/3",
    "Débat : 4 interventions 2/3",
    "Adopté : 28 pour, 5 contre 3/3",
]


def open_outbox(tmp_path: Path, server: FakeX, make: MakeXPublisher, **options: object) -> Outbox:
    publisher = make(server, **options)
    return Outbox.open(tmp_path / "seance.jsonl", [publisher], policy=FAST, thread_mode="none")


def assert_chain(server: FakeX, texts: list[str]) -> None:
    posts = server.posts
    assert [p.text for p in posts] == texts  # each exactly once, in order
    for previous, post in itertools.pairwise(posts):
        assert post.in_reply_to == previous.id


def test_a_timeout_after_x_accepted_is_reconciled_not_resent(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    with open_outbox(tmp_path, fake_x, make_publisher, timeout_seconds=0.3) as outbox:
        outbox.submit({"x": THREAD})
        fake_x.fail_next("accept_then_hang")
        report = outbox.process()
        assert report.failed == [] and report.uncertain == []
        assert [r.state for r in outbox.timeline()] == ["posted"] * 3
    assert_chain(fake_x, THREAD)
    assert verify_journal(tmp_path / "seance.jsonl").ok


def test_server_errors_and_rate_limits_are_retried_until_posted(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    fake_x.retry_after_seconds = 0  # X's reset is now: the outbox waits its minimum
    with open_outbox(tmp_path, fake_x, make_publisher) as outbox:
        outbox.submit({"x": THREAD})
        fake_x.fail_next("503", count=2)
        fake_x.fail_next("429")
        fake_x.fail_next("disconnect")
        outbox.process()
        assert [r.state for r in outbox.timeline()] == ["posted"] * 3
    assert_chain(fake_x, THREAD)


def test_a_refused_reply_waits_for_the_operator_then_goes_standalone(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    with open_outbox(tmp_path, fake_x, make_publisher) as outbox:
        outbox.submit({"x": THREAD})
        fake_x.fail_next("403_reply", after=1)
        report = outbox.process()
        assert len(report.failed) == 1
        [first, second, third] = outbox.timeline()
        assert (first.state, second.state, third.state) == ("posted", "failed", "queued")
        assert second.failure_kind == "reply_refused"
        assert [p.text for p in fake_x.posts] == THREAD[:1]  # part 3 waited
        outbox.convert_thread_to_standalone(second.thread_id)
        outbox.process()
        assert [r.state for r in outbox.timeline()] == ["posted"] * 3
    assert [p.text for p in fake_x.posts] == THREAD  # nothing lost, nothing doubled


def test_a_resend_refused_as_a_duplicate_is_uncertain_not_failed(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    """X took the post without answering; its list of the account's posts lagged, so
    reconciliation said absent; the resend is refused as duplicate content. The post
    is published once, and the operator is asked to check it, not told it failed."""
    text = "La séance est ouverte. #CMVilleneuve"
    with open_outbox(tmp_path, fake_x, make_publisher, timeout_seconds=0.3) as outbox:
        outbox.submit({"x": [text]})
        fake_x.fail_next("accept_then_hang")
        timeline = f"/2/users/{fake_x.credentials.user_id}/tweets"
        fake_x.fail_next("stale_timeline", method="GET", path=timeline)
        report = outbox.process()
        assert report.failed == [] and len(report.uncertain) == 1
        (record,) = outbox.timeline()
        assert record.state == "uncertain"
        assert "copy of a recent post" in (record.reason or "")
        outbox.resolve_uncertain(record.ref, published=True, post_id=fake_x.posts[0].id)
        assert outbox.timeline()[0].state == "posted"
    assert [p.text for p in fake_x.posts] == [text]
    assert verify_journal(tmp_path / "seance.jsonl").ok
