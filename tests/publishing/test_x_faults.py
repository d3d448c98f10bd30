"""Each way X can fail maps to the FailureKind the outbox acts on, with a message for
the operator that never holds a secret."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fakex import FakeX
from fakex.fixtures import MakeXPublisher

from livetweet.publishing import FailureKind, Outbox, PublishError
from livetweet.publishing.networks.x import XPublisher

from .conftest import FakeClock

pytestmark = pytest.mark.usefixtures("english")


def failing_publish(
    publisher: XPublisher, text: str = "Vote : adopté", reply_to: str | None = None
) -> PublishError:
    with pytest.raises(PublishError) as caught:
        publisher.publish(text, reply_to=reply_to, idempotency_key="k")
    return caught.value


def assert_no_secret(server: FakeX, error: PublishError) -> None:
    creds = server.credentials
    shown = f"{error} {error.message} {error!r}"
    for secret in (
        creds.consumer_key,
        creds.consumer_secret,
        creds.access_token,
        creds.access_token_secret,
    ):
        assert secret not in shown
    assert "OAuth " not in shown and "oauth_signature" not in shown


@pytest.mark.parametrize(
    ("fault", "kind", "status", "words"),
    [
        ("500", FailureKind.SERVER, 500, "X 500"),
        ("503", FailureKind.SERVER, 503, "Service Unavailable"),
        ("401", FailureKind.UNAUTHORIZED, 401, "livetweet auth x"),
        ("402", FailureKind.PAYMENT_REQUIRED, 402, "credit"),
        ("403_duplicate", FailureKind.DUPLICATE, 403, "duplicate content"),
        ("403", FailureKind.FORBIDDEN, 403, "not permitted"),
        ("400", FailureKind.REJECTED, 400, "parameters were invalid"),
    ],
)
def test_http_faults_map_to_failure_kinds(
    fake_x: FakeX,
    make_publisher: MakeXPublisher,
    fault: str,
    kind: FailureKind,
    status: int,
    words: str,
) -> None:
    publisher = make_publisher(fake_x)
    fake_x.fail_next(fault)
    error = failing_publish(publisher)
    assert (error.kind, error.status) == (kind, status)
    assert words in error.message
    assert error.retryable is (kind is FailureKind.SERVER)
    assert_no_secret(fake_x, error)
    assert fake_x.posts == []


def test_rate_limit_with_reset_header_gives_the_reset_time(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    fake_x.fail_next("429")
    error = failing_publish(publisher)
    assert error.kind is FailureKind.RATE_LIMITED and error.status == 429
    assert error.retry_after is not None
    assert time.time() + 50 < error.retry_after < time.time() + 70  # epoch seconds
    assert publisher.quota().remaining == 0
    assert_no_secret(fake_x, error)


def test_rate_limit_without_reset_header_gives_no_retry_after(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    fake_x.fail_next("429_no_reset")
    error = failing_publish(publisher)
    assert error.kind is FailureKind.RATE_LIMITED
    assert error.retry_after is None
    assert "no reset time" in error.message
    assert len(fake_x.requests_log) == 1  # tweepy did not sleep and retry on its own


def test_spent_daily_cap_waits_for_the_24_hour_reset(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    fake_x.fail_next("429_daily")
    error = failing_publish(publisher)
    assert error.kind is FailureKind.RATE_LIMITED and error.retry_after is not None
    assert time.time() + 3500 < error.retry_after < time.time() + 3700
    assert publisher.quota().user_24h_remaining == 0
    assert "24-hour posting cap" in error.message


def test_a_reset_time_already_past_backs_off_instead_of_retrying_every_second(
    fake_x: FakeX, make_publisher: MakeXPublisher, tmp_path: Path
) -> None:
    """The laptop's clock runs ahead of X's: the reset X gives is already past here.
    It says nothing about when X will accept again, so the outbox backs off (60 s,
    doubling) instead of hammering X every second while it still answers 429."""
    fake_x.retry_after_seconds = -30
    publisher = make_publisher(fake_x)
    fake_x.fail_next("429")
    error = failing_publish(publisher)
    assert error.kind is FailureKind.RATE_LIMITED and error.retry_after is None
    assert "clock" in error.message
    fake_x.fail_next("429")
    clock = FakeClock(start=time.time())
    with Outbox.open(tmp_path / "j.jsonl", [publisher], clock=clock) as outbox:
        ref = outbox.submit({"x": ["Vote : adopté"]})[0]
        outbox.process(max_wait=0)
        record = outbox.post(ref)
    assert record.state == "queued" and record.retry_at is not None
    assert record.retry_at >= clock.now() + 40  # not a second later


def test_duplicate_text_is_refused_by_the_fake_like_x(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    publisher.publish("Séance suspendue", reply_to=None, idempotency_key="k1")
    error = failing_publish(publisher, "Séance suspendue")
    assert error.kind is FailureKind.DUPLICATE
    assert len(fake_x.posts) == 1


def test_refused_reply_is_reply_refused(fake_x: FakeX, make_publisher: MakeXPublisher) -> None:
    publisher = make_publisher(fake_x)
    first = publisher.publish("1/2 Budget primitif", reply_to=None, idempotency_key="a")
    fake_x.fail_next("403_reply")
    error = failing_publish(publisher, "2/2 Adopté", reply_to=first.post_id)
    assert error.kind is FailureKind.REPLY_REFUSED and error.status == 403
    assert "Reply to this conversation is not allowed" in error.message
    assert not error.retryable
    # Standalone, the same text goes through: nothing is lost.
    publisher.publish("2/2 Adopté", reply_to=None, idempotency_key="a2")
    assert [p.text for p in fake_x.posts] == ["1/2 Budget primitif", "2/2 Adopté"]


def test_hung_connection_times_out_within_the_configured_timeout(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x, timeout_seconds=0.3)
    fake_x.fail_next("hang")  # the fake would hang 3 s
    started = time.monotonic()
    error = failing_publish(publisher)
    elapsed = time.monotonic() - started
    assert error.kind is FailureKind.TIMEOUT and error.retryable
    assert elapsed < fake_x.hang_seconds  # the client gave up, not the server
    assert "0.3 s" in error.message
    assert_no_secret(fake_x, error)


def test_timeout_after_x_accepted_the_post_is_reconciled(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x, timeout_seconds=0.3)
    fake_x.fail_next("accept_then_hang")
    error = failing_publish(publisher, "Résultat du vote : 28 pour, 3 contre")
    assert error.kind is FailureKind.TIMEOUT  # outcome unknown...
    found = publisher.find_posted("k", "Résultat du vote : 28 pour, 3 contre")
    assert found is not None and found.post_id == fake_x.posts[0].id  # ...until asked


def test_connection_dropped_without_answer_is_an_unknown_outcome(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    fake_x.fail_next("disconnect")
    error = failing_publish(publisher)
    assert error.kind is FailureKind.TIMEOUT  # the request left: never resent blindly


def test_nothing_listening_is_a_connection_error(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    url = fake_x.url
    fake_x.stop()
    publisher = make_publisher(fake_x, api_base_url=url)
    error = failing_publish(publisher)
    assert error.kind is FailureKind.CONNECTION and error.retryable
    assert error.message.startswith("Could not connect to X")


def test_lookup_when_x_is_down_is_retryable(fake_x: FakeX, make_publisher: MakeXPublisher) -> None:
    publisher = make_publisher(fake_x)
    fake_x.fail_next("503", method="GET", path="/2/users/me")
    with pytest.raises(PublishError) as caught:
        publisher.find_posted("k", "texte")
    assert caught.value.kind is FailureKind.SERVER and caught.value.retryable


def test_delete_failure_is_reported(fake_x: FakeX, make_publisher: MakeXPublisher) -> None:
    publisher = make_publisher(fake_x)
    fake_x.fail_next("401", method="DELETE", path="/2/tweets/")
    with pytest.raises(PublishError) as caught:
        publisher.delete("123")
    assert caught.value.kind is FailureKind.UNAUTHORIZED
