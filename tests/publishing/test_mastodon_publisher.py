"""The real Mastodon.py client against the fake Mastodon on 127.0.0.1: what the
account ends up holding, and what the publisher tells the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fakemastodon import FakeMastodon

from livetweet.publishing import Publisher, PublishError
from livetweet.publishing.networks.mastodon import MastodonPublisher

pytestmark = pytest.mark.usefixtures("english")

LONG_LINK = "https://www.villeneuve.fr/deliberations/2026/budget-primitif-annexes.pdf"


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    with FakeMastodon(hang_seconds=3.0) as server:
        yield server


def make(server: FakeMastodon, **options: Any) -> MastodonPublisher:
    settings: dict[str, Any] = {
        "access_token": server.token,
        "api_base_url": server.url,
        "account": "@villeneuve@127.0.0.1",
        "timeout_seconds": 2.0,
        **options,
    }
    return MastodonPublisher(**settings)


def test_is_a_publisher_that_posts_with_the_bearer_token(fake: FakeMastodon) -> None:
    publisher = make(fake)
    assert isinstance(publisher, Publisher)
    published = publisher.publish("Séance ouverte à 18 h", reply_to=None, idempotency_key="s/p1")
    [status] = fake.statuses
    assert (status.id, status.text) == (published.post_id, "Séance ouverte à 18 h")
    assert published.url == f"{fake.url}/@villeneuve/{status.id}"
    assert fake.requests_log[-1].authorized


def test_thread_parts_reply_to_the_previous_with_reply_visibility_and_language(
    fake: FakeMastodon,
) -> None:
    publisher = make(fake, visibility="public", reply_visibility="unlisted", language="fr")
    first = publisher.publish("1/2 Budget", reply_to=None, idempotency_key="s/p1")
    publisher.publish("2/2 Adopté", reply_to=first.post_id, idempotency_key="s/p2")
    head, reply = fake.statuses
    assert (head.in_reply_to, head.visibility, head.language) == (None, "public", "fr")
    assert (reply.in_reply_to, reply.visibility, reply.language) == (head.id, "unlisted", "fr")


def test_every_status_carries_an_idempotency_key_stable_across_retries(
    fake: FakeMastodon,
) -> None:
    publisher = make(fake)
    publisher.publish("Vote : adopté", reply_to=None, idempotency_key="cm/p3")
    again = make(fake).publish("Vote : adopté", reply_to=None, idempotency_key="cm/p3")
    keys = [r.headers.get("Idempotency-Key") for r in fake.requests_log]
    assert keys[0] and keys[0] == keys[1]
    assert len(fake.statuses) == 1 and again.post_id == fake.statuses[0].id  # not doubled


def test_different_posts_never_share_a_key_even_with_the_same_journal_key(
    fake: FakeMastodon,
) -> None:
    """Two journals reusing a session id within Mastodon's hour: different texts are
    different posts, not the first one returned again."""
    publisher = make(fake)
    publisher.publish("Point 1 : adopté", reply_to=None, idempotency_key="cm/p1")
    publisher.publish("Point 1 : rejeté", reply_to=None, idempotency_key="cm/p1")
    assert [s.text for s in fake.statuses] == ["Point 1 : adopté", "Point 1 : rejeté"]


def test_find_posted_reads_through_mastodons_html(fake: FakeMastodon) -> None:
    text = f"Budget & annexes :\n{LONG_LINK}\n\nMerci @greffe@autre.social"
    published = make(fake).publish(text, reply_to=None, idempotency_key="s/p1")
    listed = fake.statuses[0].as_api(fake.url, fake.username, fake.account_id)["content"]
    assert '<span class="invisible">' in listed and "&amp;" in listed  # HTML, as Mastodon
    fresh = make(fake)  # after a crash: a new process knows nothing of the post
    assert fresh.find_posted("s/p1", text) == published
    assert fresh.find_posted("s/p2", "Budget & annexes") is None


def test_find_posted_matches_the_status_replied_to(fake: FakeMastodon) -> None:
    publisher = make(fake, timeout_seconds=0.5)
    head = publisher.publish("Ouverture", reply_to=None, idempotency_key="s/p1")
    publisher.publish("Suite", reply_to=None, idempotency_key="s/p9")  # another post
    fake.fail_next("hang")  # the reply "Suite" never reaches the account
    with pytest.raises(PublishError):
        publisher.publish("Suite", reply_to=head.post_id, idempotency_key="s/p2")
    assert publisher.find_posted("s/p2", "Suite") is None  # not the standalone one


def test_find_posted_ignores_statuses_older_than_the_window(fake: FakeMastodon) -> None:
    make(fake).publish("Séance ouverte", reply_to=None, idempotency_key="old/p1")
    fake.age_statuses(2 * 24 * 3600)
    assert make(fake).find_posted("new/p1", "Séance ouverte") is None


def test_delete_removes_the_status_and_a_repeat_is_harmless(fake: FakeMastodon) -> None:
    publisher = make(fake)
    published = publisher.publish("Erreur", reply_to=None, idempotency_key="s/p1")
    publisher.delete(published.post_id)
    publisher.delete(published.post_id)  # a retry after a lost answer: already gone
    assert fake.statuses == [] and [s.id for s in fake.deleted] == [published.post_id]


def test_quota_follows_the_rate_limit_headers(fake: FakeMastodon) -> None:
    publisher = make(fake)
    publisher.publish("Un", reply_to=None, idempotency_key="s/p1")
    quota = publisher.quota()
    assert (quota.remaining, quota.limit) == (299, 300)
    assert quota.reset_at == pytest.approx(fake.state.rate_reset, abs=1.0)  # ISO parsed


def test_whoami_tells_which_account_the_token_posts_as(fake: FakeMastodon) -> None:
    assert make(fake).whoami() == "@villeneuve"


def test_repr_and_errors_show_no_token(fake: FakeMastodon) -> None:
    publisher = make(fake)
    assert fake.token not in repr(publisher)
    fake.fail_next("401")
    with pytest.raises(PublishError) as caught:
        publisher.publish("x", reply_to=None, idempotency_key="k")
    assert fake.token not in f"{caught.value} {caught.value!r}"


def test_edit_in_place_keeps_the_id_and_the_history(fake: FakeMastodon) -> None:
    publisher = make(fake)
    published = publisher.publish("Adopté : 28 pour", reply_to=None, idempotency_key="s/p1")
    edited = publisher.edit(published.post_id, "Adopté : 29 pour")
    [status] = fake.statuses
    assert edited.post_id == published.post_id == status.id
    assert (status.text, status.history) == ("Adopté : 29 pour", ["Adopté : 28 pour"])
