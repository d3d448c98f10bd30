"""What livetweet.yaml may say: every key, its default and its bounds.

With no configuration at all every network is disabled, so posts go to the
dry-run outbox: nothing can be published by accident.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import ClassVar, Final, Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from livetweet.i18n import _
from livetweet.text.display import control_characters
from livetweet.text.networks import Network

APP_NAME: Final = "livetweet"
ENV_PREFIX: Final = "LIVETWEET_"
X_API_BASE_URL: Final = "https://api.x.com"
BLUESKY_API_BASE_URL: Final = "https://bsky.social"

ThreadMode = Literal["session", "item", "none"]
MastodonVisibility = Literal["public", "unlisted", "private", "direct"]


def default_operator() -> str:
    """The OS user: who posted is part of the public record."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (containers without a passwd entry)
        return "operator"


def default_journal_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME) / "journals"


#: The only hosts ``http://`` may name: a test server on this machine.
LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "::1", "localhost"})


def _check_base_url(value: str | None) -> str | None:
    """An https:// address, or http:// to this machine only: the OAuth identifiers
    and the signed requests must never cross a network in clear."""
    if value is None:
        return None
    shape = _("must read https://HOST (or http://127.0.0.1:PORT for a local test server)")
    if not value.isascii() or not value.isprintable() or any(c in value for c in " \\"):
        raise ValueError(shape)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ValueError(shape) from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(shape)
    if "@" in parts.netloc or parts.query or parts.fragment:
        raise ValueError(_("must not hold a user name, a password, a query or a fragment"))
    if scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise ValueError(
            _(
                "http:// is refused for {host}: the keys and the signed requests would travel "
                "in clear; use https:// (http:// is only for 127.0.0.1, ::1 or localhost)"
            ).format(host=parts.hostname)
        )
    return value.rstrip("/")


class NetworkConfig(BaseModel):
    """Keys every network shares."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    account: str | None = Field(default=None, min_length=1)
    api_base_url: str | None = None
    timeout_seconds: float = Field(default=15.0, gt=0, le=300)

    @field_validator("api_base_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        return _check_base_url(value)

    #: Credential keys of this network, in the order ``livetweet auth`` prints them.
    SECRET_FIELDS: ClassVar[tuple[str, ...]] = ()

    def missing_credentials(self) -> list[str]:
        """Credential keys that have no value (the network cannot post without them)."""
        return [name for name in self.SECRET_FIELDS if getattr(self, name) is None]


class XConfig(NetworkConfig):
    api_base_url: str | None = X_API_BASE_URL
    consumer_key: SecretStr | None = None
    consumer_secret: SecretStr | None = None
    access_token: SecretStr | None = None
    access_token_secret: SecretStr | None = None
    #: After a crash, look at the account's recent posts to learn whether a post left.
    reconcile: bool = True

    SECRET_FIELDS: ClassVar[tuple[str, ...]] = (
        "consumer_key",
        "consumer_secret",
        "access_token",
        "access_token_secret",
    )


class MastodonConfig(NetworkConfig):
    api_base_url: str | None = None  # the instance, e.g. https://mastodon.social
    access_token: SecretStr | None = None
    #: Overrides the limit the instance advertises (the counters and splitting use it).
    max_characters: int | None = Field(default=None, gt=0, le=100_000)
    #: Overrides what a link counts on the instance (its ``characters_reserved_per_url``).
    characters_reserved_per_url: int | None = Field(default=None, gt=0, le=100_000)
    # -- Mastodon publishing (issue 13) --
    visibility: MastodonVisibility = "public"
    #: The replies of a thread (parts 2..n); None: as ``visibility``. "unlisted" is the
    #: usual courtesy: the thread's head is public, the rest stays out of public timelines.
    reply_visibility: MastodonVisibility | None = None
    #: The statuses' language (ISO 639-1); None: the agenda's (else the interface's).
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")

    SECRET_FIELDS: ClassVar[tuple[str, ...]] = ("access_token",)


class BlueskyConfig(NetworkConfig):
    api_base_url: str | None = BLUESKY_API_BASE_URL
    app_password: SecretStr | None = None
    #: A card (title, description, image) under a post with a link, as the official
    #: app makes, when the page answers within a few seconds.
    link_cards: bool = True

    SECRET_FIELDS: ClassVar[tuple[str, ...]] = ("app_password",)


class NetworksConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    x: XConfig = XConfig()
    mastodon: MastodonConfig = MastodonConfig()
    bluesky: BlueskyConfig = BlueskyConfig()

    def get(self, network: Network) -> NetworkConfig:
        section: NetworkConfig = getattr(self, network)
        return section


class Config(BaseSettings):
    """The whole configuration; environment variables LIVETWEET_<KEY> override the file
    (nested keys with ``__``: LIVETWEET_NETWORKS__X__ENABLED=false)."""

    model_config = SettingsConfigDict(
        extra="forbid",
        frozen=True,
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        env_ignore_empty=True,
    )

    language: Literal["fr", "en"] | None = None  # None: the locale's, else French
    operator: str = Field(default_factory=default_operator, min_length=1)
    send_delay_seconds: float = Field(default=5.0, ge=0, le=120)
    thread_mode: ThreadMode = "item"
    thread_numbering: bool = True  # "1/3", "2/3"... on the parts of a split post
    journal_dir: Path = Field(default_factory=default_journal_dir)
    house_limit: int | None = Field(default=None, gt=0)
    #: A draft that splits into more posts than this on any network is refused by
    #: ``post`` (unless ``--max-parts``) and confirmed in the TUI: no flood by mistake.
    max_thread_parts: int = Field(default=25, ge=1, le=1000)
    #: A photo without alt text is refused (RGAA); false lets it through, and the
    #: journal is to record that it was posted so.
    require_alt_text: bool = True
    dry_run: bool = False
    networks: NetworksConfig = NetworksConfig()
    #: Key bindings of the TUI by binding id, e.g. {"post": "ctrl+s,f5"}.
    keymap: dict[str, str] = Field(default_factory=dict)

    #: The file this configuration came from (None: defaults and environment only).
    _source: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> Path | None:
        return self._source

    def read_from(self, file: Path | None) -> Config:
        """Say which file this configuration came from (error messages name it)."""
        self._source = file
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment wins over the file (init_settings carries the file's data).
        return env_settings, init_settings

    @field_validator("operator")
    @classmethod
    def _printable_operator(cls, value: str) -> str:
        """The operator's name goes into every journal entry and onto the screen."""
        if control_characters(value):
            raise ValueError(_("must not hold control characters (escape sequences)"))
        return value

    @field_validator("journal_dir")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        value = value.expanduser()
        if value.exists() and not value.is_dir():
            raise ValueError(
                _("{path} is not a directory (journal_dir names the journals' folder)").format(
                    path=value
                )
            )
        return value

    def enabled_networks(self) -> list[Network]:
        return [n for n in ("x", "mastodon", "bluesky") if self.networks.get(n).enabled]

    def secret_values(self) -> list[str]:
        """Every configured secret, so the journal and logs can refuse to hold one."""
        found: list[str] = []
        for network in ("x", "mastodon", "bluesky"):
            section = self.networks.get(network)
            for name in section.SECRET_FIELDS:
                value = getattr(section, name)
                if isinstance(value, SecretStr) and value.get_secret_value():
                    found.append(value.get_secret_value())
        return found

    @property
    def is_dry_run(self) -> bool:
        """True when nothing will be published (forced, or no network enabled)."""
        return self.dry_run or not self.enabled_networks()
