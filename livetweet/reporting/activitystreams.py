"""The report as an ActivityStreams 2.0 ``OrderedCollection``: the format of a
Mastodon account archive's ``outbox.json``.

Every published post is a ``Create`` of a ``Note`` (content as HTML, escaped;
``published``, ``url``, ``inReplyTo``, ``attachment`` and hashtags and mentions
as ``tag``; each photo an ``Image`` attachment whose ``name`` is its alt text, as
Mastodon writes it, with its media type and size); a correction is the ``Create``
of the correcting note plus an ``Update`` of the note it corrects; a deletion is a
``Delete`` leaving a ``Tombstone``. Activities are in time order.
"""

from __future__ import annotations

import json
import mimetypes
from html import escape
from typing import Any

from livetweet.publishing.state import PostRecord
from livetweet.reporting.labels import report_title
from livetweet.reporting.model import Report
from livetweet.text.entities import MASTODON_MENTION, extract_hashtags, extract_mentions

CONTEXT = "https://www.w3.org/ns/activitystreams"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def _note_id(report: Report, post: PostRecord) -> str:
    if post.url and post.url.startswith(("https://", "http://")):
        return post.url
    return f"urn:livetweet:{report.session_id}:{post.ref}"


def _actor(post: PostRecord) -> str:
    return f"urn:livetweet:account:{post.network}:{post.account or '-'}"


def _tags(post: PostRecord) -> list[dict[str, str]]:
    text = post.text
    tags = [{"type": "Hashtag", "name": text[s:e]} for s, e in extract_hashtags(text)]
    if post.network == "mastodon":
        mentions = [m.group(0) for m in MASTODON_MENTION.finditer(text)]
    else:
        mentions = [text[s:e] for s, e in extract_mentions(text)]
    tags += [{"type": "Mention", "name": m} for m in mentions]
    return tags


def _attachments(post: PostRecord) -> list[dict[str, Any]]:
    """The post's photos, as uploaded (the journal's hashes and types, never bytes)."""
    found = []
    for index, photo in enumerate(post.media):
        uploaded = post.uploaded.get(index)
        media_type = (
            uploaded.mime_type if uploaded else mimetypes.guess_type(photo.name)[0] or "image/*"
        )
        image: dict[str, Any] = {"type": "Image", "mediaType": media_type}
        if photo.alt:
            image["name"] = photo.alt  # the alt text, where Mastodon's archive puts it
        image["width"] = uploaded.width if uploaded else photo.width
        image["height"] = uploaded.height if uploaded else photo.height
        found.append(image)
    return found


def _content(text: str) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )


def _note(report: Report, post: PostRecord) -> dict[str, Any]:
    parent = report.posts.get(post.reply_to_ref or "")
    return {
        "id": _note_id(report, post),
        "type": "Note",
        "attributedTo": _actor(post),
        "content": _content(post.text),
        "mediaType": "text/html",
        "published": post.posted_at,
        "url": post.url,
        "inReplyTo": _note_id(report, parent) if parent is not None else None,
        "to": [PUBLIC],
        "attachment": _attachments(post),
        "tag": _tags(post),
        "generator": {"type": "Application", "name": "livetweet"},
    }


def activity_collection(report: Report) -> dict[str, Any]:
    activities: list[tuple[str, int, dict[str, Any]]] = []
    for post in report.posts.values():
        if post.state not in ("posted", "deleted") or not post.posted_at:
            continue
        note = _note(report, post)
        activities.append(
            (
                post.posted_at,
                0,
                {
                    "id": note["id"] + "#create",
                    "type": "Create",
                    "actor": note["attributedTo"],
                    "published": post.posted_at,
                    "to": [PUBLIC],
                    "object": note,
                },
            )
        )
        for ref in post.corrected_by:
            fix = report.posts.get(ref)
            if fix is None or not fix.posted_at or fix.state != "posted":
                continue
            updated = {
                **note,
                "content": note["content"] + _content(fix.text),
                "updated": fix.posted_at,
            }
            activities.append(
                (
                    fix.posted_at,
                    1,
                    {
                        "id": f"{note['id']}#update-{ref}",
                        "type": "Update",
                        "actor": note["attributedTo"],
                        "published": fix.posted_at,
                        "to": [PUBLIC],
                        "object": updated,
                    },
                )
            )
        deleted = report.deleted_at.get(post.ref)
        if post.state == "deleted" and deleted:
            activities.append(
                (
                    deleted,
                    2,
                    {
                        "id": note["id"] + "#delete",
                        "type": "Delete",
                        "actor": note["attributedTo"],
                        "published": deleted,
                        "to": [PUBLIC],
                        "object": {
                            "id": note["id"],
                            "type": "Tombstone",
                            "formerType": "Note",
                            "deleted": deleted,
                        },
                    },
                )
            )
    activities.sort(key=lambda a: (a[0], a[1]))
    ordered = [a for _t, _k, a in activities]
    return {
        "@context": CONTEXT,
        "id": f"urn:livetweet:{report.session_id}:outbox",
        "type": "OrderedCollection",
        "summary": report_title(report),
        "totalItems": len(ordered),
        "orderedItems": ordered,
    }


def render_activitystreams(report: Report) -> str:
    return json.dumps(activity_collection(report), ensure_ascii=False, indent=2) + "\n"
