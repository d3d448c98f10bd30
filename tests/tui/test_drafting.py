"""Typing, counting and thread previews on the main screen."""

from __future__ import annotations

from typing import cast

from rich.text import Text

from tui.conftest import MakeApp
from tui.helpers import counters, editor_text, preview

LONG = (
    "Le conseil municipal examine ce soir le budget primitif 2027 de la Ville. "
    "Les investissements portent sur les écoles, la voirie et la transition énergétique. "
) * 5


async def test_typing_updates_every_network_counter(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert "X 0/280" in counters(app)
        await pilot.press(*"Bonjour")
        await pilot.pause()
        text = counters(app)
        assert "X 7/280" in text
        assert "Mastodon 7/500" in text
        assert "Bluesky 7/300" in text


async def test_counters_follow_the_enabled_networks(make_app: MakeApp) -> None:
    app = make_app(networks=("x",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Salut")
        await pilot.pause()
        assert counters(app) == "X 5/280"


async def test_a_long_draft_shows_a_thread_per_network(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.main_screen.editor.text = LONG
        await pilot.pause()
        drafts = {d.network: d for d in app.main_screen.analysis.networks}
        assert len(drafts["x"].parts) >= 2
        assert len(drafts["mastodon"].parts) == 2
        assert len(drafts["x"].parts) != len(drafts["mastodon"].parts)
        shown = preview(app)
        assert f"X : fil de {len(drafts['x'].parts)} publications" in shown
        assert "Mastodon : fil de 2 publications" in shown
        assert f"1/{len(drafts['bluesky'].parts)}" in shown
        assert "publications)" in counters(app)
        for draft in drafts.values():
            for part in draft.parts:
                assert part.rstrip().split()[-1].count("/") == 1  # numbered "k/n"


async def test_a_thread_whose_posts_all_fit_is_not_red(make_app: MakeApp) -> None:
    """Too long for one post, so split: each post's length is shown and, as every
    post fits, neither the editor nor the counter turns red."""
    from livetweet.tui.widgets.counters import OVER_STYLE

    app = make_app(networks=("x",))
    async with app.run_test(size=(80, 24)) as pilot:
        app.main_screen.editor.text = "a" * 300
        await pilot.pause()
        assert app.main_screen.editor.overflow_from is None
        assert not app.main_screen.editor.get_line(0).spans
        shown = cast(Text, app.main_screen.query_one("#counters").render())
        assert shown.plain == "X (2 publications) 280 28 /280"
        assert not [s for s in shown.spans if s.style == OVER_STYLE]
        assert "1/2 (280/280)" in preview(app)


def test_the_post_of_a_thread_over_a_limit_is_named_and_red() -> None:
    from livetweet.text import count
    from livetweet.tui.models.drafting import DraftAnalysis, NetworkDraft
    from livetweet.tui.widgets.counters import HOUSE_STYLE, OVER_STYLE, counter_text

    parts = ("a" * 200, "b" * 150, "c" * 20)
    counts = tuple(count(p, "bluesky", limit=160, house_limit=140) for p in parts)
    whole = count("".join(parts), "bluesky", limit=160, house_limit=140)
    draft = NetworkDraft("bluesky", "".join(parts), whole, parts, 0, counts)
    shown = counter_text(DraftAnalysis("x", (draft,)), house_limit=140)
    assert shown.plain == "Bluesky (3 publications)  200   150  20 /160 · maison 140"
    styled = {shown.plain[s.start : s.end].strip(): s.style for s in shown.spans}
    assert styled["200"] == OVER_STYLE
    assert styled["150"] == HOUSE_STYLE
    assert styled["20"] not in (OVER_STYLE, HOUSE_STYLE)


async def test_an_explicit_break_makes_a_thread_even_when_short(make_app: MakeApp) -> None:
    app = make_app(networks=("x",))
    async with app.run_test(size=(80, 24)) as pilot:
        app.main_screen.editor.text = "Premier message\n---\nSecond message"
        await pilot.pause()
        assert "X : fil de 2 publications" in preview(app)
        assert editor_text(app).count("---") == 1


async def test_over_the_house_limit_is_amber_not_red(make_app: MakeApp) -> None:
    from livetweet.tui.widgets.counters import HOUSE_STYLE, OVER_STYLE, counter_segments

    app = make_app(networks=("x",), house_limit=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Court")
        await pilot.pause()
        [segment] = counter_segments(app.main_screen.analysis)
        assert segment.style not in (HOUSE_STYLE, OVER_STYLE)
        await pilot.press(*" mais plus que dix")
        await pilot.pause()
        [segment] = counter_segments(app.main_screen.analysis)
        assert segment.style == HOUSE_STYLE
        assert app.main_screen.analysis.networks[0].count.fits
        assert counters(app) == " X 23/280  · maison 10"  # the house limit as a figure


def test_doubled_braces_stay_literal_and_offsets_map_back_to_the_draft(
    make_app: MakeApp,
) -> None:
    """One placeholder grammar (the agenda's): ``{{``/``}}`` are a literal brace in
    every network's text, and an offset past a placeholder (where the editor paints
    an overflow red) maps back to the operator's own text."""
    app = make_app()
    source = "{{x}} {session_title} fin"
    rendered, spans = app.analyser.render(source, "x", None)
    title = app.model.agenda.session.title
    assert rendered == f"{{x}} {title} fin"
    assert app.analyser.to_source(len("{x} "), spans) == len("{{x}} ")  # the placeholder
    assert app.analyser.to_source(len(rendered) - 3, spans) == len(source) - 3  # "fin"
