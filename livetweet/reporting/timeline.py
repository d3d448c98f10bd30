"""A small chart of the posts published through the session: inline SVG, one bar
per ten minutes, with a text alternative saying what it shows."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from livetweet.i18n import _
from livetweet.reporting.labels import clock, words
from livetweet.reporting.model import Report

BUCKET = timedelta(minutes=10)
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 180, 36, 28, 12


def buckets(report: Report) -> list[tuple[datetime, int]]:
    """(start of each ten-minute slot, posts published in it), first to last post."""
    times = sorted(
        datetime.fromisoformat(p.posted_at)
        for p in report.posts.values()
        if p.posted_at and p.state in ("posted", "deleted")
    )
    if not times:
        return []
    start = times[0].replace(minute=times[0].minute - times[0].minute % 10, second=0, microsecond=0)
    count = int((times[-1] - start) / BUCKET) + 1
    slots = [0] * count
    for moment in times:
        slots[int((moment - start) / BUCKET)] += 1
    return [(start + i * BUCKET, n) for i, n in enumerate(slots)]


def timeline_svg(report: Report) -> str:
    w = words()
    slots = buckets(report)
    if not slots:
        return f"<p>{escape(w['No post was published: no timeline to show.'])}</p>"
    peak_start, peak = max(slots, key=lambda s: s[1])
    total = sum(n for _s, n in slots)
    summary = _(
        "{total} posts published between {start} and {end}, by ten-minute slot; "
        "the busiest slot, from {peak_start}, has {peak}."
    ).format(
        total=total,
        start=clock(report, slots[0][0].isoformat()),
        end=clock(report, (slots[-1][0] + BUCKET).isoformat()),
        peak_start=clock(report, peak_start.isoformat()),
        peak=peak,
    )
    inner_w, inner_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    bar_w = min(inner_w / len(slots), 48.0)  # one slot alone is a bar, not a wall
    parts = []
    for index, (moment, n) in enumerate(slots):
        h = inner_h * n / peak if peak else 0
        x = LEFT + index * bar_w
        label = escape(f"{clock(report, moment.isoformat())}: {n}")
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{TOP + inner_h - h:.1f}" width="{max(bar_w - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="#1f4e8c"><title>{label}</title></rect>'
        )
    step = max(1, len(slots) // 6)
    for index in range(0, len(slots), step):
        x = LEFT + index * bar_w
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="12" fill="#1b1b1b">'
            f"{escape(clock(report, slots[index][0].isoformat()))}</text>"
        )
    axis = (
        f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - 8}" y2="{TOP + inner_h}" '
        f'stroke="#1b1b1b"/>'
        f'<text x="4" y="{TOP + 10}" font-size="12" fill="#1b1b1b">{peak}</text>'
        f'<text x="4" y="{TOP + inner_h}" font-size="12" fill="#1b1b1b">0</text>'
    )
    title = escape(_("Posts published through the session"))
    return (
        f'<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="chart-title chart-desc">'
        f'<title id="chart-title">{title}</title><desc id="chart-desc">{escape(summary)}</desc>'
        f"{axis}{''.join(parts)}</svg>"
        f"<figcaption>{escape(summary)}</figcaption></figure>"
    )
