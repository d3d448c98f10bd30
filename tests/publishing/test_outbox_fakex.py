"""The whole pipeline against the fake X API through the real tweepy client.

Outbox + journal (real files, fsync) + XPublisher + tweepy + HTTP on
127.0.0.1; only the clock is fake, so retries never really wait.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from fakex import FakeX
from fakex.fixtures import MakeXPublisher

from livetweet.publishing import Outbox, verify_journal

from .conftest import FakeClock

THREAD = ["1/3 Ouverture de la séance", "2/3 Appel nominal", "3/3 Quorum atteint"]


def open_x(tmp_path: Path, fake: FakeX, make: MakeXPublisher, clock: FakeClock) -> Outbox:
    return Outbox.open(
        tmp_path / "cm.jsonl", [make(fake)], session_id="cm", operator="agent", clock=clock
    )


def assert_chain(fake: FakeX, texts: list[str]) -> None:
    posts = fake.posts
    assert [p.text for p in posts] == texts
    assert posts[0].in_reply_to is None
    for previous, post in itertools.pairwise(posts):
        assert post.in_reply_to == previous.id


def test_a_thread_reaches_x_in_order_and_the_journal_holds_ids(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    with open_x(tmp_path, fake_x, make_publisher, FakeClock()) as outbox:
        refs = outbox.submit({"x": THREAD}, "d1", "intro")
        assert outbox.process().posted == refs
        records = outbox.timeline()
    assert_chain(fake_x, THREAD)
    assert [r.post_id for r in records] == [p.id for p in fake_x.posts]
    posted = [e for e in verify_journal(tmp_path / "cm.jsonl").entries if e.type == "posted"]
    assert [e.get("post_id") for e in posted] == [p.id for p in fake_x.posts]


def test_503_and_a_dropped_connection_are_retried_with_backoff(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    fake_x.fail_next("503")
    fake_x.fail_next("disconnect")
    clock = FakeClock()
    with open_x(tmp_path, fake_x, make_publisher, clock) as outbox:
        outbox.submit({"x": THREAD})
        report = outbox.process()
    assert report.queued == [] and report.failed == []
    assert_chain(fake_x, THREAD)
    assert len(clock.waits) >= 2


def test_429_without_reset_waits_a_minute_not_a_storm(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    fake_x.fail_next("429_no_reset", count=2)
    clock = FakeClock()
    with open_x(tmp_path, fake_x, make_publisher, clock) as outbox:
        outbox.submit({"x": THREAD[:1]})
        outbox.process()
    assert len(clock.waits) == 2 and min(clock.waits) >= 45
    posts_tried = [r for r in fake_x.requests_log if r.method == "POST" and r.path == "/2/tweets"]
    assert len(posts_tried) == 3


def test_a_lost_answer_is_reconciled_from_the_timeline_not_posted_again(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    fake_x.fail_next("accept_then_hang")  # X stored part 1 but the answer never came
    with open_x(tmp_path, fake_x, make_publisher, FakeClock()) as outbox:
        refs = outbox.submit({"x": THREAD})
        report = outbox.process()
        first = outbox.post(refs[0])
    assert report.uncertain == [] and report.queued == []
    assert_chain(fake_x, THREAD)
    assert first.post_id == fake_x.posts[0].id


def test_reply_refused_by_x_continues_as_standalone_posts(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    with open_x(tmp_path, fake_x, make_publisher, FakeClock()) as outbox:
        outbox.submit({"x": ["Point 5 adopté"]}, "d5")
        outbox.process()
        fake_x.fail_next("403_reply")  # the next post is a reply in the item's thread
        refs = outbox.submit({"x": ["Détail du vote", "Explications"]}, "d5")
        report = outbox.process()
        assert report.failed == [refs[0]] and report.queued == [refs[1]]
        failed = outbox.post(refs[0])
        assert failed.failure_kind == "reply_refused"
        assert outbox.convert_thread_to_standalone(failed.thread_id) == refs
        assert outbox.process().posted == refs
    texts = [p.text for p in fake_x.posts]
    assert texts[0] == "Point 5 adopté"
    assert "Détail du vote 1/2" in texts and "Explications 2/2" in texts
    assert all(p.in_reply_to is None for p in fake_x.posts[1:])


def test_bad_credentials_fail_once_with_a_clear_message(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    fake_x.fail_next("401")
    clock = FakeClock()
    with open_x(tmp_path, fake_x, make_publisher, clock) as outbox:
        ref = outbox.submit({"x": THREAD[:1]})[0]
        report = outbox.process()
        reason = outbox.post(ref).reason or ""
    assert report.failed == [ref] and clock.waits == [] and fake_x.posts == []
    assert "credentials" in reason.lower()
