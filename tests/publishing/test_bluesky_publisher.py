"""The real Bluesky publisher (atproto SDK over HTTP) against the fake PDS on 127.0.0.1."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fakepds import KNOWN_HANDLES, FakePDS
from fakepds.fixtures import make_publisher

from livetweet.publishing import FailureKind, Publisher, PublishError
from livetweet.publishing.networks.bluesky_refs import TID_PATTERN, record_key


def strong(ref: dict[str, str]) -> dict[str, str]:
    return {"uri": ref["uri"], "cid": ref["cid"]}


@pytest.fixture
def pds() -> Iterator[FakePDS]:
    with FakePDS(hang_seconds=2.0) as server:
        yield server


def test_a_thread_replies_with_root_and_parent_strong_refs(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    assert isinstance(publisher, Publisher)
    first = publisher.publish("Séance ouverte 1/3", reply_to=None, idempotency_key="s/p1")
    second = publisher.publish("Appel 2/3", reply_to=first.post_id, idempotency_key="s/p2")
    # A new process: nothing remembered, the refs are read back from the PDS.
    later = make_publisher(pds)
    later.publish("Quorum 3/3", reply_to=second.post_id, idempotency_key="s/p3")
    one, two, three = pds.records
    assert first.post_id == one.uri and first.url.endswith(f"/post/{one.rkey}")
    assert "reply" not in one.value
    assert strong(two.value["reply"]["root"]) == strong(two.value["reply"]["parent"])
    assert strong(two.value["reply"]["root"]) == {"uri": one.uri, "cid": one.cid}
    assert strong(three.value["reply"]["root"]) == {"uri": one.uri, "cid": one.cid}
    assert strong(three.value["reply"]["parent"]) == {"uri": two.uri, "cid": two.cid}
    assert all(r.value["langs"] == ["fr"] for r in pds.records)


def test_the_record_key_comes_from_the_idempotency_key(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    published = publisher.publish("Point 4", reply_to=None, idempotency_key="cm/p4")
    [record] = pds.records
    assert record.rkey == record_key("cm/p4", pds.account.did)
    assert TID_PATTERN.match(record.rkey)
    assert published.post_id == f"at://{pds.account.did}/app.bsky.feed.post/{record.rkey}"


def test_find_posted_answers_with_certainty_from_the_key(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    published = publisher.publish("Vote du budget", reply_to=None, idempotency_key="s/p1")
    assert publisher.find_posted("s/p1", "Vote du budget") == published
    assert publisher.find_posted("s/p2", "Autre") is None
    with pytest.raises(LookupError, match="another text"):
        publisher.find_posted("s/p1", "Un autre texte")


def test_mentions_resolve_to_dids_and_unknown_handles_stay_text(
    pds: FakePDS, caplog: pytest.LogCaptureFixture
) -> None:
    publisher = make_publisher(pds)
    with caplog.at_level(logging.WARNING):
        publisher.publish(
            "Rapport de @marie-durand.bsky.social, question de @personne.bsky.social",
            reply_to=None,
            idempotency_key="s/p1",
        )
    [record] = pds.records
    features = [f["features"][0] for f in record.value["facets"]]
    assert [(f["$type"], f["did"]) for f in features] == [
        ("app.bsky.richtext.facet#mention", KNOWN_HANDLES["marie-durand.bsky.social"])
    ]
    assert "@personne.bsky.social could not be resolved" in caplog.text


def test_delete_removes_the_record(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    published = publisher.publish("Erreur", reply_to=None, idempotency_key="s/p1")
    publisher.delete(published.post_id)
    assert pds.records == []
    assert [r.uri for r in pds.state.deleted] == [published.post_id]


def test_replying_to_a_deleted_post_is_refused_before_any_create(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    parent = publisher.publish("Parent", reply_to=None, idempotency_key="s/p1")
    make_publisher(pds).delete(parent.post_id)
    fresh = make_publisher(pds)  # does not remember the parent
    with pytest.raises(PublishError) as caught:
        fresh.publish("Réponse", reply_to=parent.post_id, idempotency_key="s/p2")
    assert caught.value.kind is FailureKind.REPLY_REFUSED
    assert pds.calls_to("com.atproto.repo.createRecord")[-1].body["record"]["text"] == "Parent"


def test_a_reply_to_a_bsky_app_address_or_bare_key(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    parent = publisher.publish("Parent", reply_to=None, idempotency_key="s/p1")
    other = make_publisher(pds)
    other.publish("Par adresse", reply_to=parent.url, idempotency_key="s/p2")
    rkey = parent.post_id.rsplit("/", 1)[1]
    make_publisher(pds).publish("Par clé", reply_to=rkey, idempotency_key="s/p3")
    assert [r.value["reply"]["parent"]["uri"] for r in pds.records[1:]] == [parent.post_id] * 2


def test_quota_follows_the_write_rate_limit_headers(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    assert publisher.quota().remaining is None
    publisher.publish("Un", reply_to=None, idempotency_key="s/p1")
    quota = publisher.quota()
    assert (quota.remaining, quota.limit) == (4999, 5000)
    assert quota.reset_at == float(pds.state.rate_reset)


def test_an_unresolved_mention_comes_back_as_a_warning_for_the_operator(pds: FakePDS) -> None:
    publisher = make_publisher(pds)
    published = publisher.publish(
        "Question de @personne.bsky.social", reply_to=None, idempotency_key="s/p1"
    )
    [warning] = published.warnings
    assert "@personne.bsky.social" in warning
    plain = publisher.publish(
        "Rapport de @marie-durand.bsky.social", reply_to=None, idempotency_key="s/p2"
    )
    assert plain.warnings == ()
