"""XPublisher through the real tweepy client against the fake X API on 127.0.0.1."""

from __future__ import annotations

import time

import pytest
from fakex import FakeX
from fakex.fixtures import MakeXPublisher

from livetweet.publishing import Publisher, Quota

pytestmark = pytest.mark.usefixtures("english")


def test_posts_through_api_base_url_with_a_valid_oauth_signature(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    assert isinstance(publisher, Publisher)
    published = publisher.publish(
        "Point 3 adopté à l'unanimité #CMVilleneuve", reply_to=None, idempotency_key="k1"
    )
    [post] = fake_x.posts
    assert post.text == "Point 3 adopté à l'unanimité #CMVilleneuve"
    assert published.post_id == post.id
    assert published.url == f"https://x.com/VilleDeVilleneuve/status/{post.id}"
    [request] = fake_x.requests_log
    assert request.authorized  # the signature matches the URL actually called


def test_thread_parts_reply_to_the_previous_part(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    first = publisher.publish("1/3 Ouverture de la séance", reply_to=None, idempotency_key="a")
    second = publisher.publish("2/3 Appel nominal", reply_to=first.post_id, idempotency_key="b")
    third = publisher.publish("3/3 Quorum atteint", reply_to=second.post_id, idempotency_key="c")
    chain = [(p.id, p.in_reply_to) for p in fake_x.posts]
    assert chain == [
        (first.post_id, None),
        (second.post_id, first.post_id),
        (third.post_id, second.post_id),
    ]


def test_url_without_account_uses_the_generic_status_link(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x, account=None)
    published = publisher.publish("Séance ouverte", reply_to=None, idempotency_key="k")
    assert published.url == f"https://x.com/i/web/status/{published.post_id}"


def test_delete_removes_the_post(fake_x: FakeX, make_publisher: MakeXPublisher) -> None:
    publisher = make_publisher(fake_x)
    published = publisher.publish("Coquille : 28 pour", reply_to=None, idempotency_key="k")
    publisher.delete(published.post_id)
    assert fake_x.posts == []
    assert [p.id for p in fake_x.deleted] == [published.post_id]


def test_quota_follows_the_rate_limit_headers(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    assert publisher.quota() == Quota()
    fake_x.set_rate_limit(remaining=50, reset_in=600)
    publisher.publish("Premier", reply_to=None, idempotency_key="k1")
    quota = publisher.quota()
    assert (quota.limit, quota.remaining) == (200, 49)
    assert quota.reset_at is not None and quota.reset_at > time.time() + 500
    assert (quota.user_24h_limit, quota.user_24h_remaining) == (1000, 999)
    publisher.publish("Second", reply_to=None, idempotency_key="k2")
    assert publisher.quota().remaining == 48


def test_find_posted_finds_a_post_that_left_before_a_crash(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    before = make_publisher(fake_x)
    text = "Délibération 2026-114 & budget : adoptée https://villeneuve.example/d114"
    sent = before.publish(text, reply_to=None, idempotency_key="k")
    after = make_publisher(fake_x)  # a new process after the crash
    found = after.find_posted("k", text)
    assert found is not None and found.post_id == sent.post_id
    assert found.url == sent.url
    assert after.find_posted("k2", "Jamais envoyé") is None


def test_find_posted_raises_lookup_error_when_reconcile_is_off(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x, reconcile=False)
    with pytest.raises(LookupError, match="reconcile"):
        publisher.find_posted("k", "texte")


def test_find_posted_raises_lookup_error_when_x_refuses_the_lookup(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    fake_x.fail_next("403", method="GET", path="/2/users/me")
    with pytest.raises(LookupError, match="X 403"):
        publisher.find_posted("k", "texte")


def test_repr_shows_no_credentials(fake_x: FakeX, make_publisher: MakeXPublisher) -> None:
    publisher = make_publisher(fake_x)
    creds = fake_x.credentials
    shown = repr(publisher) + str(vars(publisher).keys())
    assert creds.access_token_secret not in shown and creds.consumer_secret not in shown


def test_fake_server_refuses_a_wrong_signature(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x, access_token_secret="wrong-secret")
    with pytest.raises(Exception) as caught:
        publisher.publish("Bonjour", reply_to=None, idempotency_key="k")
    assert getattr(caught.value, "status", None) == 401
    assert fake_x.posts == []


def test_find_posted_sees_through_links_x_rewrote(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    text = "Ordre du jour : https://villeneuve.fr #CMVilleneuve"
    sent = publisher.publish(text, reply_to=None, idempotency_key="k")
    listed = publisher._client.get_users_tweets(fake_x.credentials.user_id, user_auth=True)
    assert "t.co" in listed["data"][0]["text"]  # the fake rewrites links like X
    found = make_publisher(fake_x).find_posted("k", text)
    assert found is not None and found.post_id == sent.post_id
    other_link = "Ordre du jour : https://autre.fr #CMVilleneuve"
    assert make_publisher(fake_x).find_posted("k", other_link) is None


def test_whoami_tells_which_account_the_tokens_post_as(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x, account="@VilleDeVilleneuve")
    assert publisher.whoami() == "@VilleDeVilleneuve"
    assert publisher.account_matches("@villedevilleneuve")
    wrong = make_publisher(fake_x, account="@MairieDeVilleneuve")
    assert not wrong.account_matches(wrong.whoami())


def test_find_posted_ignores_the_same_text_from_an_earlier_session(
    fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    publisher = make_publisher(fake_x)
    publisher.publish("La séance est suspendue.", reply_to=None, idempotency_key="old")
    fake_x.age_posts(30 * 24 * 3600)  # last month's council
    assert publisher.find_posted("new", "La séance est suspendue.") is None
