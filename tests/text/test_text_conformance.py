"""twitter-text's published conformance suite, read from ../shared when it is there.

The cases are read at collection time, never copied. When the shared folder is
absent (a fresh clone elsewhere) the cases are skipped with a loud reason and
the project's own cases in the other modules still run; under CI (``CI=true``)
its absence is a failure, so the suite can never be lost silently.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from livetweet.text import (
    count,
    extract_hashtags,
    extract_mentions,
    extract_urls,
    is_http_url,
    is_valid_hashtag,
    is_valid_x_handle,
)

CONFORMANCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "conformance" / "twitter-text"


FILES = ("validate.yml", "extract.yml", "tlds.yml")


def _absent_reason(path: Path) -> str:
    return (
        f"TWITTER-TEXT CONFORMANCE NOT RUN: {path} is absent "
        "(put the shared folder beside the clone; under CI=true this fails)"
    )


def test_the_conformance_suite_is_there_under_ci() -> None:
    missing = [CONFORMANCE / name for name in FILES if not (CONFORMANCE / name).is_file()]
    if not missing:
        return
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(_absent_reason(missing[0]))
    pytest.skip(_absent_reason(missing[0]))


@cache
def _load(filename: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    tests: dict[str, Any] = yaml.load(
        (CONFORMANCE / filename).read_text(encoding="utf-8"), Loader=loader
    )["tests"]
    return tests


def _cases(filename: str, *groups: str) -> list[Any]:
    path = CONFORMANCE / filename
    if not path.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=_absent_reason(path)))]
    tests = _load(filename)
    return [
        pytest.param(case, id=f"{group}: {case['description']}")
        for group in groups
        for case in tests[group]
    ]


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    "case",
    _cases(
        "validate.yml",
        "WeightedTweetsWithDiscountedEmojiCounterTest",
        "UnicodeDirectionalMarkerCounterTest",
    ),
)
def test_weighted_length_and_validity(case: dict[str, Any]) -> None:
    expected = case["expected"]
    result = count(case["text"], "x")
    assert result.length == expected["weightedLength"]
    assert result.postable is expected["valid"]


@pytest.mark.parametrize(
    "case", _cases("validate.yml", "WeightedTweetsWithDiscountedEmojiCounterTest")
)
def test_overflow_starts_right_after_the_valid_range(case: dict[str, Any]) -> None:
    text, expected = case["text"], case["expected"]
    result = count(text, "x")
    if result.fits:
        assert result.overflow_at is None
    else:
        assert result.overflow_at is not None
        # validRangeEnd is the UTF-16 index of the last character that still fits.
        assert _utf16_length(text[: result.overflow_at]) == expected["validRangeEnd"] + 1


@pytest.mark.parametrize("case", _cases("validate.yml", "hashtags"))
def test_hashtag_validation(case: dict[str, Any]) -> None:
    assert is_valid_hashtag(case["text"]) is case["expected"]


@pytest.mark.parametrize("case", _cases("validate.yml", "usernames"))
def test_x_handle_validation(case: dict[str, Any]) -> None:
    assert is_valid_x_handle(case["text"]) is case["expected"]


@pytest.mark.parametrize("case", _cases("validate.yml", "urls"))
def test_url_validation(case: dict[str, Any]) -> None:
    assert is_http_url(case["text"]) is case["expected"]


@pytest.mark.parametrize("case", _cases("validate.yml", "urls_without_protocol"))
def test_scheme_less_urls_are_links(case: dict[str, Any]) -> None:
    text = case["text"]
    assert (extract_urls(text) == [(0, len(text))]) is case["expected"]


@pytest.mark.parametrize("case", _cases("extract.yml", "urls"))
def test_url_extraction(case: dict[str, Any]) -> None:
    text = case["text"]
    assert [text[s:e] for s, e in extract_urls(text)] == case["expected"]


@pytest.mark.parametrize(
    "case", _cases("extract.yml", "urls_with_indices", "urls_with_directional_markers")
)
def test_url_extraction_indices(case: dict[str, Any]) -> None:
    assert [list(span) for span in extract_urls(case["text"])] == [
        e["indices"] for e in case["expected"]
    ]


@pytest.mark.parametrize("case", _cases("extract.yml", "tco_urls_with_params"))
def test_tco_urls_stop_at_their_parameters(case: dict[str, Any]) -> None:
    text = case["text"]
    assert [text[s:e] for s, e in extract_urls(text)] == case["expected"]


@pytest.mark.parametrize("case", _cases("extract.yml", "hashtags", "hashtags_from_astral"))
def test_hashtag_extraction(case: dict[str, Any]) -> None:
    text = case["text"]
    assert [text[s + 1 : e] for s, e in extract_hashtags(text)] == case["expected"]


@pytest.mark.parametrize("case", _cases("extract.yml", "hashtags_with_indices"))
def test_hashtag_extraction_indices(case: dict[str, Any]) -> None:
    assert [list(span) for span in extract_hashtags(case["text"])] == [
        e["indices"] for e in case["expected"]
    ]


@pytest.mark.parametrize("case", _cases("extract.yml", "mentions"))
def test_mention_extraction(case: dict[str, Any]) -> None:
    text = case["text"]
    assert [text[s + 1 : e] for s, e in extract_mentions(text)] == case["expected"]


@pytest.mark.parametrize("case", _cases("extract.yml", "mentions_with_indices"))
def test_mention_extraction_indices(case: dict[str, Any]) -> None:
    assert [list(span) for span in extract_mentions(case["text"])] == [
        e["indices"] for e in case["expected"]
    ]


def test_every_tld_x_links() -> None:
    path = CONFORMANCE / "tlds.yml"
    if not path.is_file():
        pytest.skip(_absent_reason(path))
    tests = _load("tlds.yml")
    cases = [case for group in ("country", "generic") for case in tests[group]]
    assert len(cases) > 1500
    wrong = [
        case["text"]
        for case in cases
        if [case["text"][s:e] for s, e in extract_urls(case["text"])] != case["expected"]
    ]
    assert wrong == []
