"""The DRY RUN banner and the one-line status bar (networks, quota, posts)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from livetweet.i18n import _
from livetweet.text.networks import DISPLAY_NAMES
from livetweet.tui.models.outbox_view import StatusFigures
from livetweet.tui.widgets.literal import safe

#: "DRY RUN" in a three-line block font, so it reads from across the room.
BIG_DRY_RUN = (
    "█▀▄ █▀▄ █ █   █▀▄ █ █ █▄ █",
    "█ █ █▀▄ ▀█▀   █▀▄ █ █ █ ▀█",
    "▀▀  ▀ ▀  ▀    ▀ ▀ ▀▀▀ ▀  ▀",
)


class DryRunBanner(Static):
    """Impossible to miss: nothing leaves the machine in dry-run."""

    def on_mount(self) -> None:
        subtitle = (
            _("nothing is published"),
            _("posts go to a local file"),
            "",
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


def status_text(figures: StatusFigures) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    labels = {
        "online": _("online"),
        "simulation": _("simulation"),
        "blocked": _("waiting for you"),
        "retrying": _("retrying"),
        "offline": _("offline"),
        "disabled": _("off"),
    }
    for index, (network, status) in enumerate(figures.networks.items()):
        if index:
            text.append("  ")
        state = "simulation" if status.dry_run and status.state == "online" else status.state
        mark, style = STATE_STYLES.get(state, ("?", ""))
        text.append(f"{mark} {DISPLAY_NAMES[network]} ", style=style)
        text.append(labels.get(state, state), style=style)
        if status.queued:
            text.append(" " + _("queued {n}").format(n=status.queued), style="dark_orange")
        if status.uncertain:
            text.append(" " + _("uncertain {n}").format(n=status.uncertain), style="bold red")
        if status.failed:
            text.append(" " + _("failed {n}").format(n=status.failed), style="bold red")
    if figures.quota:
        text.append("  │ " + _("quota {quota}").format(quota=safe(figures.quota)))
    if figures.posts is not None:
        text.append("  │ " + _("posts {n}").format(n=figures.posts))
        if figures.posts_with_urls:
            text.append(" " + _("({n} with link)").format(n=figures.posts_with_urls))
    return text


class StatusBar(Static):
    """The posting controller calls ``show`` whenever the outbox reports."""

    def show(self, figures: StatusFigures) -> None:
        self.update(status_text(figures))
