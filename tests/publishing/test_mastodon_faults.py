"""Each way a Mastodon instance can fail maps to the FailureKind the outbox acts on,
with the instance's own words for the operator and never the token."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from fakemastodon import FakeMastodon

from livetweet.publishing import FailureKind, PublishError
from livetweet.publishing.networks.mastodon import MastodonPublisher

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    with FakeMastodon(hang_seconds=3.0) as server:
        yield server


def make(server: FakeMastodon, timeout: float = 2.0, url: str | None = None) -> MastodonPublisher:
    return MastodonPublisher(
        access_token=server.token, api_base_url=url or server.url, timeout_seconds=timeout
    )


def failing(
    publisher: MastodonPublisher, reply_to: str | None = None, text: str = "Vote : adopté"
) -> PublishError:
    with pytest.raises(PublishError) as caught:
        publisher.publish(text, reply_to=reply_to, idempotency_key="cm/p1")
    error = caught.value
    shown = f"{error} {error.message} {error!r}"
    assert "fake-mastodon-token" not in shown and "Bearer" not in shown
    return error


@pytest.mark.parametrize(
    ("fault", "kind", "status", "words"),
    [
        ("401", FailureKind.UNAUTHORIZED, 401, "livetweet auth mastodon"),
        ("403", FailureKind.FORBIDDEN, 403, "not allowed"),
        ("404", FailureKind.REJECTED, 404, "Record not found"),
        ("422", FailureKind.REJECTED, 422, "Text character limit of 500 exceeded"),
        ("500", FailureKind.SERVER, 500, "Mastodon 500"),
        ("503", FailureKind.SERVER, 503, "already in progress"),
    ],
)
def test_http_faults_map_to_failure_kinds(
    fake: FakeMastodon, fault: str, kind: FailureKind, status: int, words: str
) -> None:
    fake.fail_next(fault)
    error = failing(make(fake))
    assert (error.kind, error.status) == (kind, status)
    assert words in error.message
    assert error.retryable is (kind is FailureKind.SERVER)
    assert fake.statuses == []


def test_too_long_for_the_instance_is_rejected_with_mastodons_text(fake: FakeMastodon) -> None:
    error = failing(make(fake), text="é" * 501)
    assert error.kind is FailureKind.REJECTED and error.status == 422
    assert "Validation failed: Text character limit of 500 exceeded" in error.message


def test_reply_to_a_deleted_status_offers_the_standalone_continuation(
    fake: FakeMastodon,
) -> None:
    publisher = make(fake)
    head = publisher.publish("1/2 Budget", reply_to=None, idempotency_key="cm/p1")
    publisher.delete(head.post_id)
    error = failing(publisher, reply_to=head.post_id, text="2/2 Adopté")
    assert error.kind is FailureKind.REPLY_REFUSED and error.status == 404
    assert "no longer exists" in error.message


def test_rate_limit_waits_for_the_iso_reset(fake: FakeMastodon) -> None:
    fake.fail_next("429")
    publisher = make(fake)
    error = failing(publisher)
    assert error.kind is FailureKind.RATE_LIMITED and error.status == 429
    assert error.retry_after is not None
    assert time.time() + 50 < error.retry_after < time.time() + 70  # epoch seconds
    assert publisher.quota().remaining == 0


def test_a_reset_already_past_is_no_reset_at_all(fake: FakeMastodon) -> None:
    fake.fail_next("429_past")
    error = failing(make(fake))
    assert error.kind is FailureKind.RATE_LIMITED and error.retry_after is None


def test_a_hung_request_is_a_timeout_with_unknown_outcome(fake: FakeMastodon) -> None:
    fake.fail_next("hang")
    error = failing(make(fake, timeout=0.4))
    assert error.kind is FailureKind.TIMEOUT and error.retryable
    assert "may or may not be published" in error.message


def test_an_answer_lost_after_the_status_was_stored_is_not_doubled_by_a_retry(
    fake: FakeMastodon,
) -> None:
    publisher = make(fake, timeout=0.4)
    fake.fail_next("accept_then_hang")
    assert failing(publisher).kind is FailureKind.TIMEOUT
    assert len(fake.statuses) == 1  # Mastodon stored it
    again = publisher.publish("Vote : adopté", reply_to=None, idempotency_key="cm/p1")
    assert [s.id for s in fake.statuses] == [again.post_id]  # the same key: the first status


def test_a_concurrent_repeat_of_the_key_is_a_503_then_the_first_status(
    fake: FakeMastodon,
) -> None:
    """The first request is still being created (hangs) when the retry comes: Mastodon
    answers 503; once the first is stored, a retry returns it."""
    from livetweet.publishing.networks.mastodon import status_key

    key = status_key("cm/p1", "Vote : adopté", None)
    assert fake.state.begin(key) is None  # a first request with this key is running
    error = failing(make(fake))
    assert error.kind is FailureKind.SERVER and error.status == 503
    fake.state.create({"status": "Vote : adopté"}, key)
    again = make(fake).publish("Vote : adopté", reply_to=None, idempotency_key="cm/p1")
    assert [s.id for s in fake.statuses] == [again.post_id]


def test_a_dropped_connection_is_an_unknown_outcome(fake: FakeMastodon) -> None:
    fake.fail_next("disconnect")
    assert failing(make(fake)).kind is FailureKind.TIMEOUT


def test_nothing_listening_is_a_connection_error(fake: FakeMastodon) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error = failing(make(fake, url=f"http://127.0.0.1:{port}"))
    assert error.kind is FailureKind.CONNECTION and error.retryable
    assert "127.0.0.1" not in error.message  # no URL (it may carry a query) in the message


def test_lookup_when_the_instance_is_down_is_retryable(fake: FakeMastodon) -> None:
    fake.fail_next("503", method="GET", path="/api/v1/accounts")
    with pytest.raises(PublishError) as caught:
        make(fake).find_posted("cm/p1", "Vote : adopté")
    assert caught.value.kind is FailureKind.SERVER


def test_lookup_with_a_revoked_token_cannot_tell(fake: FakeMastodon) -> None:
    fake.fail_next("401", method="GET", path="/api/v1/accounts")
    with pytest.raises(LookupError, match="token was refused"):
        make(fake).find_posted("cm/p1", "Vote : adopté")


def test_delete_failure_is_reported(fake: FakeMastodon) -> None:
    publisher = make(fake)
    published = publisher.publish("Erreur", reply_to=None, idempotency_key="cm/p1")
    fake.fail_next("403", method="DELETE", path="/api/v1/statuses")
    with pytest.raises(PublishError) as caught:
        publisher.delete(published.post_id)
    assert caught.value.kind is FailureKind.FORBIDDEN
