"""Faults of a Bluesky PDS, as the outbox needs to see them, and exactly-once by key."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from fakepds import FakePDS
from fakepds.fixtures import make_publisher

from livetweet.publishing import FailureKind, PublishError

CREATE = "com.atproto.repo.createRecord"


@pytest.fixture
def pds() -> Iterator[FakePDS]:
    with FakePDS(hang_seconds=2.0) as server:
        yield server


def failure(pds: FakePDS, kind: str, nsid: str = CREATE) -> PublishError:
    publisher = make_publisher(pds)
    publisher.find_posted("warm/up", "x")  # log in first: the fault hits the create
    pds.fail_next(kind, nsid=nsid)
    with pytest.raises(PublishError) as caught:
        publisher.publish("Délibération n° 12", reply_to=None, idempotency_key="s/p1")
    return caught.value


def test_400_is_rejected_with_the_pds_message(pds: FakePDS) -> None:
    error = failure(pds, "400")
    assert error.kind is FailureKind.REJECTED and error.status == 400
    assert "InvalidRequest: Input/text is malformed" in error.message


def test_a_too_long_text_is_rejected_with_the_pds_message(pds: FakePDS) -> None:
    with pytest.raises(PublishError) as caught:
        make_publisher(pds).publish("é" * 301, reply_to=None, idempotency_key="s/p1")
    assert caught.value.kind is FailureKind.REJECTED
    assert "InvalidRecord" in caught.value.message and "300 graphemes" in caught.value.message


def test_429_waits_for_ratelimit_reset(pds: FakePDS) -> None:
    error = failure(pds, "429")
    assert error.kind is FailureKind.RATE_LIMITED
    assert error.retry_after is not None
    assert error.retry_after == pytest.approx(time.time() + pds.retry_after_seconds, abs=5)


@pytest.mark.parametrize("kind", ["500", "502", "503"])
def test_5xx_is_a_server_error(pds: FakePDS, kind: str) -> None:
    error = failure(pds, kind)
    assert (error.kind, error.status) == (FailureKind.SERVER, int(kind))
    assert error.retryable


def test_a_hung_request_is_a_timeout_with_unknown_outcome(pds: FakePDS) -> None:
    error = failure(pds, "hang")
    assert error.kind is FailureKind.TIMEOUT
    assert "may or may not be published" in error.message


def test_a_lost_answer_is_found_by_its_key_and_a_repeat_creates_nothing(pds: FakePDS) -> None:
    error = failure(pds, "lost_answer")
    assert error.kind is FailureKind.TIMEOUT
    [stored] = pds.records  # the PDS did create it
    publisher = make_publisher(pds)
    found = publisher.find_posted("s/p1", "Délibération n° 12")
    assert found is not None and found.post_id == stored.uri
    # Sending again with the same key meets the record (HTTP 500), reads it back: one post.
    again = publisher.publish("Délibération n° 12", reply_to=None, idempotency_key="s/p1")
    assert again.post_id == stored.uri
    assert len(pds.records) == 1
    assert [c.status for c in pds.calls_to(CREATE)] == [200, 500]


def test_a_repeat_after_an_answer_lost_mid_thread_keeps_the_chain(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    first = publisher.publish("1/2 Ouverture", reply_to=None, idempotency_key="s/p1")
    pds.fail_next("accept_then_hang", nsid=CREATE)
    with pytest.raises(PublishError):
        publisher.publish("2/2 Appel", reply_to=first.post_id, idempotency_key="s/p2")
    second = make_publisher(pds).publish(
        "2/2 Appel", reply_to=first.post_id, idempotency_key="s/p2"
    )
    assert [r.value["text"] for r in pds.records] == ["1/2 Ouverture", "2/2 Appel"]
    assert pds.records[1].uri == second.post_id


def test_a_key_holding_another_text_is_refused_not_counted_as_posted(pds: FakePDS) -> None:
    make_publisher(pds).publish("Texte A", reply_to=None, idempotency_key="s/p1")
    with pytest.raises(PublishError) as caught:
        make_publisher(pds).publish("Texte B", reply_to=None, idempotency_key="s/p1")
    assert caught.value.kind is FailureKind.REJECTED
    assert "already holds another text" in caught.value.message
    assert [r.value["text"] for r in pds.records] == ["Texte A"]


def test_an_expired_access_token_is_refreshed_without_a_new_login(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    publisher.publish("Un", reply_to=None, idempotency_key="s/p1")
    pds.fail_next("expire_token", nsid=CREATE)
    publisher.publish("Deux", reply_to=None, idempotency_key="s/p2")
    assert len(pds.records) == 2
    assert (pds.state.logins, pds.state.refreshes) == (1, 1)


def test_a_revoked_session_gets_one_fresh_login(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    publisher.publish("Un", reply_to=None, idempotency_key="s/p1")
    pds.fail_next("revoke_session", nsid=CREATE)
    publisher.publish("Deux", reply_to=None, idempotency_key="s/p2")
    assert len(pds.records) == 2
    assert pds.state.logins == 2


def test_a_wrong_app_password_says_what_to_do_and_is_not_tried_again(pds: FakePDS) -> None:
    publisher = make_publisher(pds, app_password="wxyz-wxyz-wxyz-wxyz")
    for key in ("s/p1", "s/p2"):
        with pytest.raises(PublishError) as caught:
            publisher.publish("Un", reply_to=None, idempotency_key=key)
        assert caught.value.kind is FailureKind.UNAUTHORIZED
        assert "App passwords" in caught.value.message
        assert "livetweet auth bluesky" in caught.value.message
        assert "wxyz" not in caught.value.message
    assert pds.state.logins == 1  # createSession is rate-limited: never hammered


def test_nothing_listening_is_a_connection_failure(pds: FakePDS) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    publisher = make_publisher(pds, api_base_url=f"http://127.0.0.1:{port}")
    with pytest.raises(PublishError) as caught:
        publisher.publish("Un", reply_to=None, idempotency_key="s/p1")
    assert caught.value.kind is FailureKind.CONNECTION


def test_a_rate_limited_login_waits_for_the_reset_and_posts_nothing(pds: FakePDS) -> None:
    pds.fail_next("429", nsid="com.atproto.server.createSession")
    with pytest.raises(PublishError) as caught:
        make_publisher(pds).publish("Un", reply_to=None, idempotency_key="s/p1")
    assert caught.value.kind is FailureKind.RATE_LIMITED
    assert caught.value.retry_after is not None
    assert pds.calls_to(CREATE) == []


def test_a_login_that_times_out_cannot_have_posted(pds: FakePDS) -> None:
    pds.fail_next("hang", nsid="com.atproto.server.createSession")
    with pytest.raises(PublishError) as caught:
        make_publisher(pds).publish("Un", reply_to=None, idempotency_key="s/p1")
    assert caught.value.kind is FailureKind.CONNECTION  # no reconciliation needed
    assert pds.calls_to(CREATE) == []
