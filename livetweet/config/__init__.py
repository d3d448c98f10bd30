"""livetweet's configuration: ``load_config()`` and the ``Config`` it returns.

See config.example.yaml (every key, documented) and docs/configuration.md.
Names are imported on first use, so that ``livetweet.config.dirs`` (needed by the
agenda check) does not pull in the configuration model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from livetweet.config.credentials import (
        SecretLookupError,
        default_credentials_path,
        store_secrets,
    )
    from livetweet.config.dirs import UnsafeDirectoryError, private_dir
    from livetweet.config.loading import ConfigError, default_config_path, load_config
    from livetweet.config.model import (
        BlueskyConfig,
        Config,
        MastodonConfig,
        NetworkConfig,
        NetworksConfig,
        ThreadMode,
        XConfig,
    )

_WHERE = {
    "SecretLookupError": "credentials",
    "default_credentials_path": "credentials",
    "store_secrets": "credentials",
    "UnsafeDirectoryError": "dirs",
    "private_dir": "dirs",
    "ConfigError": "loading",
    "default_config_path": "loading",
    "load_config": "loading",
    "BlueskyConfig": "model",
    "Config": "model",
    "MastodonConfig": "model",
    "NetworkConfig": "model",
    "NetworksConfig": "model",
    "ThreadMode": "model",
    "XConfig": "model",
}

__all__ = [
    "BlueskyConfig",
    "Config",
    "ConfigError",
    "MastodonConfig",
    "NetworkConfig",
    "NetworksConfig",
    "SecretLookupError",
    "ThreadMode",
    "UnsafeDirectoryError",
    "XConfig",
    "default_config_path",
    "default_credentials_path",
    "load_config",
    "private_dir",
    "store_secrets",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
