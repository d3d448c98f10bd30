"""Hashtags, handles, emoji and links: finding them in a draft and checking them alone.

The rules are twitter-text's (hashtags, X handles), Mastodon's (``@user@domain``)
and the AT Protocol's (Bluesky handles are domain names); emoji are found as
:mod:`livetweet.text.emoji_sequences` says.
"""

from __future__ import annotations

import regex

from livetweet.text.clusters import joining_regions
from livetweet.text.emoji_sequences import emoji_pattern
from livetweet.text.urls import (
    LATIN_ACCENTS,
    Span,
    extract_mastodon_urls,
    extract_urls,
    is_http_url,
    known_tlds,
)

# --- emoji -------------------------------------------------------------------


def extract_emoji(text: str) -> list[Span]:
    """The (start, end) spans of the emoji sequences in ``text`` (each counts 2 on X)."""
    if text.isascii():
        return []
    pattern = emoji_pattern()
    return [m.span() for s, e in joining_regions(text) for m in pattern.finditer(text, s, e)]


# --- hashtags (twitter-text) ---------------------------------------------------
_HASHTAG_ALPHA = r"[\p{L}\p{M}]"
_HASHTAG_ALNUM = (
    r"[\p{L}\p{M}\p{Nd}_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c"
    r"\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7]"
)
_HASHTAG_BODY = rf"{_HASHTAG_ALNUM}*{_HASHTAG_ALPHA}{_HASHTAG_ALNUM}*"
_HASHTAG = regex.compile(
    r"(?:(?<=^|[\uFE0E\uFE0F])|(?<![&\p{L}\p{M}\p{Nd}_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e"
    r"\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7]))"
    rf"[#＃](?!\ufe0f|\u20e3)(?>{_HASHTAG_BODY})(?![#＃]|://)"
)
_WHOLE_HASHTAG = regex.compile(rf"[#＃](?!\ufe0f|\u20e3){_HASHTAG_BODY}")


def is_valid_hashtag(tag: str) -> bool:
    """Whether ``tag`` (with its ``#``) is one hashtag X would link: ``#CMVilleneuve``."""
    return _WHOLE_HASHTAG.fullmatch(tag) is not None


def extract_hashtags(text: str) -> list[Span]:
    """The (start, end) spans of the hashtags in ``text``, ``#`` included, outside links."""
    if "#" not in text and "＃" not in text:
        return []
    urls = extract_urls(text)
    return [m.span() for m in _HASHTAG.finditer(text) if not _overlaps(m.span(), urls)]


# --- handles -------------------------------------------------------------------
_X_HANDLE = regex.compile(r"@[A-Za-z0-9_]{1,15}")
_X_MENTION = regex.compile(
    r"(?:(?<=^|[^A-Za-z0-9_!#$%&*@＠])|(?<=(?:^|[^A-Za-z0-9_+~.-])(?:rt|RT|rT|Rt):?))"
    rf"[@＠][A-Za-z0-9_]{{1,20}}+(?![@＠{LATIN_ACCENTS}]|://)"
)
_MASTODON_USER = r"[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*"
_DOMAIN_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TOP_LABEL = r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})"
_MASTODON_HANDLE = regex.compile(rf"@{_MASTODON_USER}@(?:{_DOMAIN_LABEL}\.)+{_TOP_LABEL}")
#: Mastodon's MENTION_RE and end check: the ``@domain`` part is optional and
#: does not count; a mention followed by ``@``, an accented letter or ``://`` is
#: no mention at all.
MASTODON_MENTION = regex.compile(
    rf"(?<![=/\w])@(?>({_MASTODON_USER})(@\w+(?:[.-]+\w+)*)?)(?![@＠{LATIN_ACCENTS}]|://)"
)
_BLUESKY_HANDLE = regex.compile(
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
)
_BLUESKY_MAX_HANDLE = 253


def is_valid_x_handle(handle: str) -> bool:
    """``@`` then 1-15 letters, digits or underscores: ``@VilleVilleneuve``."""
    return _X_HANDLE.fullmatch(handle) is not None


def is_valid_mastodon_handle(handle: str) -> bool:
    """A full Mastodon address, ``@user@instance.tld``: a bare ``@user`` is ambiguous."""
    return _MASTODON_HANDLE.fullmatch(handle) is not None


def is_valid_bluesky_handle(handle: str) -> bool:
    """``@`` then a domain name of two labels or more: ``@villeneuve.bsky.social``."""
    return (
        _BLUESKY_HANDLE.fullmatch(handle) is not None
        and len(handle) - 1 <= _BLUESKY_MAX_HANDLE
        and not handle.rsplit(".", 1)[-1].isdigit()
    )


_BLUESKY_MENTION = regex.compile(
    r"(?<![\p{L}\p{N}_@＠.])" + _BLUESKY_HANDLE.pattern + r"(?![\p{L}\p{N}_@-]|\.[A-Za-z0-9])"
)


def extract_bluesky_mentions(text: str) -> list[Span]:
    """The (start, end) spans of the Bluesky ``@handle.domain`` mentions in ``text``
    (``@`` included), outside links and e-mail addresses."""
    if "@" not in text:
        return []
    urls = extract_urls(text)
    return [
        m.span()
        for m in _BLUESKY_MENTION.finditer(text)
        if is_valid_bluesky_handle(m.group()) and not _overlaps(m.span(), urls)
    ]


def extract_mentions(text: str) -> list[Span]:
    """The (start, end) spans of the X ``@handle`` mentions in ``text``."""
    if "@" not in text and "＠" not in text:
        return []
    return [m.span() for m in _X_MENTION.finditer(text)]


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


__all__ = [
    "MASTODON_MENTION",
    "Span",
    "extract_bluesky_mentions",
    "extract_emoji",
    "extract_hashtags",
    "extract_mastodon_urls",
    "extract_mentions",
    "extract_urls",
    "is_http_url",
    "is_valid_bluesky_handle",
    "is_valid_hashtag",
    "is_valid_mastodon_handle",
    "is_valid_x_handle",
    "known_tlds",
]
