"""Counting and splitting speed of livetweet.text against twitter-text-parser, side by side.

Run: ``.venv/bin/python benchmarks/bench_text.py`` (twitter-text-parser is a dev
dependency). The texts are mixed French drafts (accents, typographic spaces and
quotes, links with and without a scheme, hashtags, mentions, emoji up to
Unicode 12 only, so that the baseline, whose emoji data stops there, must agree).
The script fails if the X lengths or overflow points differ. A second table
shows how the work grows from n to 2n characters (Zalgo text, a one-letter
accent bomb, plain text; splitting, counting, the TUI's keystroke): linear is
a ratio near 2.
"""

from __future__ import annotations

import statistics
import sys
import timeit
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from livetweet.text import NETWORKS, ClusterTooLong, count, split_thread

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # pkg_resources deprecation, inside the baseline
    import twitter_text  # type: ignore[import-untyped]

SENTENCES = [
    "Séance du conseil municipal de Villeneuve ouverte à 18 h 30 par @MaireVilleneuve. ",
    "Point 4 – budget primitif 2027 : adopté à l'unanimité 👏 #CMVilleneuve #Budget2027 ",
    "« Une délibération très attendue » selon l'adjointe aux finances. ",
    "Détails : ville.fr/cm et https://www.villeneuve.fr/conseil-municipal/2027?seance=12 ",
    "Vote : 28 pour, 3 contre, 2 abstentions ✅ Prochain point : la crèche Gaëlle-Noël 👶🏽 ",
    "Suspension de séance (10 min) ☕ — reprise à 20 h. Suivez le direct sur www.grandlyon.com ",
    "Le rapporteur répond : « Ça coûtera moins qu’en 2025 » 🇫🇷 #ConseilMunicipal… ",
    "Question orale de @groupe_opposition sur l'éclairage public 💡 et la sécurité. ",
]


def mixed_text(length: int) -> str:
    out = ""
    i = 0
    while len(out) < length:
        out += SENTENCES[i % len(SENTENCES)]
        i += 1
    return out[:length].rstrip()


def per_call(func: Callable[[], object], budget: float = 0.4) -> float:
    """Median seconds per call over a few repeats, calibrated to ``budget`` seconds."""
    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    runs = timer.repeat(repeat=5, number=max(1, int(number * budget / 5 / 0.2)))
    calls = max(1, int(number * budget / 5 / 0.2))
    return statistics.median(runs) / calls


def fmt(seconds: float) -> str:
    return f"{seconds * 1e6:9.1f} µs"


def main() -> int:
    rows: list[tuple[str, float, float | None]] = []
    status = 0
    for size in (280, 5000):
        text = mixed_text(size)
        result = count(text, "x")
        parsed = twitter_text.parse_tweet(text)
        ours, theirs = result.length, parsed.weightedLength
        # Where the text stops fitting: twitter-text gives the last fitting UTF-16 index.
        our_end = len(text[: result.overflow_at].encode("utf-16-le")) // 2 - 1
        same = ours == theirs and (result.fits or our_end == parsed.validRangeEnd)
        if not same:
            status = 1
        print(
            f"{size}-char text: livetweet {ours} (fits up to UTF-16 index {our_end}), "
            f"twitter-text {theirs} (valid up to {parsed.validRangeEnd}): "
            f"{'equal' if same else 'DIFFERENT'}"
        )
        baseline = per_call(partial(twitter_text.parse_tweet, text))
        rows.append((f"twitter-text parse_tweet, {size} chars", baseline, None))
        for network in NETWORKS:
            rows.append(
                (
                    f"livetweet count {network}, {size} chars",
                    per_call(partial(count, text, network)),
                    baseline,
                )
            )
        if size == 5000:
            for network in NETWORKS:
                parts = split_thread(text, network)
                rows.append(
                    (
                        f"livetweet split_thread {network}, {size} chars ({len(parts)} posts)",
                        per_call(partial(split_thread, text, network)),
                        baseline,
                    )
                )
    print()
    print(f"{'operation':<58} {'per call':>12} {'baseline / ours':>16}")
    for name, seconds, reference in rows:
        ratio = f"{reference / seconds:15.1f}x" if reference else f"{'(baseline)':>16}"
        print(f"{name:<58} {fmt(seconds):>12} {ratio}")
    print("\nRatios compare each row with parse_tweet on the same text (X counting is the goal).")
    return status


def zalgo(size: int) -> str:
    """About ``size`` UTF-8 bytes of Zalgo: letters under 12 accents each, words of 7."""
    word = "".join(letter + "\u0301\u0316\u0334" * 4 for letter in "Zalgoés")
    return " ".join([word] * (size // (len(word.encode()) + 1) + 1))


def bomb(size: int) -> str:
    """One letter under ``size`` bytes of accents: splitting it is an error (at once)."""
    return "a" + "".join(chr(0x300 + i % 0x70) for i in range(size // 2))


def plain(size: int) -> str:
    return mixed_text(size)


def split_or_error(text: str, network: str) -> int:
    try:
        return len(split_thread(text, network))  # type: ignore[arg-type]
    except ClusterTooLong:
        return -1


def keystroke(draft: str) -> Callable[[], object]:
    """What the main screen does on a key: render, count and split for every network."""
    from livetweet.agenda import load_agenda
    from livetweet.tui.models.drafting import DraftAnalyser

    agenda = load_agenda(Path(__file__).resolve().parents[1] / "tests" / "tui" / "agenda.yaml")
    analyser = DraftAnalyser(agenda)
    return partial(analyser.analyse, draft, NETWORKS, None)


def best_of(func: Callable[[], object], runs: int = 7) -> float:
    """The fastest of a few runs: on a shared machine the least disturbed one."""
    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    number = max(1, number // 4)
    return min(timer.repeat(repeat=runs, number=number)) / number


def scaling() -> None:
    """Linear or not: each operation at n and 2n, side by side (a ratio near 2 is linear)."""
    print(f"\n{'operation (n -> 2n)':<52} {'n':>11} {'2n':>11} {'ratio':>6}  posts")
    rows: list[tuple[str, Callable[[int], Callable[[], object]], int, Callable[[int], str]]] = []
    # The lambdas below bind loop variables as defaults: mypy cannot infer such a lambda.
    for name, make, n in (
        ("Zalgo", zalgo, 10_000),
        ("Zalgo", zalgo, 20_000),  # 10 KB fits Mastodon (270 graphemes): not comparable
        ("one-letter bomb", bomb, 10_000),
        ("plain", plain, 10_000),
    ):
        for network in NETWORKS:
            rows.append(
                (
                    f"split_thread {network}, {name} {n // 1000} -> {n // 500} KB",
                    lambda n, make=make, network=network: partial(split_or_error, make(n), network),  # type: ignore[misc]
                    n,
                    make,
                )
            )
    for network in NETWORKS:
        rows.append(
            (
                f"count {network}, plain 20k -> 40k chars",
                lambda n, network=network: partial(count, plain(n), network),  # type: ignore[misc]
                20_000,
                plain,
            )
        )
    for name, make in (("Zalgo", zalgo), ("bomb", bomb), ("plain", plain)):
        rows.append(
            (
                f"TUI keystroke (3 networks), {name} 10 KB -> 20 KB",
                lambda n, make=make: keystroke(make(n)),  # type: ignore[misc]
                10_000,
                make,
            )
        )
    for label, make_call, n, make_text in rows:
        small, large = best_of(make_call(n)), best_of(make_call(2 * n))
        network = next((w for w in NETWORKS if f" {w}," in label), "x")
        posts = split_or_error(make_text(n), network) if "split" in label else ""
        shown = "error" if posts == -1 else posts
        print(f"{label:<52} {fmt(small)} {fmt(large)} {large / small:6.2f}  {shown}")
    print("posts: at n ('error': one grapheme cluster longer than a post, ClusterTooLong)")


if __name__ == "__main__":
    status = main()
    scaling()
    raise SystemExit(status)
