"""A Mastodon instance's own limits, read from the instance and cached per instance.

``/api/v2/instance`` (Mastodon 4.0+) or, on older servers, ``/api/v1/instance``
tell ``max_characters``, ``characters_reserved_per_url`` and the media limits.
They are cached in the user cache directory, one file per instance, so that a
launch without network still counts with the instance's limit; the caller is
told which source it got (and says so when it is the cache).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Final, Literal

import platformdirs
import requests

APP_NAME: Final = "livetweet"
DEFAULT_MAX_CHARACTERS: Final = 500
DEFAULT_URL_RESERVE: Final = 23
#: Short: the limits are read at start-up, and the cache answers when the instance does not.
FETCH_TIMEOUT_SECONDS: Final = 5.0

Source = Literal["instance", "cache", "default"]


@dataclass(frozen=True)
class InstanceLimits:
    max_characters: int = DEFAULT_MAX_CHARACTERS
    characters_reserved_per_url: int = DEFAULT_URL_RESERVE
    max_media_attachments: int | None = None
    image_size_limit: int | None = None
    video_size_limit: int | None = None
    image_matrix_limit: int | None = None  # width x height
    description_limit: int | None = None  # alt text, Mastodon 4.4+ (1,500 before)
    fetched_at: float | None = None  # epoch seconds the instance said so
    source: Source = "default"


def cache_path(api_base_url: str) -> Path:
    """The cache file of one instance (its URL hashed: any scheme, port or path)."""
    name = hashlib.sha256(api_base_url.rstrip("/").encode("utf-8")).hexdigest()[:24]
    return platformdirs.user_cache_path(APP_NAME) / "mastodon-instances" / f"{name}.json"


def instance_limits(
    api_base_url: str,
    *,
    timeout: float = FETCH_TIMEOUT_SECONDS,
    session: requests.Session | None = None,
) -> InstanceLimits:
    """The instance's limits: asked to the instance (and cached), else the cached ones,
    else Mastodon's defaults. Never raises for a network or server problem."""
    base = api_base_url.rstrip("/")
    fetched = _fetch(base, timeout, session or requests.Session())
    if fetched is not None:
        _save(cache_path(base), fetched)
        return fetched
    cached = _load(cache_path(base))
    return cached if cached is not None else InstanceLimits()


def _fetch(base: str, timeout: float, session: requests.Session) -> InstanceLimits | None:
    for path in ("/api/v2/instance", "/api/v1/instance"):
        try:
            response = session.get(base + path, timeout=timeout)
        except requests.RequestException:
            return None  # the instance is unreachable: the v1 path would be too
        if response.status_code in (404, 410):
            continue  # an older server: try v1
        if not response.ok:
            return None
        try:
            answer = response.json()
        except ValueError:
            return None
        return _limits(answer) if isinstance(answer, dict) else None
    return None


def _limits(answer: dict[str, Any]) -> InstanceLimits | None:
    configuration = _dict(answer.get("configuration"))
    statuses = _dict(configuration.get("statuses"))
    media = _dict(configuration.get("media_attachments"))
    # Pleroma, Akkoma and old forks say max_toot_chars at the top level.
    max_characters = _positive(statuses.get("max_characters")) or _positive(
        answer.get("max_toot_chars")
    )
    if max_characters is None:
        return None
    return InstanceLimits(
        max_characters=max_characters,
        characters_reserved_per_url=_positive(statuses.get("characters_reserved_per_url"))
        or DEFAULT_URL_RESERVE,
        max_media_attachments=_positive(statuses.get("max_media_attachments")),
        image_size_limit=_positive(media.get("image_size_limit")),
        video_size_limit=_positive(media.get("video_size_limit")),
        image_matrix_limit=_positive(media.get("image_matrix_limit")),
        description_limit=_positive(media.get("description_limit")),
        fetched_at=time.time(),
        source="instance",
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _positive(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _save(path: Path, limits: InstanceLimits) -> None:
    """Atomically; a cache that cannot be written only costs the next offline launch."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(limits)), encoding="utf-8")
        os.replace(tmp, path)


def _load(path: Path) -> InstanceLimits | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or _positive(data.get("max_characters")) is None:
        return None
    known = {k: v for k, v in data.items() if k in InstanceLimits.__dataclass_fields__}
    try:
        return replace(InstanceLimits(**known), source="cache")
    except TypeError:
        return None
