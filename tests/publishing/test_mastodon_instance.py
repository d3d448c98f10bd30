"""From configuration to a Mastodon publisher, and the instance's own limits: read from
the instance (v2, else v1), cached per instance, overridden by the configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakemastodon import FakeMastodon

from livetweet.config import ConfigError, load_config
from livetweet.publishing import DryRunPublisher
from livetweet.publishing.factory import CharacterLimits, build_publishers, character_limits
from livetweet.publishing.networks.mastodon import MastodonPublisher
from livetweet.publishing.networks.mastodon_instance import cache_path, instance_limits
from livetweet.text import count, split_thread

pytestmark = pytest.mark.usefixtures("english")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_enabled_mastodon_gives_the_real_publisher(tmp_path: Path) -> None:
    with FakeMastodon() as fake:
        extra = "    reply_visibility: unlisted\n"
        config = load_config(write(tmp_path / "c.yaml", fake.config_yaml(extra=extra)))
        [publisher] = build_publishers(config, journal_path=tmp_path / "j.jsonl", language="fr")
        assert isinstance(publisher, MastodonPublisher) and not publisher.dry_run
        head = publisher.publish("Séance ouverte", reply_to=None, idempotency_key="k1")
        publisher.publish("Suite", reply_to=head.post_id, idempotency_key="k2")
        assert [(s.visibility, s.language) for s in fake.statuses] == [
            ("public", "fr"),
            ("unlisted", "fr"),
        ]
    assert list(tmp_path.iterdir()) == [tmp_path / "c.yaml"]  # no dry-run file


def test_the_dry_run_default_is_unchanged(tmp_path: Path) -> None:
    publishers = build_publishers(load_config(), journal_path=tmp_path / "j.jsonl")
    assert all(isinstance(p, DryRunPublisher) for p in publishers)
    with FakeMastodon() as fake:
        forced = load_config(write(tmp_path / "c.yaml", "dry_run: true\n" + fake.config_yaml()))
        assert all(p.dry_run for p in build_publishers(forced, journal_path=tmp_path / "j.jsonl"))
        assert fake.requests_log == []


def test_enabled_mastodon_without_token_or_instance_says_what_is_missing(
    tmp_path: Path,
) -> None:
    bare = write(tmp_path / "a.yaml", "networks:\n  mastodon:\n    enabled: true\n")
    with pytest.raises(ConfigError, match="api_base_url"):
        build_publishers(load_config(bare), journal_path=tmp_path / "j.jsonl")
    no_token = write(
        tmp_path / "b.yaml",
        "networks:\n  mastodon:\n    enabled: true\n    api_base_url: https://m.example\n",
    )
    with pytest.raises(ConfigError, match="livetweet auth mastodon"):
        build_publishers(load_config(no_token), journal_path=tmp_path / "j.jsonl")


def test_limits_come_from_v2_and_are_cached_for_a_launch_without_network() -> None:
    with FakeMastodon(max_characters=420, characters_reserved_per_url=30) as fake:
        url = fake.url
        live = instance_limits(url)
        assert [r.path for r in fake.requests_log] == ["/api/v2/instance"]
    assert (live.source, live.max_characters, live.characters_reserved_per_url) == (
        "instance",
        420,
        30,
    )
    assert (live.max_media_attachments, live.image_size_limit) == (4, 16777216)
    assert cache_path(url).is_file()
    offline = instance_limits(url, timeout=0.5)  # the server is gone
    assert (offline.source, offline.max_characters) == ("cache", 420)


def test_an_older_server_is_read_through_v1() -> None:
    with FakeMastodon(max_characters=1000, instance_v2=False) as fake:
        limits = instance_limits(fake.url)
        assert [r.path for r in fake.requests_log] == ["/api/v2/instance", "/api/v1/instance"]
    assert (limits.source, limits.max_characters) == ("instance", 1000)


def test_nothing_known_means_mastodons_500() -> None:
    with FakeMastodon() as fake:
        url = fake.url
    limits = instance_limits(url, timeout=0.5)
    assert (limits.source, limits.max_characters) == ("default", 500)


def test_character_limits_use_the_instance_and_say_when_cached(tmp_path: Path) -> None:
    with FakeMastodon(max_characters=420) as fake:
        config = load_config(write(tmp_path / "c.yaml", fake.config_yaml(timeout_seconds=0.5)))
        assert character_limits(config) == CharacterLimits({"mastodon": 420}, {"mastodon": 23})
    found = character_limits(config)
    [notice] = found.notices
    assert found.limits == {"mastodon": 420} and "cached" in notice and "420" in notice


def test_a_configured_max_characters_overrides_the_instance(tmp_path: Path) -> None:
    with FakeMastodon(max_characters=420) as fake:
        extra = "    max_characters: 5000\n"
        config = load_config(write(tmp_path / "c.yaml", fake.config_yaml(extra=extra)))
        assert character_limits(config) == CharacterLimits({"mastodon": 5000})
        assert fake.requests_log == []  # not even asked


def test_no_limit_is_fetched_when_mastodon_is_off(tmp_path: Path) -> None:
    assert character_limits(load_config()) == CharacterLimits()


LINKS = "Compte rendu : https://www.ville-exemple.fr/a " * 20


def test_the_instance_link_weight_changes_the_count_and_split_with_no_configuration(
    tmp_path: Path,
) -> None:
    with FakeMastodon(characters_reserved_per_url=30) as fake:
        config = load_config(write(tmp_path / "c.yaml", fake.config_yaml()))
        found = character_limits(config)
    assert found.url_weights == {"mastodon": 30}
    weight = found.url_weights["mastodon"]
    assert count("https://www.ville-exemple.fr/a", "mastodon", url_weight=weight).length == 30
    parts = split_thread(LINKS, "mastodon", limit=found.limits["mastodon"], url_weight=weight)
    default = split_thread(LINKS, "mastodon")
    assert all(count(p, "mastodon", url_weight=30).length <= 500 for p in parts)
    assert any(count(p, "mastodon", url_weight=30).length > 500 for p in default)


def test_a_configured_link_weight_overrides_the_instance(tmp_path: Path) -> None:
    with FakeMastodon(characters_reserved_per_url=30) as fake:
        extra = "    max_characters: 500\n    characters_reserved_per_url: 40\n"
        config = load_config(write(tmp_path / "c.yaml", fake.config_yaml(extra=extra)))
        assert character_limits(config).url_weights == {"mastodon": 40}
