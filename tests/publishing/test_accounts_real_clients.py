"""Two Mastodon accounts on two local instances (different limits) plus X on the fake
X server, through the real Mastodon.py and tweepy clients: each account its own
thread, and one instance in trouble never holds the other accounts."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fakemastodon import FakeMastodon
from fakex import FakeX
from fakex.fixtures import MakeXPublisher

from livetweet.publishing import Outbox, Publisher, RetryPolicy, verify_journal
from livetweet.publishing.networks.mastodon import MastodonPublisher

pytestmark = pytest.mark.usefixtures("english")

FAST = RetryPolicy(
    base=0.01, factor=2.0, cap=0.05, jitter=0.0, rate_limit_default=0.01, rate_limit_cap=0.05
)
THREAD = ["Point 4 : plan vélo 2027 1/2", "Adopté : 30 pour, 3 abstentions 2/2"]
#: Fits the mobility instance (1,000 characters) in one status, not the town's (500).
LONG = "Le plan vélo 2027 prévoit " + "une piste cyclable de plus, " * 25 + "et voilà."


@pytest.fixture
def instances() -> Iterator[tuple[FakeMastodon, FakeMastodon]]:
    with (
        FakeMastodon(hang_seconds=2.0) as town,
        FakeMastodon(hang_seconds=2.0, max_characters=1000, username="VilleMobilite") as mobility,
    ):
        yield town, mobility


def open_outbox(
    path: Path, town: FakeMastodon, mobility: FakeMastodon, x: FakeX, make: MakeXPublisher
) -> Outbox:
    publishers: list[Publisher] = [
        make(x),
        MastodonPublisher(
            access_token=town.token,
            api_base_url=town.url,
            account="@Ville",
            timeout_seconds=0.5,
        ),
        MastodonPublisher(
            access_token=mobility.token,
            api_base_url=mobility.url,
            account="@VilleMobilite",
            timeout_seconds=0.5,
            account_id="mobilite",
        ),
    ]
    return Outbox.open(path, publishers, session_id="cm", policy=FAST)


def texts_in_chain(statuses: Sequence[Any]) -> list[str]:
    """The texts, checking that each replies to the one before."""
    for before, after in itertools.pairwise(statuses):
        assert after.in_reply_to == before.id
    return [s.text for s in statuses]


def test_a_post_reaches_both_instances_and_x_each_its_own_thread(
    tmp_path: Path,
    instances: tuple[FakeMastodon, FakeMastodon],
    fake_x: FakeX,
    make_publisher: MakeXPublisher,
) -> None:
    town, mobility = instances
    path = tmp_path / "cm.jsonl"
    with open_outbox(path, town, mobility, fake_x, make_publisher) as outbox:
        outbox.submit({"x": THREAD, "mastodon": THREAD, "mobilite": THREAD}, "d4")
        outbox.submit({"mobilite": [LONG]}, "d4")
        report = outbox.process()
    assert report.failed == report.uncertain == report.queued == []
    assert texts_in_chain(fake_x.posts) == THREAD
    assert texts_in_chain(town.statuses) == THREAD
    assert texts_in_chain(mobility.statuses) == [*THREAD, LONG]
    assert verify_journal(path).ok


def test_a_refusal_and_a_lost_answer_on_one_instance_leave_the_others_posted(
    tmp_path: Path,
    instances: tuple[FakeMastodon, FakeMastodon],
    fake_x: FakeX,
    make_publisher: MakeXPublisher,
) -> None:
    town, mobility = instances
    mobility.fail_next("accept_then_hang")  # stored, answer lost: looked up, not doubled
    town.fail_next("403")
    with open_outbox(tmp_path / "cm.jsonl", town, mobility, fake_x, make_publisher) as outbox:
        outbox.submit({"x": THREAD, "mastodon": THREAD, "mobilite": THREAD}, "d4")
        report = outbox.process()
        states = outbox.network_states()
    assert texts_in_chain(fake_x.posts) == THREAD
    assert texts_in_chain(mobility.statuses) == THREAD
    assert town.statuses == []
    assert len(report.failed) == 1 and len(report.queued) == 1  # the town's thread waits
    assert states["mastodon"].status == "blocked"
    assert states["mobilite"].status == states["x"].status == "online"
