"""The DRY RUN banner and the one-line status bar (networks, quota, posts)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from livetweet.i18n import _, ngettext
from livetweet.tui.models.accounts import network_name
from livetweet.tui.models.outbox_view import NetworkStatus, StatusFigures
from livetweet.tui.widgets.literal import safe

#: "DRY RUN" in a three-line block font, so it reads from across the room.
BIG_DRY_RUN = (
    "█▀▄ █▀▄ █ █   █▀▄ █ █ █▄ █",
    "█ █ █▀▄ ▀█▀   █▀▄ █ █ █ ▀█",
    "▀▀  ▀ ▀  ▀    ▀ ▀ ▀▀▀ ▀  ▀",
)


class DryRunBanner(Static):
    """Impossible to miss: nothing leaves the machine in dry-run."""

    def __init__(self, *, id: str | None = None, accounts: int | None = None) -> None:
        super().__init__(id=id)
        #: With several accounts: how many are simulated (every configured one).
        self.accounts = accounts

    def on_mount(self) -> None:
        every = ""
        if self.accounts is not None:
            every = ngettext(
                "the {n} configured account is simulated",
                "all {n} configured accounts are simulated",
                self.accounts,
            ).format(n=self.accounts)
        subtitle = (
            _("nothing is published"),
            _("posts go to a local file"),
            every,
        )
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, (big, small) in enumerate(zip(BIG_DRY_RUN, subtitle, strict=True)):
            if index:
                text.append("\n")
            text.append(big, style="bold")
            text.append(f"   {small}", style="bold")
        self.update(text)


STATE_STYLES = {
    "online": ("●", "green"),
    "simulation": ("◌", "cyan"),
    "blocked": ("◆", "bold red"),
    "retrying": ("◐", "dark_orange"),
    "offline": ("○", "red"),
    "disabled": ("·", "dim"),
}


#: More accounts than this: a healthy one shows its mark only, not the word.
COMPACT_FROM = 4


def _name(key: str, status: NetworkStatus) -> str:
    """The account's label, else (a default account) its network's name."""
    return status.label or network_name(key)


def status_text(figures: StatusFigures) -> Text:
    """One segment per account (a default account: its network's name), each with
    its own state and counts: one account failing shows on its own."""
    text = Text(no_wrap=True, overflow="ellipsis")
    compact = len(figures.networks) >= COMPACT_FROM
    labels = {
        "online": _("online"),
        "simulation": _("simulation"),
        "blocked": _("waiting for you"),
        "retrying": _("retrying"),
        "offline": _("offline"),
        "disabled": _("off"),
    }
    for index, (key, status) in enumerate(figures.networks.items()):
        if index:
            text.append("  ")
        state = "simulation" if status.dry_run and status.state == "online" else status.state
        mark, style = STATE_STYLES.get(state, ("?", ""))
        if compact and state in ("online", "simulation"):
            text.append(f"{mark} {safe(_name(key, status), one_line=True)}", style=style)
        else:
            text.append(f"{mark} {safe(_name(key, status), one_line=True)} ", style=style)
            text.append(labels.get(state, state), style=style)
        if status.queued:
            text.append(" " + _("queued {n}").format(n=status.queued), style="dark_orange")
        if status.uncertain:
            text.append(" " + _("uncertain {n}").format(n=status.uncertain), style="bold red")
        if status.failed:
            text.append(" " + _("failed {n}").format(n=status.failed), style="bold red")
        _photo_budget(text, status)
    if figures.quota:
        text.append("  │ " + _("quota {quota}").format(quota=safe(figures.quota)))
    if figures.posts is not None:
        text.append("  │ " + _("posts {n}").format(n=figures.posts))
        if figures.posts_with_urls:
            text.append(" " + _("({n} with link)").format(n=figures.posts_with_urls))
    return text


def _photo_budget(text: Text, status: NetworkStatus) -> None:
    """Mastodon's photo uploads left, once some are spent; when none is left, until
    when (a post with photos waits, queued, till then)."""
    left = status.media_remaining
    if left is None or left >= status.media_limit:
        return
    budget = _("photos {left}/{limit}").format(left=left, limit=status.media_limit)
    if not left and status.media_until:
        budget += " " + _("until {time}").format(time=status.media_until)
    text.append(" " + budget, style="dark_orange" if not left else "")


class StatusBar(Static):
    """The posting controller calls ``show`` whenever the outbox reports."""

    def show(self, figures: StatusFigures) -> None:
        self.update(status_text(figures))
