"""Pick an elected member by name, role, group name or group id; returns the member id."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from livetweet.agenda.model import Agenda, Member
from livetweet.i18n import _
from livetweet.tui.widgets.literal import SafeInput, highlighted, safe


def member_label(agenda: Agenda, member: Member) -> str:
    """Name, role and group: what the operator may remember of a member."""
    bits = [member.name]
    if member.role:
        bits.append(member.role)
    group = agenda.group(member.group) if member.group else None
    if group is not None:
        bits.append(group.name)
    return " — ".join(bits)


def search_members(agenda: Agenda, query: str) -> list[Member]:
    """Members matching ``query`` fuzzily, best first; all of them, in order, if empty.

    The label (name, role, group name) is searched, and the group's id on its own:
    the clerk's ``opposition`` finds every member of that group."""
    if not query.strip():
        return list(agenda.members)
    matcher = Matcher(query)

    def score(member: Member) -> float:
        scores = [matcher.match(member_label(agenda, member))]
        group = agenda.group(member.group) if member.group else None
        if group is not None:
            scores += [matcher.match(group.id), matcher.match(group.name)]
        return max(scores)

    scored = [(score(m), i, m) for i, m in enumerate(agenda.members)]
    return [m for points, _i, m in sorted(scored, key=lambda s: (-s[0], s[1])) if points > 0]


class MemberPicker(ModalScreen[str | None]):
    """Type to filter, arrows to choose, Enter to insert ``{@member_id}``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="member.cancel"),
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
    ]

    def __init__(self, agenda: Agenda) -> None:
        super().__init__()
        self.agenda = agenda

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(_("Insert a member"), classes="dialog-title")
            yield SafeInput(placeholder=_("name, role or group…"), id="member-query")
            yield OptionList(id="member-options")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        options = self.query_one("#member-options", OptionList)
        options.clear_options()
        matcher = Matcher(query) if query.strip() else None
        for member in search_members(self.agenda, query):
            label = member_label(self.agenda, member)
            prompt = highlighted(matcher, label) if matcher else Text(safe(label, one_line=True))
            options.add_option(Option(prompt, id=member.id))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#member-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#member-options", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted, "#member-query")
    def _submit_query(self) -> None:
        options = self.query_one("#member-options", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#member-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
