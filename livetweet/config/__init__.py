"""livetweet's configuration: ``load_config()`` and the ``Config`` it returns.

See config.example.yaml (every key, documented) and docs/configuration.md.
"""

from livetweet.config.credentials import (
    SecretLookupError,
    default_credentials_path,
    store_secrets,
)
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

__all__ = [
    "BlueskyConfig",
    "Config",
    "ConfigError",
    "MastodonConfig",
    "NetworkConfig",
    "NetworksConfig",
    "SecretLookupError",
    "ThreadMode",
    "XConfig",
    "default_config_path",
    "default_credentials_path",
    "load_config",
    "store_secrets",
]
