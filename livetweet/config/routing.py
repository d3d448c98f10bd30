"""Which accounts a post goes to: the configuration's ``groups`` and ``routing``.

The communications team owns this, not the clerk: the agenda only says each
item's theme, and ``routing`` says which groups of accounts post which themes.
Without ``routing`` every account posts everything (as before accounts existed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from livetweet.i18n import _

if TYPE_CHECKING:
    from livetweet.agenda.model import Agenda
    from livetweet.config.model import Config

ALL = "all"


def route(config: Config, theme: str | None) -> list[str]:
    """The ids of the accounts a post about ``theme`` goes to, in configuration order
    (x, mastodon, bluesky, then ``accounts:``), among the accounts posts go to
    (``Config.active_accounts``). A post with no item, or an item with no theme,
    goes to the groups routed "all"."""
    active = [a.id for a in config.active_accounts()]
    if not config.routing:
        return active
    wanted: set[str] = set()
    for group, themes in config.routing.items():
        if themes == ALL or (theme is not None and theme in themes):
            wanted.update(config.groups.get(group, ()))
    return [account_id for account_id in active if account_id in wanted]


@dataclass(frozen=True)
class UnknownTheme:
    """A theme id in ``routing`` that the agenda does not have (a typo, or another
    agenda's): its group would silently never post."""

    group: str
    theme: str
    #: Where it is written in the configuration file (None: not from a file).
    line: int | None
    column: int
    #: The theme ids the agenda has, for the message.
    known: tuple[str, ...]

    def message(self) -> str:
        return _("routing.{group}: the agenda has no theme {theme}; its themes: {known}").format(
            group=self.group, theme=self.theme, known=", ".join(self.known) or "—"
        )

    def located(self, config: Config) -> str:
        """``FILE:LINE:COL: message`` (or the message alone without a file)."""
        if config.source is None:
            return self.message()
        where = f"{config.source}:{self.line}:{self.column}" if self.line else f"{config.source}"
        return f"{where}: {self.message()}"


def unknown_themes(config: Config, agenda: Agenda) -> list[UnknownTheme]:
    """The routed theme ids ``agenda`` does not declare, in the file's order."""
    known = tuple(theme.id for theme in agenda.themes)
    found: list[UnknownTheme] = []
    for group, themes in config.routing.items():
        if themes == ALL:
            continue
        for index, theme in enumerate(themes):
            if theme in known:
                continue
            line, column = (
                config.where("routing", group, str(index))
                or config.where("routing", group)
                or (None, 1)
            )
            found.append(UnknownTheme(group, theme, line, column, known))
    return found
