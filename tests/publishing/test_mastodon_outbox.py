"""The real pipeline (outbox + journal) over the real MastodonPublisher and the fake
Mastodon: faults on the instance never lose nor double a status."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakemastodon import FakeMastodon

from livetweet.publishing import Outbox, RetryPolicy, verify_journal
from livetweet.publishing.networks.mastodon import MastodonPublisher

pytestmark = pytest.mark.usefixtures("english")

FAST = RetryPolicy(
    base=0.01, factor=2.0, cap=0.05, jitter=0.0, rate_limit_default=0.01, rate_limit_cap=0.05
)
THREAD = [
    "Budget primitif 2027 : présentation par l'adjointe aux finances 1/3",
    "Débat : quatre interventions, dont deux de l'opposition 2/3",
    "Adopté : 28 pour, 5 contre, 2 abstentions 3/3",
]


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    with FakeMastodon(hang_seconds=2.0) as server:
        yield server


def open_outbox(tmp_path: Path, server: FakeMastodon, timeout: float = 2.0) -> Outbox:
    publisher = MastodonPublisher(
        access_token=server.token, api_base_url=server.url, timeout_seconds=timeout
    )
    return Outbox.open(tmp_path / "seance.jsonl", [publisher], policy=FAST, thread_mode="none")


def assert_chain(server: FakeMastodon, texts: list[str]) -> None:
    statuses = server.statuses
    assert [s.text for s in statuses] == texts  # each exactly once, in order
    assert statuses[0].in_reply_to is None
    for previous, status in itertools.pairwise(statuses):
        assert status.in_reply_to == previous.id


def test_an_answer_lost_after_the_instance_stored_the_status_is_not_doubled(
    tmp_path: Path, fake: FakeMastodon
) -> None:
    with open_outbox(tmp_path, fake, timeout=0.3) as outbox:
        outbox.submit({"mastodon": THREAD})
        fake.fail_next("accept_then_hang", after=1)
        report = outbox.process()
        assert report.failed == [] and report.uncertain == []
        assert [r.state for r in outbox.timeline()] == ["posted"] * 3
    assert_chain(fake, THREAD)
    assert verify_journal(tmp_path / "seance.jsonl").ok


def test_server_errors_rate_limits_and_drops_are_retried_until_posted(
    tmp_path: Path, fake: FakeMastodon
) -> None:
    fake.retry_after_seconds = 0  # the reset is now: the outbox waits its minimum
    with open_outbox(tmp_path, fake, timeout=0.5) as outbox:
        outbox.submit({"mastodon": THREAD})
        fake.fail_next("503", count=2)
        fake.fail_next("429_past")
        fake.fail_next("500")
        fake.fail_next("disconnect")
        fake.fail_next("hang")
        outbox.process()
        assert [r.state for r in outbox.timeline()] == ["posted"] * 3
    assert_chain(fake, THREAD)


def test_a_rejected_status_shows_mastodons_text_and_is_not_retried(
    tmp_path: Path, fake: FakeMastodon
) -> None:
    with open_outbox(tmp_path, fake) as outbox:
        outbox.submit({"mastodon": THREAD[:1]})
        fake.fail_next("422")
        report = outbox.process()
        [record] = outbox.timeline()
        assert report.failed == [record.ref] and record.failure_kind == "rejected"
        assert "Text character limit of 500 exceeded" in (record.reason or "")
    assert fake.statuses == []


def test_a_deleted_parent_offers_the_standalone_continuation(
    tmp_path: Path, fake: FakeMastodon
) -> None:
    with open_outbox(tmp_path, fake) as outbox:
        outbox.submit({"mastodon": THREAD})
        fake.fail_next("404", after=1)  # someone deleted part 1 meanwhile
        report = outbox.process()
        assert len(report.failed) == 1
        [first, second, third] = outbox.timeline()
        assert (first.state, second.state, third.state) == ("posted", "failed", "queued")
        assert second.failure_kind == "reply_refused"
        outbox.convert_thread_to_standalone(second.thread_id)
        outbox.process()
        assert [r.state for r in outbox.timeline()] == ["posted"] * 3
    assert [s.text for s in fake.statuses] == THREAD  # nothing lost, nothing doubled


def test_the_status_bar_shows_mastodons_remaining_requests(
    tmp_path: Path, fake: FakeMastodon
) -> None:
    from livetweet.tui.models.outbox_view import status_figures

    with open_outbox(tmp_path, fake) as outbox:
        outbox.submit({"mastodon": THREAD[:1]})
        outbox.process()
        figures = status_figures(outbox)
    assert figures.quota == "Mastodon 299/300" and not figures.dry_run
    assert figures.networks["mastodon"].state == "online"


def test_the_screen_counts_with_the_instances_limit(tmp_path: Path) -> None:
    from livetweet.cli.run import with_instance_limits
    from livetweet.config import load_config
    from livetweet.tui.models.settings import UiSettings

    with FakeMastodon(max_characters=420) as server:
        path = tmp_path / "c.yaml"
        path.write_text(server.config_yaml(), encoding="utf-8")
        path.chmod(0o600)
        config, notices = with_instance_limits(load_config(path))
    assert notices == []
    assert UiSettings.from_config(config).limits == {"mastodon": 420}
    assert config.source == path and config.networks.mastodon.enabled
