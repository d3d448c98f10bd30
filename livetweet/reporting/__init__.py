"""After the session: the public record of a journal, in every format. Textual-free.

``build_report(journal, agenda)`` verifies the journal's chain and gathers the
session, its items in order, what was posted about each (networks, accounts,
links), the votes (the latest record wins; earlier ones stay visible),
corrections, deletions, overrides and posts needing follow-up. The renderers
turn a ``Report`` into HTML, Markdown, JSON, ActivityStreams 2.0 or the SCDL
délibérations CSV.
"""

from __future__ import annotations

from livetweet.reporting.model import (
    ItemRecord,
    NetworkSummary,
    Override,
    Report,
    ReportError,
    VoteRecord,
    build_report,
)

__all__ = [
    "ItemRecord",
    "NetworkSummary",
    "Override",
    "Report",
    "ReportError",
    "VoteRecord",
    "build_report",
]
