"""The report as plain JSON data, described by ``data/report.schema.json``.

Field names are English and stable (a format contract: scripts read them);
labels meant for people are not included, only data.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from livetweet import __version__
from livetweet.agenda.actes import is_matter_code, matter_labels
from livetweet.publishing.state import PostRecord
from livetweet.reporting import prices
from livetweet.reporting.labels import report_title
from livetweet.reporting.model import ItemRecord, Report, VoteRecord

FORMAT_VERSION = 1


def report_schema() -> dict[str, Any]:
    """The committed JSON Schema of :func:`report_data`."""
    raw = files("livetweet.reporting").joinpath("data/report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(raw)
    return schema


def _vote(vote: VoteRecord) -> dict[str, Any]:
    return {
        "for": vote.votes_for,
        "against": vote.against,
        "abstain": vote.abstain,
        "outcome": vote.outcome,
        "recorded_at": vote.at,
        "entry": vote.seq,
        "operator": vote.operator,
        "source": vote.source,
    }


def _matter(code: str | None) -> str | None:
    if code is None or not is_matter_code(code):
        return None
    return "/".join(matter_labels(code))


def _item(item: ItemRecord) -> dict[str, Any]:
    return {
        "id": item.id,
        "number": item.number,
        "title": item.title,
        "closed": item.closed,
        "do_not_post": item.do_not_post,
        "matiere": item.matiere,
        "matiere_name": _matter(item.matiere),
        "links": [{"label": label, "url": url} for label, url in item.links],
        "started_at": item.started_at,
        "vote": _vote(item.vote) if item.vote else None,
        "votes": [_vote(v) for v in item.votes],
        "overrides": [
            {"why": o.why, "at": o.at, "entry": o.seq, "operator": o.operator}
            for o in item.overrides
        ],
        "posts": [p.ref for p in item.posts],
    }


def _post(post: PostRecord, report: Report) -> dict[str, Any]:
    parent = report.posts.get(post.reply_to_ref or "")
    return {
        "ref": post.ref,
        "network": post.network,
        "account": post.account,
        "item": post.item_id,
        "stage": post.stage,
        "text": post.text,
        "state": post.state,
        "post_id": post.post_id,
        "url": post.url,
        "queued_at": post.queued_at,
        "posted_at": post.posted_at,
        "deleted_at": report.deleted_at.get(post.ref),
        "thread": post.thread_id,
        "position": post.position,
        "count": post.count,
        "reply_to": parent.ref if parent else None,
        "corrects": post.corrects,
        "corrected_by": list(post.corrected_by),
        "reason": post.reason,
        "has_link": post.has_url,
        "operator": post.operator,
    }


def report_data(report: Report) -> dict[str, Any]:
    return {
        "format": "livetweet-report",
        "version": FORMAT_VERSION,
        "generator": f"livetweet {__version__}",
        "title": report_title(report),
        "dry_run": report.dry_run,
        "session": {
            "id": report.session_id,
            "title": report.title,
            "body": report.body,
            "place": report.place,
            "start": report.start,
            "date": report.date,
            "siret": report.siret,
            "members_in_office": report.members_in_office,
            "hashtags": list(report.hashtags),
        },
        "journal": {
            "file": report.journal.name,
            "entries": report.entries,
            "last_entry": report.last_seq,
            "last_hash": report.last_hash,
            "first_at": report.first_at,
            "last_at": report.last_at,
            "incomplete_last_line": report.torn_tail_line,
        },
        "items": [_item(i) for i in report.items],
        "session_posts": [p.ref for p in report.session_posts],
        "posts": [_post(p, report) for p in report.posts.values()],
        "networks": [
            {
                "network": n.network,
                "accounts": list(n.accounts),
                "posts": n.posts,
                "posts_with_link": n.posts_with_link,
                "cost_usd": n.cost_usd,
            }
            for n in report.networks
        ],
        "prices": {
            "x_post_usd": prices.X_PRICE_POST_USD,
            "x_post_with_url_usd": prices.X_PRICE_POST_WITH_URL_USD,
            "as_of": prices.X_PRICES_AS_OF,
            "source": prices.X_PRICES_SOURCE,
        },
    }


def render_json(report: Report) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"
