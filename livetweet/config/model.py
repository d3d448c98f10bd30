"""What livetweet.yaml may say: every key, its default and its bounds.

With no configuration at all every network is disabled, so posts go to the
dry-run outbox: nothing can be published by accident.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar, Final, Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from livetweet.i18n import _
from livetweet.text.display import control_characters
from livetweet.text.networks import NETWORKS, Network

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


# -- accounts (issue 15) ---------------------------------------------------------------

#: A declared account's id: short, lowercase, usable in a keyring name and a thread id.
ACCOUNT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
#: The ids of the networks' default accounts (their ``networks.<network>`` sections).
RESERVED_ACCOUNT_IDS: Final = frozenset(NETWORKS)


def check_account_id(value: str) -> str:
    if value in RESERVED_ACCOUNT_IDS:
        raise ValueError(
            _(
                "the id {id} is reserved for the network's default account "
                "(networks.{id}); choose another, e.g. {id}-mobilite"
            ).format(id=value)
        )
    if not ACCOUNT_ID.fullmatch(value):
        raise ValueError(
            _(
                "an account id is 1 to 32 characters: lowercase letters without accents, "
                "digits and '-', starting with a letter or a digit (e.g. mobilite-mastodon)"
            )
        )
    return value


AccountId = Annotated[str, AfterValidator(check_account_id)]


class XAccount(XConfig):
    """An account declared under ``accounts:``: the keys of its network's section,
    plus its id; declared means meant to be used, so it is enabled unless it says not."""

    id: AccountId
    network: Literal["x"]
    enabled: bool = True


class MastodonAccount(MastodonConfig):
    id: AccountId
    network: Literal["mastodon"]
    enabled: bool = True


class BlueskyAccount(BlueskyConfig):
    id: AccountId
    network: Literal["bluesky"]
    enabled: bool = True


DeclaredAccount = Annotated[
    XAccount | MastodonAccount | BlueskyAccount, Field(discriminator="network")
]
#: The classes of ``accounts:`` entries by network (the loader's secret checks use them).
ACCOUNT_MODELS: Final[dict[str, type[NetworkConfig]]] = {
    "x": XAccount,
    "mastodon": MastodonAccount,
    "bluesky": BlueskyAccount,
}


@dataclass(frozen=True)
class ConfiguredAccount:
    """One account posts can go to: a network's default section (id = the network's
    name) or an ``accounts:`` entry; ``settings`` holds its keys either way."""

    id: str
    network: Network
    settings: NetworkConfig
    #: Where its keys are, for messages: "networks.x" or "accounts.2".
    key: str

    @property
    def enabled(self) -> bool:
        return self.settings.enabled

    @property
    def declared(self) -> bool:
        """True for an ``accounts:`` entry, False for a network's default account."""
        return self.id not in RESERVED_ACCOUNT_IDS


def _route_target(value: object) -> object:
    if value == "all" or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    raise ValueError(_('should be "all" or a list of theme ids, e.g. [mobilite, transports]'))


#: A group's routing: every post ("all"), or the posts about the agenda's themes listed.
RouteTarget = Annotated[Literal["all"] | list[str], BeforeValidator(_route_target)]


def _problem(loc: tuple[str | int, ...], message: str) -> InitErrorDetails:
    """A located validation error (the loader turns ``loc`` into FILE:LINE)."""
    error = PydanticCustomError("value_error", "{error}", {"error": message})
    return InitErrorDetails(type=error, loc=loc, input=None)


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
    #: More accounts than the networks' default ones (issue 15); see ``all_accounts``.
    accounts: list[DeclaredAccount] = Field(default_factory=list)
    #: Named sets of account ids (the default ones, "x", "mastodon", "bluesky", included).
    groups: dict[str, list[str]] = Field(default_factory=dict)
    #: Group -> "all" or the agenda's theme ids whose items it posts; none: every
    #: enabled account posts everything (see ``livetweet.config.routing``).
    routing: dict[str, RouteTarget] = Field(default_factory=dict)
    #: Key bindings of the TUI by binding id, e.g. {"post": "ctrl+s,f5"}.
    keymap: dict[str, str] = Field(default_factory=dict)

    #: The file this configuration came from (None: defaults and environment only).
    _source: Path | None = PrivateAttr(default=None)
    #: (line, column) of each key in that file, by path ("routing", "mobilite", "0").
    _marks: dict[tuple[str, ...], tuple[int, int]] = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> Path | None:
        return self._source

    def read_from(
        self, file: Path | None, marks: dict[tuple[str, ...], tuple[int, int]] | None = None
    ) -> Config:
        """Say which file this configuration came from (error messages name it)."""
        self._source = file
        self._marks = dict(marks or {})
        return self

    def where(self, *path: str) -> tuple[int, int] | None:
        """(line, column) of a key in the file, for messages that point at it."""
        return self._marks.get(path)

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

    @model_validator(mode="after")
    def _check_accounts(self) -> Config:
        """Ids unique; groups name known accounts; routing names known groups. Every
        problem at once, each located at its key."""
        problems: list[InitErrorDetails] = []
        seen: set[str] = set()
        for index, account in enumerate(self.accounts):
            if account.id in seen:
                problems.append(
                    _problem(
                        ("accounts", index, "id"),
                        _("the id {id} is already used by another account").format(id=account.id),
                    )
                )
            seen.add(account.id)
        known = [*NETWORKS, *(a.id for a in self.accounts)]
        for group, members in self.groups.items():
            for index, member in enumerate(members):
                if member not in known:
                    problems.append(
                        _problem(
                            ("groups", group, index),
                            _("no account {id}; the accounts are: {known}").format(
                                id=member, known=", ".join(known)
                            ),
                        )
                    )
        for group in self.routing:
            if group not in self.groups:
                problems.append(
                    _problem(
                        ("routing", group),
                        _("no group {group} under groups:; the groups are: {known}").format(
                            group=group, known=", ".join(self.groups) or "—"
                        ),
                    )
                )
        if problems:
            raise ValidationError.from_exception_data(type(self).__name__, problems)
        return self

    def all_accounts(self) -> list[ConfiguredAccount]:
        """Every account, enabled or not: the networks' default ones (x, mastodon,
        bluesky) first, then ``accounts:`` in the file's order."""
        found = [ConfiguredAccount(n, n, self.networks.get(n), f"networks.{n}") for n in NETWORKS]
        found += [
            ConfiguredAccount(a.id, a.network, a, f"accounts.{i}")
            for i, a in enumerate(self.accounts)
        ]
        return found

    def enabled_accounts(self) -> list[ConfiguredAccount]:
        return [a for a in self.all_accounts() if a.enabled]

    def active_accounts(self) -> list[ConfiguredAccount]:
        """The accounts posts go to: the enabled ones; in a dry run, the simulated ones
        (the three networks' default accounts, as without ``accounts:``, and every
        enabled declared account)."""
        if not self.is_dry_run:
            return self.enabled_accounts()
        return [a for a in self.all_accounts() if not a.declared or a.enabled]

    def account(self, account_id: str) -> ConfiguredAccount | None:
        return next((a for a in self.all_accounts() if a.id == account_id), None)

    def enabled_networks(self) -> list[Network]:
        """Networks with at least one enabled account, in NETWORKS order."""
        enabled = {a.network for a in self.enabled_accounts()}
        return [n for n in NETWORKS if n in enabled]

    def secret_values(self) -> list[str]:
        """Every configured secret, so the journal and logs can refuse to hold one."""
        found: list[str] = []
        for account in self.all_accounts():
            section = account.settings
            for name in section.SECRET_FIELDS:
                value = getattr(section, name)
                if isinstance(value, SecretStr) and value.get_secret_value():
                    found.append(value.get_secret_value())
        return found

    @property
    def is_dry_run(self) -> bool:
        """True when nothing will be published (forced, or no account enabled)."""
        return self.dry_run or not self.enabled_networks()
