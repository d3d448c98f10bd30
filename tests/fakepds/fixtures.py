"""Helpers for tests that drive the real Bluesky publisher against the fake PDS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from livetweet.publishing.networks.bluesky import BlueskyPublisher

from .server import FakePDS


def make_publisher(pds: FakePDS, **options: Any) -> BlueskyPublisher:
    """A real BlueskyPublisher (real atproto SDK, real httpx) pointed at ``pds``."""
    settings: dict[str, Any] = {
        "handle": pds.account.handle,
        "app_password": pds.account.app_password,
        "api_base_url": pds.url,
        "timeout_seconds": 1.0,
        "link_cards": False,  # no test reaches the internet: cards only against a local page
        **options,
    }
    return BlueskyPublisher(**settings)


def write_config(path: Path, pds: FakePDS, **options: Any) -> Path:
    """A private config.yaml enabling Bluesky against ``pds``."""
    path.write_text(pds.config_yaml(**options), encoding="utf-8")
    path.chmod(0o600)
    return path
