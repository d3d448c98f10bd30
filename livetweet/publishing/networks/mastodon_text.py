"""A status as the operator wrote it, from the HTML Mastodon gives back.

Mastodon answers with ``content`` in HTML: paragraphs, ``<br>``, links cut into
visible and invisible spans, remote mentions shortened to ``@user``. To tell
whether a status of the account is the post being reconciled, both sides are
brought to one plain form: tags dropped (span texts kept, so links come back
whole), entities unescaped, NFC, ``@user@instance`` as ``@user``, whitespace
runs as one space.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

_REMOTE_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]+)@[A-Za-z0-9.-]+[A-Za-z0-9]")


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(content: str) -> str:
    """The plain text of a status's HTML ``content``."""
    parser = _PlainText()
    parser.feed(content)
    parser.close()
    return "".join(parser.parts)


def comparable(text: str) -> str:
    """``text`` in the form both the draft and the status's content reduce to."""
    plain = unicodedata.normalize("NFC", html.unescape(text))
    plain = _REMOTE_MENTION.sub(r"@\1", plain)
    return " ".join(plain.split())
