"""Link cards: what the official Bluesky app shows under a post with a link.

For the first link of a post, its page is fetched within a short timeout and
its title, description and image (Open Graph, else ``<title>`` and the meta
description) make an ``app.bsky.embed.external``. Anything that fails (slow
page, not HTML, too big, no title) means a post without a card: a card is
never worth a late or failed post. The page is fetched with a client of its
own, so the Bluesky session's token never goes to another site.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final
from urllib.parse import urljoin, urlsplit

import httpx

_log = logging.getLogger(__name__)
MAX_PAGE_BYTES: Final = 512 * 1024
MAX_IMAGE_BYTES: Final = 1_000_000  # the lexicon's limit for a thumbnail
IMAGE_TYPES: Final = ("image/jpeg", "image/png", "image/webp", "image/gif")
_USER_AGENT: Final = "livetweet (link card)"


@dataclass(frozen=True)
class Card:
    uri: str
    title: str
    description: str
    image: bytes | None = None
    image_type: str | None = None


class _Meta(HTMLParser):
    """The head's title and meta tags (Open Graph first)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and "content" in values and key not in self.meta:
                self.meta[key] = values["content"].strip()
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def fetch_card(url: str, timeout: float) -> Card | None:
    """The card of ``url``, or None when its page cannot give one in ``timeout`` s."""
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    try:
        with httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            headers={"User-Agent": _USER_AGENT},
        ) as client:
            page = _get(client, url, MAX_PAGE_BYTES, ("text/html", "application/xhtml+xml"))
            if page is None:
                return None
            body, _type, final_url = page
            parser = _Meta()
            parser.feed(body.decode("utf-8", "replace"))
            title = parser.meta.get("og:title") or " ".join(parser.title.split())
            if not title:
                return None
            description = parser.meta.get("og:description") or parser.meta.get("description", "")
            image_url = parser.meta.get("og:image")
            image = image_type = None
            if image_url:
                found = _get(client, urljoin(final_url, image_url), MAX_IMAGE_BYTES, IMAGE_TYPES)
                if found is not None:
                    image, image_type, _final = found
    except (httpx.HTTPError, ValueError) as exc:
        _log.debug("no link card for %s (%s)", url, type(exc).__name__)
        return None
    return Card(url, title[:300], description[:1000], image, image_type)


def _get(
    client: httpx.Client, url: str, limit: int, types: tuple[str, ...]
) -> tuple[bytes, str, str] | None:
    """(body, content type, final address), or None: not OK, wrong type, too big."""
    with client.stream("GET", url) as response:
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if response.status_code != 200 or kind not in types:
            return None
        body = b""
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                return None
        return body, kind, str(response.url)
