"""The report as Markdown, to paste into the website's CMS and edit there.

The same content as the HTML page. Text from the journal or the agenda is
escaped for Markdown and for the HTML a CMS may let through.
"""

from __future__ import annotations

from livetweet.i18n import _
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
from livetweet.reporting.timeline import buckets
from livetweet.text.display import terminal_safe

_SPECIAL = set("\\`*_[]<>#|~")


def md(text: object) -> str:
    """``text`` shown literally: Markdown punctuation escaped, ``&`` as an entity."""
    out = []
    for char in terminal_safe(str(text)):
        if char == "&":
            out.append("&amp;")
        elif char in _SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _post(report: Report, post: PostRecord) -> list[str]:
    when = clock(report, post.posted_at or post.queued_at)
    head = (
        f"- **{md(network_name(post.network))}** {md(post.account)} · {md(when)} · {md(post.ref)}"
    )
    if post.count > 1:
        head += " · " + md(_("part {i} of {n}").format(i=post.position, n=post.count))
    if post.state != "posted":
        head += f" · **{md(state_label(post))}**"
    if post.corrected_by:
        head += " · " + md(_("corrected by")) + " " + ", ".join(map(md, post.corrected_by))
    if post.corrects:
        head += " · " + md(_("correction of")) + " " + md(post.corrects)
    lines = [head]
    text = md(post.text).replace("\n", "  \n  ")
    lines.append(f"  ~~{text}~~" if post.state == "deleted" else f"  {text}")
    if post.url and post.state in ("posted", "deleted") and post.url.startswith("http"):
        label = _("See the post on {network}").format(network=network_name(post.network))
        lines.append(f"  [{md(label)}]({_url(post.url)})")
    if post.reason and post.state != "posted":
        lines.append(f"  {md(post.reason)}")
    return lines


def _item(report: Report, item: ItemRecord) -> list[str]:
    w = words()
    lines = [f"### {md(item_heading(item))}", ""]
    status = item_status(item)
    if status:
        lines += [f"> {md(status)}", ""]
    for o in item.overrides:
        lines += [
            md(
                _(
                    "Override on the record: {who} posted about this closed item at {when} "
                    "(journal entry {seq})."
                ).format(who=o.operator, when=clock(report, o.at), seq=o.seq)
            ),
            "",
        ]
    for label, url in item.links:
        if url.startswith("http"):
            lines.append(f"- [{md(label)}]({_url(url)})")
    if item.links:
        lines.append("")
    if item.vote is not None:
        lines += [f"**{md(w['Vote: {result}'].format(result=vote_line(item.vote)))}**", ""]
        if len(item.votes) > 1:
            lines.append(md(_("Vote records, in order (the last one is the result):")))
            for v in item.votes[:-1]:
                lines.append(
                    f"- ~~{md(vote_line(v))}~~ — {md(vote_source(v))}, "
                    f"{md(moment_label(report, v.at))} {md(w['(corrected)'])}"
                )
            last = item.votes[-1]
            lines += [
                f"- {md(vote_line(last))} — {md(vote_source(last))}, "
                f"{md(moment_label(report, last.at))}",
                "",
            ]
    if not item.posts:
        lines += [md(_("Nothing was posted about it.")), ""]
    for post in item.posts:
        lines += _post(report, post)
    lines.append("")
    return lines


def render_markdown(report: Report) -> str:
    w = words()
    meta = [x for x in (report.body, moment_label(report, report.start), report.place) if x]
    lines = [f"# {md(report_title(report))}", "", " · ".join(map(md, meta)), ""]
    if report.dry_run:
        lines += [
            f"> **{md(rehearsal_notice())}**",
            "",
        ]
    lines += [f"## {md(w['Summary'])}", ""]
    lines += [
        md(
            _("{posts} posts published, {items} agenda items, from {start} to {end}.").format(
                posts=len(report.published) + len(report.deleted),
                items=len(report.items),
                start=clock(report, report.first_at),
                end=clock(report, report.last_at),
            )
        ),
        "",
    ]
    slots = buckets(report)
    if slots:
        lines += [md(_("Posts published through the session")), ""]
        lines += [f"- {md(clock(report, t.isoformat()))} {'█' * n} {n}" for t, n in slots]
        lines.append("")
    lines += [
        f"| {md(w['Network'])} | {md(w['Accounts'])} | {md(w['Posts published'])} "
        f"| {md(w['With a link'])} | {md(w['Estimated cost'])} |",
        "|---|---|--:|--:|--:|",
    ]
    for n in report.networks:
        cost = usd(n.cost_usd) if n.cost_usd is not None else "—"
        lines.append(
            f"| {md(network_name(n.network))} | {md(', '.join(n.accounts))} | {n.posts} "
            f"| {n.posts_with_link} | {md(cost)} |"
        )
    lines += [
        "",
        md(price_sentence()),
        "",
        f"## {md(w['The agenda, item by item'])}",
        "",
    ]
    for item in report.items:
        lines += _item(report, item)
    if report.session_posts:
        lines += [f"## {md(w['Posts about the session'])}", ""]
        for post in report.session_posts:
            lines += _post(report, post)
        lines.append("")
    if report.corrections:
        lines += [f"## {md(w['Corrections'])}", ""]
        for p, fixes in report.corrections:
            fixed = "; ".join(f"{md(c.ref)} : « {md(c.text)} »" for c in fixes)
            lines.append(
                f"- {md(w['Post {ref}'].format(ref=p.ref))} ({md(network_name(p.network))}) — "
                f"{md(w['corrected by'])} {fixed}"
            )
        lines.append("")
    if report.deleted:
        lines += [f"## {md(w['Deleted posts'])}", ""]
        for p in report.deleted:
            lines.append(
                f"- {md(p.ref)} ({md(network_name(p.network))}, "
                f"{md(moment_label(report, report.deleted_at.get(p.ref)))}) : {md(p.text)}"
            )
        lines.append("")
    if report.follow_up:
        lines += [f"## {md(w['To follow up: failed or uncertain posts'])}", ""]
        for post in report.follow_up:
            lines += _post(report, post)
        lines.append("")
    lines += [
        f"## {md(w['Checking this record'])}",
        "",
        md(
            _(
                "This page was made from the session's journal ({file}, {n} entries). "
                "Its last entry's hash is:"
            ).format(file=report.journal.name, n=report.entries)
        ),
        "",
        f"`{report.last_hash}`",
        "",
        md(
            _(
                "Anyone holding the journal can check that it is whole and unchanged since "
                "this page was made:"
            )
        ),
        "",
        f"```\n{verify_command(report)}\n```",
        "",
    ]
    return "\n".join(lines)
