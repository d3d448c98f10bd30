"""Rich text for a Bluesky post: link, hashtag and mention facets on UTF-8 byte offsets.

Where links, hashtags and handles are is the text engine's business
(``livetweet.text.entities``: the very spans the counters use); this module
only turns those character spans into the byte ranges the AT Protocol wants.
A handle that does not resolve to a DID stays plain text (the caller warns).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from livetweet.text.entities import (
    Span,
    extract_bluesky_mentions,
    extract_hashtags,
    extract_urls,
)

FACET: Final = "app.bsky.richtext.facet"
MAX_TAG_BYTES: Final = 640  # the lexicon's maxLength for a tag (64 graphemes)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class ByteOffsets:
    """Character index → UTF-8 byte offset in one text, computed once."""

    def __init__(self, text: str) -> None:
        self._offsets = [0]
        for char in text:
            self._offsets.append(self._offsets[-1] + len(char.encode("utf-8")))

    def __call__(self, index: int) -> int:
        return self._offsets[index]


def link_uri(link: str) -> str:
    """The address a link facet holds: the link as written, with https:// when the
    text left the scheme out (``ville.fr/cm``)."""
    return link if _SCHEME.match(link) else "https://" + link


def build_facets(
    text: str, resolve: Callable[[str], str | None]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The facets of ``text`` sorted by position, and the handles left as plain text
    because ``resolve`` (handle → DID, or None) could not resolve them."""
    at = ByteOffsets(text)
    found: list[tuple[Span, dict[str, Any]]] = []
    links = extract_urls(text)
    for start, end in links:
        found.append(((start, end), {"$type": f"{FACET}#link", "uri": link_uri(text[start:end])}))
    for start, end in extract_hashtags(text):
        tag = text[start + 1 : end]
        if tag and len(tag.encode("utf-8")) <= MAX_TAG_BYTES:
            found.append(((start, end), {"$type": f"{FACET}#tag", "tag": tag}))
    unresolved: list[str] = []
    for start, end in extract_bluesky_mentions(text):
        handle = text[start + 1 : end]
        did = resolve(handle)
        if did is None:
            if handle not in unresolved:
                unresolved.append(handle)
            continue
        found.append(((start, end), {"$type": f"{FACET}#mention", "did": did}))
    found.sort(key=lambda item: item[0])
    facets: list[dict[str, Any]] = []
    last_end = -1
    for (start, end), feature in found:
        if start < last_end:  # entities never overlap; belt and braces for the PDS
            continue
        facets.append(
            {
                "$type": FACET,
                "index": {"byteStart": at(start), "byteEnd": at(end)},
                "features": [feature],
            }
        )
        last_end = end
    return facets, unresolved
