"""What ``agenda check`` finds: problems with their place in the file, and a summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from livetweet.i18n import _
from livetweet.text.networks import Network

if TYPE_CHECKING:
    from livetweet.agenda.model import Agenda

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem, printed as ``FILE:LINE:COL: error: message (hint)``.

    ``line`` and ``col`` are 1-based; 0 when the problem concerns the whole
    file (unreadable, too large).
    """

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        severity = _("error") if self.severity == "error" else _("warning")
        text = f"{where}: {severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Longest:
    """The longest rendered post on one network."""

    length: int
    limit: int
    item_id: str | None  # None for a session stage
    stage: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "length": self.length,
            "limit": self.limit,
            "item": self.item_id,
            "stage": self.stage,
        }


@dataclass
class Summary:
    items: int = 0
    postable: int = 0
    closed: int = 0
    do_not_post: int = 0
    drafts: int = 0  # prepared drafts (a thread counts once)
    members: int = 0
    longest: dict[Network, Longest] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "postable": self.postable,
            "closed": self.closed,
            "do_not_post": self.do_not_post,
            "drafts": self.drafts,
            "members": self.members,
            "longest": {net: longest.as_dict() for net, longest in self.longest.items()},
        }


@dataclass
class CheckReport:
    """The outcome of checking one file. ``agenda`` is set only when it has no error."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    agenda: Agenda | None = None
    summary: Summary = field(default_factory=Summary)
    readable: bool = True  # False: the file could not be read at all (exit status 2)
    content_key: str | None = None  # check_cache.check_key of the bytes that were checked

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.readable and not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "valid": self.ok,
            "readable": self.readable,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.as_dict() for p in self.problems],
            "summary": self.summary.as_dict(),
        }


class AgendaError(Exception):
    """An agenda file could not be loaded; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
