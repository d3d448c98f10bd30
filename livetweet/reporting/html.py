"""The report as one self-contained, accessible, printable HTML page.

No script, no external resource: the style is inline, the timeline chart is an
inline SVG with a text alternative, and the schema.org ``LiveBlogPosting`` is a
JSON-LD data block (not executed). Every text from the journal or the agenda is
escaped; only http(s) addresses become links.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from typing import Any

from livetweet.i18n import _, current_language
from livetweet.publishing.state import PostRecord
from livetweet.reporting.labels import (
    clock,
    item_heading,
    item_status,
    moment_label,
    network_name,
    price_sentence,
    rehearsal_notice,
    report_title,
    state_label,
    usd,
    verify_command,
    vote_line,
    vote_source,
    words,
)
from livetweet.reporting.model import ItemRecord, Report
from livetweet.reporting.timeline import timeline_svg
from livetweet.text.display import terminal_safe

_STYLE = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
  background: #fff; margin: 0 auto; max-width: 60rem; padding: 0 1rem 2rem; }
a { color: #0645ad; } a:visited { color: #5a2d91; }
a:focus { outline: 3px solid #1b1b1b; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; }
header { border-bottom: 3px solid #1b1b1b; margin-bottom: 1rem; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 1.2rem 0 .4rem; }
h2 { font-size: 1.4rem; border-bottom: 1px solid #757575; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 .3rem; }
.meta { color: #3d3d3d; margin: .2rem 0 1rem; }
.dryrun { background: #fff0c2; border: 2px solid #8a5a00; color: #1b1b1b; padding: .6rem .8rem;
  font-weight: bold; }
.status { background: #eee; border-left: 4px solid #555; padding: .3rem .6rem; }
.vote { font-weight: bold; }
.superseded { color: #3d3d3d; text-decoration: line-through; }
ol.posts { list-style: none; padding: 0; }
ol.posts > li { border: 1px solid #c4c4c4; border-radius: 6px; padding: .5rem .8rem;
  margin: .5rem 0; }
.post-meta { font-size: .9rem; color: #3d3d3d; }
.post-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: .3rem 0; }
.photos { margin: .2rem 0; overflow-wrap: anywhere; }
.badge { display: inline-block; font-size: .8rem; font-weight: bold; padding: 0 .4rem;
  border-radius: 3px; border: 1px solid currentColor; }
.deleted { color: #8b0000; } .failed, .uncertain { color: #8b0000; } .corrected { color: #6b4000; }
li.is-deleted .post-text { text-decoration: line-through; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #999; padding: .25rem .6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } svg { max-width: 100%; height: auto; }
code { background: #f2f2f2; padding: 0 .2rem; overflow-wrap: anywhere; }
footer { border-top: 1px solid #757575; margin-top: 2rem; font-size: .95rem; }
@media print {
  nav, .skip { display: none; }
  body { max-width: none; font-size: 11pt; }
  ol.posts > li { break-inside: avoid; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .8em; overflow-wrap: anywhere; }
}
"""


def _e(text: object) -> str:
    """Escaped, with control characters and bidi overrides shown, not obeyed."""
    return escape(terminal_safe(str(text)), quote=True)


def _safe_url(url: str | None) -> str | None:
    """Only web addresses become links (never ``javascript:`` or the like)."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def _link(url: str | None, text: str) -> str:
    safe = _safe_url(url)
    return f'<a href="{_e(safe)}">{_e(text)}</a>' if safe else _e(text)


def _post(report: Report, post: PostRecord) -> str:
    w = words()
    classes = "is-deleted" if post.state == "deleted" else ""
    when = clock(report, post.posted_at or post.queued_at)
    meta = [
        f"<strong>{_e(network_name(post.network))}</strong>",
        _e(post.account),
        f'<time datetime="{_e(post.posted_at or post.queued_at)}">{_e(when)}</time>',
    ]
    if post.count > 1:
        meta.append(_e(_("part {i} of {n}").format(i=post.position, n=post.count)))
    badges = []
    if post.state != "posted":
        badges.append(f'<span class="badge {_e(post.state)}">{_e(state_label(post))}</span>')
    if post.corrected_by:
        refs = ", ".join(
            f'<a href="#{_e(r)}">{_e(r)}</a>' for r in post.corrected_by if r in report.posts
        )
        badges.append(f'<span class="badge corrected">{_e(w["corrected by"])} {refs}</span>')
    if post.corrects:
        badges.append(
            f'<span class="badge corrected">{_e(w["correction of"])} '
            f'<a href="#{_e(post.corrects)}">{_e(post.corrects)}</a></span>'
        )
    link = ""
    if post.url and post.state in ("posted", "deleted"):
        link = "<p>" + _link(
            post.url, _("See the post on {network}").format(network=network_name(post.network))
        )
        if post.state == "deleted":
            link += " " + _e(_("(deleted: the link no longer works)"))
        link += "</p>"
    reason = f"<p>{_e(post.reason)}</p>" if post.reason and post.state != "posted" else ""
    return (
        f'<li id="{_e(post.ref)}" class="{classes}">'
        f'<p class="post-meta">{" · ".join(meta)} <span class="ref">({_e(post.ref)})</span> '
        f"{' '.join(badges)}</p>"
        f'<p class="post-text">{_e(post.text)}</p>'
        f"{_photos(post)}{link}{reason}</li>"
    )


def _photos(post: PostRecord) -> str:
    """The alt text of each photo the post carried: what a reader who cannot see it
    was told (the report holds no image)."""
    if not post.media:
        return ""
    items = "".join(
        "<li>"
        + _e(
            _("Photo {n}: {alt}").format(n=n, alt=photo.alt)
            if photo.alt
            else _("Photo {n}, without alt text").format(n=n)
        )
        + "</li>"
        for n, photo in enumerate(post.media, 1)
    )
    return f'<ul class="photos">{items}</ul>'


def _posts(report: Report, posts: list[PostRecord]) -> str:
    w = words()
    if not posts:
        return f"<p>{_e(w['Nothing was posted about it.'])}</p>"
    return '<ol class="posts">' + "".join(_post(report, p) for p in posts) + "</ol>"


def _item(report: Report, item: ItemRecord) -> str:
    w = words()
    parts = [
        f'<section id="item-{_e(item.id)}" aria-labelledby="h-item-{_e(item.id)}">',
        f'<h3 id="h-item-{_e(item.id)}">{_e(item_heading(item))}</h3>',
    ]
    status = item_status(item)
    if status:
        parts.append(f'<p class="status">{_e(status)}</p>')
    for override in item.overrides:
        parts.append(
            '<p class="status">'
            + _e(
                _(
                    "Override on the record: {who} posted about this closed item at {when} "
                    "(journal entry {seq})."
                ).format(who=override.operator, when=clock(report, override.at), seq=override.seq)
            )
            + "</p>"
        )
    if item.links:
        parts.append(
            "<ul>" + "".join(f"<li>{_link(url, label)}</li>" for label, url in item.links) + "</ul>"
        )
    if item.vote is not None:
        result = _("Vote: {result}").format(result=vote_line(item.vote))
        parts.append(f'<p class="vote">{_e(result)}</p>')
        if len(item.votes) > 1:
            history = "".join(
                f'<li><span class="superseded">{_e(vote_line(v))}</span> — '
                f"{_e(vote_source(v))}, {_e(moment_label(report, v.at))} "
                f"{_e(w['(corrected)'])}</li>"
                for v in item.votes[:-1]
            )
            last = item.votes[-1]
            history += (
                f"<li>{_e(vote_line(last))} — {_e(vote_source(last))}, "
                f"{_e(moment_label(report, last.at))}</li>"
            )
            parts.append(
                f"<p>{_e(w['Vote records, in order (the last one is the result):'])}</p>"
                f"<ul>{history}</ul>"
            )
    parts.append(_posts(report, item.posts))
    parts.append("</section>")
    return "".join(parts)


def _summary(report: Report) -> str:
    w = words()
    rows = []
    for n in report.networks:
        cost = usd(n.cost_usd) if n.cost_usd is not None else "—"
        rows.append(
            f"<tr><th scope='row'>{_e(network_name(n.network))}</th>"
            f"<td>{_e(', '.join(n.accounts))}</td><td class='num'>{n.posts}</td>"
            f"<td class='num'>{n.posts_with_link}</td><td class='num'>{_e(cost)}</td></tr>"
        )
    price_note = price_sentence()
    if report.dry_run:
        price_note += " " + _("In a rehearsal nothing was billed: this is what it would cost.")
    return (
        f"<table><caption>{_e(w['Posts per network'])}</caption><thead><tr>"
        f"<th scope='col'>{_e(w['Network'])}</th><th scope='col'>{_e(w['Accounts'])}</th>"
        f"<th scope='col'>{_e(w['Posts published'])}</th>"
        f"<th scope='col'>{_e(w['With a link'])}</th>"
        f"<th scope='col'>{_e(w['Estimated cost'])}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table><p>{_e(price_note)}</p>"
    )


def _without_nulls(value: Any) -> Any:
    """JSON-LD leaves out what is unknown rather than saying null."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _json_ld(report: Report) -> str:
    updates = [
        {
            "@type": "BlogPosting",
            "headline": p.text[:110],
            "articleBody": p.text,
            "datePublished": p.posted_at,
            "url": _safe_url(p.url),
        }
        for p in report.published
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": report_title(report),
        "inLanguage": current_language(),
        "coverageStartTime": report.first_at,
        "coverageEndTime": report.last_at,
        "about": {
            "@type": "Event",
            "name": report.title,
            "startDate": report.start,
            "organizer": {"@type": "GovernmentOrganization", "name": report.body}
            if report.body
            else None,
            "location": {"@type": "Place", "name": report.place} if report.place else None,
        },
        "liveBlogUpdate": updates,
    }
    text = json.dumps(
        _without_nulls(data), ensure_ascii=True, indent=1
    )  # no raw bidi control in the page
    # Inside <script>, "</" would end the block: JSON allows "<" as \u003c.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(report: Report) -> str:
    w = words()
    title = report_title(report)
    lang = current_language()
    meta = [x for x in (report.body, moment_label(report, report.start), report.place) if x]
    nav = "".join(
        f'<li><a href="#item-{_e(i.id)}">{_e(item_heading(i))}</a></li>' for i in report.items
    )
    sections = []
    if report.session_posts:
        sections.append(
            f'<section aria-labelledby="h-session"><h2 id="h-session">'
            f"{_e(w['Posts about the session'])}</h2>{_posts(report, report.session_posts)}"
            "</section>"
        )
    corrections = report.corrections
    if corrections:
        rows = "".join(
            "<li>" + _e(w["Post {ref}"]).format(ref=f'<a href="#{_e(p.ref)}">{_e(p.ref)}</a>') + " "
            f"({_e(network_name(p.network))}) — {_e(w['corrected by'])} "
            + ", ".join(
                f'<a href="#{_e(c.ref)}">{_e(c.ref)}</a>: «&nbsp;{_e(c.text)}&nbsp;»' for c in fixes
            )
            + "</li>"
            for p, fixes in corrections
        )
        sections.append(
            f'<section aria-labelledby="h-corrections"><h2 id="h-corrections">'
            f"{_e(w['Corrections'])}</h2><ul>{rows}</ul></section>"
        )
    if report.deleted:
        rows = "".join(
            f'<li><a href="#{_e(p.ref)}">{_e(p.ref)}</a> ({_e(network_name(p.network))}, '
            f"{_e(moment_label(report, report.deleted_at.get(p.ref)))}) : {_e(p.text)}</li>"
            for p in report.deleted
        )
        sections.append(
            f'<section aria-labelledby="h-deleted"><h2 id="h-deleted">'
            f"{_e(w['Deleted posts'])}</h2><ul>{rows}</ul></section>"
        )
    follow = report.follow_up
    if follow:
        sections.append(
            f'<section aria-labelledby="h-follow"><h2 id="h-follow">'
            f"{_e(w['To follow up: failed or uncertain posts'])}</h2>"
            "<ul>"
            + "".join(
                f'<li><a href="#{_e(p.ref)}">{_e(p.ref)}</a> ({_e(network_name(p.network))}, '
                f"{_e(clock(report, p.queued_at))}) — <strong>{_e(state_label(p))}</strong> — "
                f"{_e(p.text)}" + (f" — {_e(p.reason)}" if p.reason else "") + "</li>"
                for p in follow
            )
            + "</ul></section>"
        )
    dry = f'<p class="dryrun" role="note">{_e(rehearsal_notice())}</p>' if report.dry_run else ""
    counts = _("{posts} posts published, {items} agenda items, from {start} to {end}.").format(
        posts=len(report.published) + len(report.deleted),
        items=len(report.items),
        start=clock(report, report.first_at),
        end=clock(report, report.last_at),
    )
    made_from = _(
        "This page was made from the session's journal ({file}, {n} entries). "
        "Its last entry's hash is:"
    ).format(file=report.journal.name, n=report.entries)
    anyone = _(
        "Anyone holding the journal can check that it is whole and unchanged since "
        "this page was made:"
    )
    made_by = _("Made by livetweet on {date}.").format(
        date=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    )
    torn = ""
    if report.torn_tail_line is not None:
        torn = (
            "<p>"
            + _e(
                _(
                    "The journal ends with an incomplete line ({line}): the app stopped while "
                    "writing it; it was never acted on."
                ).format(line=report.torn_tail_line)
            )
            + "</p>"
        )
    return f"""<!DOCTYPE html>
<html lang="{_e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="livetweet">
<title>{_e(title)}</title>
<style>{_STYLE}</style>
<script type="application/ld+json">
{_json_ld(report)}
</script>
</head>
<body>
<a class="skip" href="#main">{_e(w["Skip to the content"])}</a>
<header>
<h1>{_e(title)}</h1>
<p class="meta">{" · ".join(_e(m) for m in meta)}</p>
{dry}
</header>
<nav aria-label="{_e(w["Agenda items"])}">
<h2>{_e(w["Agenda"])}</h2>
<ol>{nav}</ol>
</nav>
<main id="main">
<section aria-labelledby="h-summary">
<h2 id="h-summary">{_e(w["Summary"])}</h2>
<p>{_e(counts)}</p>
{timeline_svg(report)}
{_summary(report)}
</section>
<section aria-labelledby="h-items">
<h2 id="h-items">{_e(w["The agenda, item by item"])}</h2>
{"".join(_item(report, i) for i in report.items)}
</section>
{"".join(sections)}
</main>
<footer>
<h2>{_e(w["Checking this record"])}</h2>
<p>{_e(made_from)}</p>
<p><code>{_e(report.last_hash)}</code></p>
<p>{_e(anyone)}</p>
<p><code>{_e(verify_command(report))}</code></p>
{torn}
<p>{_e(made_by)}</p>
</footer>
</body>
</html>
"""
