"""From configuration to publishers: dry-run by default, X when configured."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakex import FakeX

from livetweet.config import ConfigError, load_config
from livetweet.publishing import DryRunPublisher
from livetweet.publishing.factory import build_publishers
from livetweet.publishing.networks.x import XPublisher

pytestmark = pytest.mark.usefixtures("english")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_no_configuration_gives_a_dry_run_publisher_per_network(tmp_path: Path) -> None:
    journal = tmp_path / "seance.jsonl"
    publishers = build_publishers(load_config(), journal_path=journal)
    assert [p.network for p in publishers] == ["x", "mastodon", "bluesky"]
    assert all(isinstance(p, DryRunPublisher) for p in publishers)
    assert all(p.dry_run for p in publishers)
    published = publishers[0].publish("Essai", reply_to=None, idempotency_key="k")
    assert published.url.startswith("https://dry-run.invalid/")
    # The dry-run outbox lives next to the journal.
    assert [p.name for p in tmp_path.iterdir()] == ["seance.dryrun.jsonl"]


def test_enabled_x_gives_the_real_publisher(tmp_path: Path, fake_x: FakeX) -> None:
    config = load_config(write(tmp_path / "config.yaml", fake_x.config_yaml()))
    [publisher] = build_publishers(config, journal_path=tmp_path / "j.jsonl")
    assert isinstance(publisher, XPublisher) and not publisher.dry_run
    publisher.publish("Séance ouverte #CMVilleneuve", reply_to=None, idempotency_key="k")
    assert [p.text for p in fake_x.posts] == ["Séance ouverte #CMVilleneuve"]


def test_forced_dry_run_wins_over_configured_x(tmp_path: Path, fake_x: FakeX) -> None:
    text = fake_x.config_yaml() + "dry_run: true\n"
    publishers = build_publishers(
        load_config(write(tmp_path / "c.yaml", text)), journal_path=tmp_path / "j.jsonl"
    )
    assert all(p.dry_run for p in publishers)
    publishers[0].publish("Répétition", reply_to=None, idempotency_key="k")
    assert fake_x.requests_log == []  # nothing reached X


def test_enabled_x_without_tokens_says_what_is_missing(tmp_path: Path) -> None:
    file = write(tmp_path / "c.yaml", "networks:\n  x:\n    enabled: true\n")
    with pytest.raises(ConfigError) as caught:
        build_publishers(load_config(file), journal_path=tmp_path / "j.jsonl")
    message = str(caught.value)
    assert message.startswith(str(file))
    assert "networks.x.access_token" in message and "livetweet auth x" in message
