"""From configuration to the Bluesky publisher: built when enabled, dry-run otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakepds import FakePDS
from fakepds.fixtures import write_config

from livetweet.config import ConfigError, load_config
from livetweet.publishing import DryRunPublisher
from livetweet.publishing.factory import build_publishers
from livetweet.publishing.networks.bluesky import BlueskyPublisher

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def pds() -> Iterator[FakePDS]:
    with FakePDS() as server:
        yield server


def test_enabled_bluesky_gives_the_real_publisher_in_the_agenda_language(
    pds: FakePDS, tmp_path: Path
) -> None:
    config = load_config(write_config(tmp_path / "config.yaml", pds))
    [publisher] = build_publishers(config, journal_path=tmp_path / "j.jsonl", language="en")
    assert isinstance(publisher, BlueskyPublisher) and not publisher.dry_run
    publisher.publish("Council meeting #CMVilleneuve", reply_to=None, idempotency_key="k")
    assert pds.records[0].value["langs"] == ["en"]


def test_the_dry_run_default_is_unchanged(pds: FakePDS, tmp_path: Path) -> None:
    text = pds.config_yaml() + "dry_run: true\n"
    file = tmp_path / "c.yaml"
    file.write_text(text, encoding="utf-8")
    file.chmod(0o600)
    publishers = build_publishers(load_config(file), journal_path=tmp_path / "j.jsonl")
    assert all(isinstance(p, DryRunPublisher) for p in publishers)
    publishers[2].publish("Répétition", reply_to=None, idempotency_key="k")
    assert pds.calls == []  # nothing reached the PDS


def test_enabled_bluesky_without_an_app_password_says_what_is_missing(tmp_path: Path) -> None:
    file = tmp_path / "c.yaml"
    file.write_text("networks:\n  bluesky:\n    enabled: true\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build_publishers(load_config(file), journal_path=tmp_path / "j.jsonl")
    message = str(caught.value)
    assert message.startswith(str(file))
    assert "networks.bluesky.account" in message and "networks.bluesky.app_password" in message
    assert "livetweet auth bluesky" in message
