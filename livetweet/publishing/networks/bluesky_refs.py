"""Naming Bluesky posts: record keys, AT URIs, web addresses.

The record key of every post is *derived* from the outbox's idempotency key
(``session/ref``, itself fixed by the journal before the first attempt), so a
journalled post has one key forever: a retry after an unknown outcome either
creates the record or meets the one an earlier attempt created, and
``getRecord`` on that key tells with certainty whether the post is out. No
key is ever generated afresh for a journalled post.

A record key must be a TID (13 base32-sortable characters: 53 bits of
microseconds, 10 bits of clock id). Here both parts come from a SHA-256 of the
account's DID and the idempotency key; the timestamp part is kept within
2023-2025 so that the key reads like an ordinary TID.

``Published.post_id`` for Bluesky is the post's ``at://`` URI (the repo's DID,
the collection, the key); its ``url`` is the bsky.app address. What a reply
needs besides (the parent's CID and its thread's root) is read back with
``getRecord`` when it is not remembered from this run.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

COLLECTION: Final = "app.bsky.feed.post"
TID_ALPHABET: Final = "234567abcdefghijklmnopqrstuvwxyz"
_TID_START_US: Final = 1_672_531_200_000_000  # 2023-01-01T00:00:00Z
_TID_SPAN_US: Final = 2 * 365 * 86_400_000_000
TID_PATTERN: Final = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
_AT_URI = re.compile(r"^at://([^/]+)/([^/]+)/([^/?#]+)$")
_WEB_PATH = re.compile(r"^/profile/([^/]+)/post/([^/?#]+)/?$")


@dataclass(frozen=True)
class PostRef:
    """Where a post is: its repo (a DID or a handle still to resolve) and its key."""

    repo: str
    rkey: str

    def uri(self) -> str:
        return f"at://{self.repo}/{COLLECTION}/{self.rkey}"


def record_key(idempotency_key: str, did: str) -> str:
    """The TID under which the post with ``idempotency_key`` is created, always."""
    digest = hashlib.sha256(f"{did}\n{idempotency_key}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    micros = _TID_START_US + (number >> 10) % _TID_SPAN_US
    value = (micros << 10) | (number & 0x3FF)
    return "".join(TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def parse_post_ref(post_id: str, own_repo: str) -> PostRef | None:
    """The post ``post_id`` names: an ``at://`` URI, a bsky.app address, or a bare
    record key of this account (what the operator may type). None: not a post."""
    text = post_id.strip()
    if match := _AT_URI.match(text):
        repo, collection, rkey = match.groups()
        return PostRef(repo, rkey) if collection == COLLECTION else None
    if text.startswith(("https://", "http://")):
        parts = urlsplit(text)
        match = _WEB_PATH.match(parts.path)
        return PostRef(match.group(1), match.group(2)) if match else None
    if re.fullmatch(r"[A-Za-z0-9._:~-]{1,512}", text) and text not in (".", ".."):
        return PostRef(own_repo, text)
    return None


def post_url(handle: str, rkey: str) -> str:
    return f"https://bsky.app/profile/{handle}/post/{rkey}"
