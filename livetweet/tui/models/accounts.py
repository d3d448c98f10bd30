"""The accounts a post goes to: the routing of its item's theme, or the operator's
own choice for this post, among the accounts the outbox publishes to.

A network's default account has the network's name as id ("x", "mastodon",
"bluesky"); with only those, the screen shows what it showed before accounts
existed (``AccountBook.several`` is False).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from livetweet.i18n import _
from livetweet.text.networks import DISPLAY_NAMES, NETWORKS, Network

if TYPE_CHECKING:
    from livetweet.config import Config
    from livetweet.publishing import Outbox

#: The handle a publisher reports when none is configured (dry-run): not a name.
NO_HANDLE = frozenset({"", "dry-run"})

#: Theme -> account ids it is routed to (``livetweet.config.routing.route``).
Router = Callable[[str | None], Sequence[str]]


@dataclass(frozen=True)
class Account:
    """One account the outbox publishes to."""

    id: str
    network: Network
    handle: str = ""  # as configured: "@VilleMobilite@social.villeneuve.fr"
    dry_run: bool = False
    #: Its instance's own character limit and link weight (None: the network's).
    limit: int | None = None
    url_weight: int | None = None

    @property
    def name(self) -> str:
        """The handle as the operator says it ("@VilleMobilite"), else the id."""
        return short_handle(self.handle, self.network) or self.id

    @property
    def label(self) -> str:
        """Network and name ("Mastodon @VilleMobilite"); a default account without a
        handle is just its network."""
        name = self.name
        network = DISPLAY_NAMES[self.network]
        return network if name == self.network else f"{network} {name}"


def network_name(key: str) -> str:
    """A default account's key is its network's name: "mastodon" -> "Mastodon"."""
    return next((DISPLAY_NAMES[n] for n in NETWORKS if n == key), key)


def short_handle(handle: str, network: Network) -> str:
    """``@user@instance`` -> ``@user``; ``name.bsky.social`` -> ``@name``; "" if none."""
    bare = handle.strip().lstrip("@")
    if bare in NO_HANDLE:
        return ""
    if network == "mastodon":
        bare = bare.split("@", 1)[0]
    elif network == "bluesky":
        bare = bare.removesuffix(".bsky.social")
    return f"@{bare}"


def summary(accounts: Iterable[Account]) -> str:
    """``@Ville (X, Mastodon, Bluesky) + @VilleMobilite (Mastodon)``: grouped by name,
    in order of first appearance; default accounts without a handle: their networks."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for account in accounts:
        name = account.name
        key = "" if name == account.network else name.casefold()
        networks = groups.setdefault(key, ("" if not key else name, []))[1]
        networks.append(DISPLAY_NAMES[account.network])
    pieces = [
        f"{shown} ({', '.join(networks)})" if shown else ", ".join(networks)
        for shown, networks in groups.values()
    ]
    return " + ".join(pieces)


class AccountBook:
    """The accounts of the session and how a theme is routed to them."""

    def __init__(self, accounts: Sequence[Account], router: Router | None = None) -> None:
        self.accounts = tuple(accounts)
        self._by_id = {a.id: a for a in self.accounts}
        self._router = router

    @classmethod
    def of_networks(cls, networks: Iterable[Network], *, dry_run: bool = False) -> AccountBook:
        """One default account per network (no outbox: tests of the screens)."""
        return cls([Account(n, n, dry_run=dry_run) for n in networks])

    def __contains__(self, account_id: object) -> bool:
        return account_id in self._by_id

    def get(self, account_id: str) -> Account:
        return self._by_id[account_id]

    @property
    def several(self) -> bool:
        """More than the networks' default accounts: destinations are worth showing."""
        return any(a.id != a.network for a in self.accounts)

    def status_label(self, account_id: str) -> str:
        """What the status bar and notices call it: its network where it is the
        network's only account, else network and name ("Mastodon @VilleMobilite")."""
        account = self.get(account_id)
        if sum(a.network == account.network for a in self.accounts) == 1:
            return DISPLAY_NAMES[account.network]
        return account.label

    def enabled(self, networks: Collection[Network]) -> list[Account]:
        """The accounts on the networks switched on, a network's side by side."""
        found = [a for a in self.accounts if a.network in networks]
        return sorted(found, key=lambda a: NETWORKS.index(a.network))

    def among(self, account_ids: Iterable[str]) -> list[Account]:
        """The accounts of ``account_ids`` the session has (a correction's, whatever
        networks are switched on), a network's side by side."""
        wanted = set(account_ids)
        found = [a for a in self.accounts if a.id in wanted]
        return sorted(found, key=lambda a: NETWORKS.index(a.network))

    def routed(self, theme: str | None, networks: Collection[Network]) -> list[Account]:
        """The accounts ``theme`` is routed to (every account without routing), on
        the networks switched on."""
        if self._router is None:
            return self.enabled(networks)
        wanted = set(self._router(theme))
        return [a for a in self.enabled(networks) if a.id in wanted]

    def destinations(
        self, theme: str | None, networks: Collection[Network], chosen: Collection[str] | None
    ) -> list[Account]:
        """Where the post goes: the operator's choice for it, else the routing."""
        if chosen is None:
            return self.routed(theme, networks)
        return [a for a in self.enabled(networks) if a.id in chosen]


def account_book(
    outbox: Outbox | None,
    config: Config | None,
    networks: Iterable[Network],
    *,
    dry_run: bool,
) -> AccountBook:
    """The outbox's accounts (its publishers, in order), each with its instance's
    limits from the configuration, routed as the configuration says; without an
    outbox (tests of the screens), one default account per network."""
    if outbox is None:
        return AccountBook.of_networks(networks, dry_run=dry_run)
    configured = {entry.id: entry for entry in config.accounts} if config is not None else {}
    accounts = []
    for account_id in outbox.accounts:
        publisher = outbox.publisher(account_id)
        entry = configured.get(account_id)
        accounts.append(
            Account(
                account_id,
                publisher.network,
                publisher.account or "",
                publisher.dry_run,
                # only a Mastodon account has these keys: the others count as their network
                limit=getattr(entry, "max_characters", None),
                url_weight=getattr(entry, "characters_reserved_per_url", None),
            )
        )
    if config is None:
        return AccountBook(accounts)
    from livetweet.config.routing import route

    return AccountBook(accounts, lambda theme: route(config, theme))


def networks_of(accounts: Iterable[Account]) -> list[Network]:
    """Their networks, once each, in the usual order (X, Mastodon, Bluesky)."""
    found = {a.network for a in accounts}
    return [n for n in NETWORKS if n in found]


def own_limit(
    account: Account, limits: Mapping[Network, int], url_weights: Mapping[Network, int]
) -> bool:
    """Its instance counts differently from the network's setting: its own counter."""
    limit_differs = account.limit is not None and account.limit != limits.get(account.network)
    weight_differs = account.url_weight is not None and account.url_weight != url_weights.get(
        account.network
    )
    return limit_differs or weight_differs


def destinations_line(accounts: Sequence[Account], *, chosen: bool) -> str:
    """What the draft header says: to whom, and whether the operator changed it."""
    if not accounts:
        return _("To: no account (choose at least one)")
    line = _("To: {accounts}").format(accounts=summary(accounts))
    if chosen:
        line += " " + _("(chosen for this post)")
    return line
