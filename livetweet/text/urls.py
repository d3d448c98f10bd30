"""Which substrings X (and Mastodon) turn into links, found the way twitter-text finds them.

A link counts 23 whatever its length, so the counter must agree with X on what
*is* a link: ``ville.fr/cm`` and ``www.grandlyon.com`` are (known TLD, no scheme
needed), ``ville.example`` and ``http://localhost`` are not. The patterns are a
port of twitter-text's ``extractUrlsWithIndices`` (Apache-2.0, via the MIT
Python port twitter-text-parser 3.0.0), with the TLD list carried in
``data/tlds.txt``. Only the run of non-space characters around each
"dot + letter" is scanned, which keeps counting fast on long drafts.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import regex

from livetweet.text.alternation import trie_pattern
from livetweet.text.datafiles import read_sections

Span = tuple[int, int]

_MAX_URL_LENGTH = 4096
_MAX_TCO_SLUG_LENGTH = 40

# Character classes, as twitter-text names them.
_PUNCT = r"\!'#%&'\(\)*\+,\\\-\.\/:;<=>\?@\[\]\^_{|}~\$/"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069"
#: Latin letters with accents, as twitter-text lists them (links, mention ends).
LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263"
    r"\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_CYRILLIC = r"\u0400-\u04FF"

_DOMAIN_CHAR = f"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
_SUBDOMAIN = f"(?:(?:{_DOMAIN_CHAR}(?:[_-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\\.)"
_DOMAIN_NAME = f"(?:(?:{_DOMAIN_CHAR}(?:-|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\\.)"
_PUNYCODE = r"(?:xn--[\-0-9a-z]+)"
_TLD = rf"(?:(?:<gtld>|<cctld>)(?=[^0-9a-zA-Z@+-]|$)|{_PUNYCODE})"
_DOMAIN = f"(?:{_SUBDOMAIN}*{_DOMAIN_NAME}{_TLD})"

_PATH_CHAR = rf"[a-z{_CYRILLIC}0-9!\*';:=\+,\.\$\/%#\[\]\-\u2013_~@\|&{LATIN_ACCENTS}]"
_BALANCED_PARENS = rf"\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\({_PATH_CHAR}+\){_PATH_CHAR}*))\)"
_PATH_END = rf"(?:[\+\-a-z{_CYRILLIC}0-9=_#\/{LATIN_ACCENTS}]|(?:{_BALANCED_PARENS}))"
_PATH = f"(?:(?:{_PATH_CHAR}*(?:{_BALANCED_PARENS}{_PATH_CHAR}*)*{_PATH_END})|(?:@{_PATH_CHAR}+/))"
_QUERY_CHAR = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
_QUERY_END = r"[a-z0-9\-_&=#/]"
_PRECEDING = f"(?:[^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^)"


def _url_pattern(scheme: str, path: str, query_char: str, query_end: str) -> str:
    return (
        f"({_PRECEDING})"  # 1 preceding character
        "("  # 2 URL
        f"({scheme})?"  # 3 scheme
        f"({_DOMAIN})"  # 4 domain
        r"(?::([0-9]+))?"  # 5 port
        f"(\\/{path}*)?"  # 6 path
        f"(\\?{query_char}*{query_end})?"  # 7 query
        ")"
    )


_URL_PATTERN = _url_pattern(r"https?:\/\/", _PATH, _QUERY_CHAR, _QUERY_END)

# Mastodon's overrides (config/initializers/twitter_regex.rb): paths take almost
# anything but white space, queries take non-ASCII, and a few more schemes.
_WHITE_SPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_M_PATH_CHAR = f"[^{_WHITE_SPACE}<>()?]"
_M_BALANCED_PARENS = (
    rf"\((?:{_M_PATH_CHAR}+|(?:{_M_PATH_CHAR}*\({_M_PATH_CHAR}+\){_M_PATH_CHAR}*))\)"
)
_M_PATH_END = f"(?:[^{_WHITE_SPACE}()?!*\"'「」<>;:=,.$%\\[\\]~&|@]|{_M_BALANCED_PARENS})"
_M_PATH = (
    f"(?:(?:{_M_PATH_CHAR}*(?:{_M_BALANCED_PARENS}{_M_PATH_CHAR}*)*{_M_PATH_END})"
    f"|(?:{_M_PATH_CHAR}+/))"
)
_UCHARS = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
    "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
    "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
)
_MASTODON_URL_PATTERN = _url_pattern(
    r"(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://",
    _M_PATH,
    rf"[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@\^{_UCHARS}]",
    rf"[a-z0-9_&=#/\-{_UCHARS}]",
)
_ASCII_DOMAIN_PATTERN = (
    rf"(?:(?:[\-a-z0-9{LATIN_ACCENTS}]+)\.)+"
    rf"(?:(?:<gtld>|<cctld>)(?=[^0-9a-zA-Z@+-]|$)|{_PUNYCODE})"
)
_TCO = re.compile(
    rf"^https?:\/\/t\.co\/([a-z0-9]+)(?:\?{_QUERY_CHAR}*{_QUERY_END})?", re.IGNORECASE
)
_INVALID_BEFORE_SCHEMELESS = re.compile(r"[-_./]$")
#: Every link holds a dot followed by the first letter of its TLD.
_DOT_LETTER = re.compile(r"\.[^\W\d_]")
#: A link never spans these: the run of other characters around a dot is scanned.
_RUN = re.compile(f"[^{_SPACES}]*")


def _read_tlds() -> tuple[list[str], list[str]]:
    sections = read_sections("tlds.txt", ("country", "generic"))
    return sections["generic"], sections["country"]


def _with_tlds(pattern: str, tlds: dict[str, str]) -> str:
    for name, alternation in tlds.items():
        pattern = pattern.replace(f"<{name}>", alternation)
    return pattern


class _Patterns(NamedTuple):
    x_url: re.Pattern[str]
    mastodon_url: re.Pattern[str]
    ascii_domain: re.Pattern[str]
    #: What every link's domain ends with: a dot and a known (or Punycode) TLD.
    tld_end: re.Pattern[str]
    tlds: frozenset[str]


@cache
def _patterns() -> _Patterns:
    generic, country = _read_tlds()
    tlds = {"gtld": trie_pattern(generic), "cctld": trie_pattern(country)}
    return _Patterns(
        x_url=re.compile(_with_tlds(_URL_PATTERN, tlds), re.IGNORECASE),
        mastodon_url=re.compile(_with_tlds(_MASTODON_URL_PATTERN, tlds), re.IGNORECASE),
        ascii_domain=re.compile(_with_tlds(_ASCII_DOMAIN_PATTERN, tlds), re.IGNORECASE),
        tld_end=re.compile(_with_tlds(f"\\.{_TLD}", tlds), re.IGNORECASE),
        tlds=frozenset(generic + country),
    )


def known_tlds() -> frozenset[str]:
    """Every TLD X links without a scheme (lower case)."""
    return _patterns().tlds


def _idna_ok(domain: str, url_length: int, scheme_length: int) -> bool:
    """Whether the domain has a Punycode form (labels of 1-63 characters) short enough."""
    if domain.isascii():
        # The idna codec's own ASCII path, without the codec machinery.
        labels = domain.split(".")
        if labels[-1] == "":
            labels.pop()
        return (
            bool(labels)
            and all(0 < len(label) < 64 for label in labels)
            and (scheme_length + url_length <= _MAX_URL_LENGTH)
        )
    try:
        puny = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return bool(puny) and scheme_length + url_length + len(puny) - len(domain) <= _MAX_URL_LENGTH


def _scan(
    text: str, pos: int, endpos: int, *, require_scheme: bool, mastodon: bool, out: list[Span]
) -> None:
    patterns = _patterns()
    url_re = patterns.mastodon_url if mastodon else patterns.x_url
    for match in url_re.finditer(text, pos, endpos):
        before, url, scheme, domain, _port, path, _query = match.groups()
        end = match.end()
        start = end - len(url)
        if not _idna_ok(domain, len(url), len(scheme or "https://")):
            continue
        if scheme is None:
            if require_scheme or _INVALID_BEFORE_SCHEMELESS.search(before):
                continue
            last: Span | None = None
            for ascii_match in patterns.ascii_domain.finditer(domain):
                last = (start + ascii_match.start(), start + ascii_match.end())
                out.append(last)
            if last is not None and path:
                out[-1] = (last[0], end)
            continue
        tco = _TCO.search(url)
        if tco:
            if tco.group(1) and len(tco.group(1)) > _MAX_TCO_SLUG_LENGTH:
                continue
            end = start + len(tco.group(0))
        out.append((start, end))


def _extract(text: str, require_scheme: bool, mastodon: bool) -> list[Span]:
    out: list[Span] = []
    scanned_to = 0
    reversed_text: str | None = None
    patterns = _patterns()
    for dot in _DOT_LETTER.finditer(text):
        at = dot.start()
        if at < scanned_to:
            continue
        if reversed_text is None:
            reversed_text = text[::-1]
        run_start = at - len(_RUN.match(reversed_text, len(text) - at).group())  # type: ignore[union-attr]
        run_end = _RUN.match(text, at).end()  # type: ignore[union-attr]
        scanned_to = run_end
        if require_scheme and "://" not in text[run_start:run_end]:
            continue
        # The link pattern tries every start in the run and, from each, every way to
        # end it: quadratic on a long run of dots (``a.a.a.a...``). A run without a
        # known TLD after a dot holds no link: skip it (a linear search).
        if not patterns.tld_end.search(text, run_start, run_end):
            continue
        # Start one character early: the pattern needs the preceding character.
        _scan(
            text,
            max(run_start - 1, 0),
            run_end,
            require_scheme=require_scheme,
            mastodon=mastodon,
            out=out,
        )
    return out


def extract_urls(text: str, *, require_scheme: bool = False) -> list[Span]:
    """The (start, end) spans of the links X makes in ``text``, in order.

    ``require_scheme=True`` keeps only the ``http(s)://`` ones.
    """
    return _extract(text, require_scheme, mastodon=False)


def extract_mastodon_urls(text: str) -> list[Span]:
    """The (start, end) spans of the links Mastodon counts as 23 (scheme required).

    Mastodon runs twitter-text with its own, looser path and query rules and a
    few more schemes (``gemini://``, ``ipfs://``...).
    """
    if "://" not in text:
        return []
    return _extract(text, require_scheme=True, mastodon=True)


# twitter-text's isValidUrl (RFC 3986 shaped), used to check links typed into an agenda.
_UNRESERVED = r"[a-z\u0400-\u04FF0-9\-._~]"
_PCT = r"%[0-9a-f]{2}"
_SUB_DELIMS = r"[!$&'()*+,;=]"
_PCHAR = f"(?:{_UNRESERVED}|{_PCT}|{_SUB_DELIMS}|[:|@])"
_DEC_OCTET = r"(?:[0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])"
_IPV4 = rf"(?:{_DEC_OCTET}(?:\.{_DEC_OCTET}){{3}})"
_IPV6 = r"(?:\[[0-9a-f:.]+\])"
_NON_ASCII = r"[^\x00-\x7f]"
_SUB_LABEL = (
    rf"(?:[a-z0-9]|{_NON_ASCII})(?:(?:[a-z0-9_\-]|{_NON_ASCII})*(?:[a-z0-9]|{_NON_ASCII}))?"
)
_LABEL = rf"(?:[a-z0-9]|{_NON_ASCII})(?:(?:[a-z0-9\-]|{_NON_ASCII})*(?:[a-z0-9]|{_NON_ASCII}))?"
_TOP_LABEL = rf"(?:[a-z]|{_NON_ASCII})(?:(?:[a-z0-9\-]|{_NON_ASCII})*(?:[a-z0-9]|{_NON_ASCII}))?"
_UNICODE_DOMAIN = rf"(?:(?:{_SUB_LABEL}\.)*(?:{_LABEL}\.){_TOP_LABEL})"
_USERINFO = rf"(?:{_UNRESERVED}|{_PCT}|{_SUB_DELIMS}|:)*"
_VALID_URL = regex.compile(
    r"https?://"
    rf"(?:{_USERINFO}@)?(?:{_IPV4}|{_IPV6}|{_UNICODE_DOMAIN})(?::[0-9]+)?"
    rf"(?:/{_PCHAR}*)*"
    rf"(?:\?(?:{_PCHAR}|/|\?)*)?"
    rf"(?:#(?:{_PCHAR}|/|\?)*)?",
    regex.IGNORECASE,
)


def is_http_url(url: str) -> bool:
    """Whether ``url`` is one valid http(s) URL (twitter-text's ``isValidUrl``).

    The host must be a dotted domain or an IP address; the TLD is not checked
    here: use :func:`extract_urls` to know what X will actually link.
    """
    return _VALID_URL.fullmatch(url) is not None
