"""Counting and splitting do work in proportion to the text, whatever it holds.

No clock here: the work is measured as Python steps (lines run, counted by a
trace function) and characters handed to the counter, which do not depend on
the machine. Speed itself is measured in ``benchmarks/bench_text.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from types import FrameType
from typing import Any

import pytest

from livetweet.text import (
    Network,
    count,
    extract_urls,
    split_thread,
    split_thread_start,
    threads,
    urls,
)

SENTENCES = (
    "Séance ouverte par @MaireVilleneuve @alice@piaille.fr 👏 #CMVilleneuve ",
    "Détails : ville.fr/cm et https://www.villeneuve.fr/cm?seance=12 👶🏽 ",
    "Vote : 28 pour, 3 contre ✅ « Ça coûtera moins » 🇫🇷 … ",
)


def draft(length: int) -> str:
    text = "".join(SENTENCES) * (length // sum(map(len, SENTENCES)) + 1)
    return text[:length]


def python_steps(call: Callable[[], object]) -> int:
    """Lines of Python run by ``call`` (the C parts it calls count as one step)."""
    steps = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal steps
        steps += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(previous)
    return steps


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_counting_a_twice_longer_draft_takes_about_twice_the_work(network: Network) -> None:
    count(draft(100), network)  # patterns compiled
    small = python_steps(lambda: count(draft(20_000), network))
    large = python_steps(lambda: count(draft(40_000), network))
    assert large < 2.4 * small, (small, large)


def counted_characters(monkeypatch: pytest.MonkeyPatch, call: Callable[[], object]) -> int:
    """Characters the splitter hands to the counter while ``call`` runs."""
    total = 0

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        nonlocal total
        total += len(text)
        return count(text, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(threads, "count", counting)
        call()
    return total


def zalgo_word(letters: int) -> str:
    """A word without spaces whose letters carry 12 accents each."""
    return "".join("Zalgo"[i % 5] + "\u0301\u0316\u0334" * 4 for i in range(letters))


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
@pytest.mark.parametrize(
    "make", [zalgo_word, lambda n: "x" * n, draft], ids=["zalgo", "a-word", "draft"]
)
def test_splitting_counts_each_character_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch, network: Network, make: Callable[[int], str]
) -> None:
    text = make(4_000)
    work = counted_characters(monkeypatch, lambda: split_thread(text, network))
    twice = counted_characters(monkeypatch, lambda: split_thread(make(8_000), network))
    assert work < 30 * len(text), work / len(text)
    assert twice < 2.4 * work, (work, twice)


def test_a_long_run_of_dots_without_a_known_tld_is_not_scanned_for_links(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The link pattern is quadratic on ``a.a.a.a...`` (about 9 s for 4,000 characters):
    a run of non-space characters holding no dot + known TLD cannot hold a link."""
    scanned: list[tuple[int, int]] = []
    scan = urls._scan

    def recording(text: str, pos: int, endpos: int, **kwargs: Any) -> None:
        scanned.append((pos, endpos))
        scan(text, pos, endpos, **kwargs)

    monkeypatch.setattr(urls, "_scan", recording)
    hostile = "a." * 2000
    assert extract_urls(hostile + " ville.fr/cm a.b.c") == [(4001, 4012)]
    assert all(start >= 4000 for start, _ in scanned)  # the dots were never scanned
    assert count(hostile, "x").length == 4000


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_the_preview_of_a_huge_thread_costs_the_same_whatever_its_length(
    monkeypatch: pytest.MonkeyPatch, network: Network
) -> None:
    """On every keystroke the TUI works out 50 posts at most: the splitting work does
    not grow with the draft (the draft's own count is passed in, not redone)."""
    work = []
    for length in (100_000, 200_000):
        text = draft(length)
        counted = count(text, network)
        work.append(
            counted_characters(
                monkeypatch,
                partial(split_thread_start, text, network, max_parts=50, counted=counted),
            )
        )
    assert work[0] < 50 * 2_000 and work[1] < 50 * 2_000, work
