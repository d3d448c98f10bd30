"""Rendering drafts and templates per network: safe placeholders, mentions, unique texts."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livetweet.agenda import (
    ITEM_STAGES,
    SESSION_STAGES,
    Agenda,
    NotPostableError,
    TemplateError,
    VoteCounts,
    check_agenda_text,
    load_agenda,
    needs_votes,
    render_stage,
    render_text,
    stages_for,
)
from livetweet.agenda.placeholders import tokenize
from livetweet.text.networks import Network

from .conftest import AGENDAS, HEAD, WriteAgenda

NETWORKS: tuple[Network, ...] = ("x", "mastodon", "bluesky")
EVENING = datetime(2026, 12, 15, 19, 42, tzinfo=UTC)  # 20 h 42 in Villeneuve


@pytest.fixture(scope="module")
def villeneuve() -> Agenda:
    return load_agenda(AGENDAS / "cm-villeneuve-2026-12-15.yaml")


@pytest.fixture(scope="module")
def northshire() -> Agenda:
    return load_agenda(AGENDAS / "full-council-2026-12-10.yaml")


def item(agenda: Agenda, item_id: str):  # type: ignore[no-untyped-def]
    found = agenda.item(item_id)
    assert found is not None
    return found


# -- mentions per network -----------------------------------------------------------------


def test_a_mention_is_the_handle_of_each_network(villeneuve: Agenda) -> None:
    texts = {n: render_text(villeneuve, "Merci {@petit} !", None, n) for n in NETWORKS}
    assert texts == {
        "x": "Merci @ThomasPetitVN !",
        "mastodon": "Merci @tpetit@mastodon.example.fr !",
        "bluesky": "Merci @thomaspetit.bsky.social !",
    }


def test_the_name_is_written_where_there_is_no_handle(villeneuve: Agenda) -> None:
    # Paul Bernard has X and Bluesky handles but no Mastodon account.
    texts = {n: render_text(villeneuve, "{@bernard}", None, n) for n in NETWORKS}
    assert texts == {
        "x": "@PaulBernard_VN",
        "mastodon": "Paul Bernard",
        "bluesky": "@paulbernard.bsky.social",
    }


def test_mention_false_always_writes_the_name(villeneuve: Agenda) -> None:
    # Nathalie Roux has an X handle but asked not to be mentioned.
    for network in NETWORKS:
        assert render_text(villeneuve, "{@roux}", None, network) == "Nathalie Roux"


def test_the_rapporteur_is_mentioned_per_network(villeneuve: Agenda) -> None:
    budget = item(villeneuve, "pv-novembre")
    x = render_stage(villeneuve, budget, "intro", "x")
    mastodon = render_stage(villeneuve, budget, "intro", "mastodon")
    assert x == [
        "📌 Point 2 : Procès-verbal du 12 novembre — présenté par @ClaireMartinVN #CMVilleneuve"
    ]
    assert "@clairemartin@mastodon.example.fr" in mastodon[0]


def test_an_unknown_member_is_a_template_error(villeneuve: Agenda) -> None:
    with pytest.raises(TemplateError, match=r"\{@personne\}"):
        render_text(villeneuve, "Bravo {@personne}", None, "x")


# -- safety ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "{rapporteur.__class__}",
        "{title.__class__.__mro__}",
        "{0}",
        "{}",
        "{title!r}",
        "{title:>10}",
        "{items[0]}",
        "{__import__}",
        "{ title }",
        "{Title}",
    ],
)
def test_anything_but_a_plain_placeholder_is_refused(villeneuve: Agenda, text: str) -> None:
    budget = item(villeneuve, "budget-principal")
    with pytest.raises(TemplateError) as caught:
        render_text(villeneuve, text, budget, "x")
    assert text in str(caught.value)
    assert caught.value.placeholder == text


@pytest.mark.parametrize("text", ["Point { ouvert", "fin }", "{{title}", "{title}}"])
def test_lone_braces_are_refused(text: str) -> None:
    with pytest.raises(TemplateError, match="literal brace"):
        tokenize(text)


def test_doubled_braces_write_braces(villeneuve: Agenda) -> None:
    budget = item(villeneuve, "budget-principal")
    assert render_text(villeneuve, "{{number}} = {number}", budget, "x") == "{number} = 4"


# -- stages ------------------------------------------------------------------------------


def test_prepared_drafts_come_first_then_builtins(villeneuve: Agenda) -> None:
    stages = stages_for(villeneuve, item(villeneuve, "voies-jardins-du-moulin"))
    assert stages[:2] == ["intro", "adopted_unanimously"]
    assert set(stages) == set(ITEM_STAGES)
    assert stages_for(villeneuve, None) == list(SESSION_STAGES)


def test_nothing_is_rendered_for_a_closed_or_do_not_post_item(villeneuve: Agenda) -> None:
    closed = item(villeneuve, "situation-agent")
    hidden = item(villeneuve, "secretaire")
    for subject in (closed, hidden):
        assert stages_for(villeneuve, subject) == []
        with pytest.raises(NotPostableError):
            render_stage(villeneuve, subject, "intro", "x")
        with pytest.raises(NotPostableError):
            render_text(villeneuve, "Point {number}", subject, "x")


def test_a_thread_draft_renders_to_several_posts(villeneuve: Agenda) -> None:
    posts = render_stage(villeneuve, item(villeneuve, "budget-principal"), "intro", "x")
    assert len(posts) == 3
    assert posts[0].startswith(
        "📌 Point 4 : le budget primitif 2027, présenté par @PaulBernard_VN."
    )
    assert posts[2] == (
        "📄 Le rapport complet : https://www.villeneuve.example.fr/conseil-municipal/"
        "2026-12-15/budget-primitif-2027.pdf"
    )


def test_vote_counts_in_natural_french(villeneuve: Agenda) -> None:
    tarifs = item(villeneuve, "tarifs-2027")
    assert needs_votes(villeneuve, tarifs, "vote")
    assert not needs_votes(villeneuve, tarifs, "adopted_unanimously")
    posts = render_stage(villeneuve, tarifs, "vote", "x", VoteCounts(28, 3, 2))
    assert posts == [
        "🗳️ Point 10 — Tarifs municipaux 2027 : 28 pour, 3 contre, 2 abstentions."
        " #Cantine #Budget2027 #CMVilleneuve"
    ]
    single = render_stage(villeneuve, tarifs, "adopted_vote", "x", VoteCounts(30, 2, 1))
    assert "(30 pour, 2 contre, 1 abstention)" in single[0]
    none = render_stage(villeneuve, tarifs, "adopted_vote", "x", VoteCounts(33, 0, 0))
    assert "(33 pour, 0 contre, 0 abstention)" in none[0]


def test_vote_stages_need_the_counts(villeneuve: Agenda) -> None:
    with pytest.raises(TemplateError, match=r"\{for\} needs the vote counts"):
        render_stage(villeneuve, item(villeneuve, "tarifs-2027"), "vote", "x")


def test_unanimous_adoption_and_intro_without_rapporteur(villeneuve: Agenda) -> None:
    questions = item(villeneuve, "questions-diverses")
    assert questions.rapporteur is None
    adopted = render_stage(villeneuve, questions, "adopted_unanimously", "x")
    assert adopted == ["✅ Point 29 adopté à l'unanimité : Questions diverses #CMVilleneuve"]


def test_session_stages_carry_the_time(villeneuve: Agenda) -> None:
    suspension = render_stage(villeneuve, None, "suspension", "x", now=EVENING)
    assert suspension == ["⏸️ La séance est suspendue (20 h 42). #CMVilleneuve"]
    huis_clos = render_stage(villeneuve, None, "closed_session", "mastodon", now=EVENING)
    assert huis_clos[0].startswith("🔒 La séance se poursuit à huis clos (20 h 42)")


def test_the_session_template_overrides_the_builtin(villeneuve: Agenda) -> None:
    opening = render_stage(villeneuve, None, "opening", "x")
    assert opening[0].startswith("🏛️ Le conseil municipal de Villeneuve commence !")
    assert "https://www.villeneuve.example.fr/direct #CMVilleneuve" in opening[0]


def test_item_placeholders_need_an_item(villeneuve: Agenda) -> None:
    with pytest.raises(TemplateError, match=r"\{title\} needs an agenda item"):
        render_text(villeneuve, "Point : {title}", None, "x")


def test_english_wording(northshire: Agenda) -> None:
    mtfs = item(northshire, "mtfs")
    posts = render_stage(northshire, mtfs, "adopted_vote", "x", VoteCounts(41, 20, 1))
    assert posts == [
        "✅ Item 6 approved (41 for, 20 against, 1 abstention): Medium Term Financial Strategy"
        " #NorthshireBudget #NorthshireCouncil"
    ]
    closing = render_stage(northshire, None, "closing", "x", now=EVENING)
    assert closing == [
        "🏁 The meeting is closed (19:42). Thank you for following! #NorthshireCouncil"
    ]


def test_item_hashtags_skip_the_session_ones_and_repeats(write_agenda: WriteAgenda) -> None:
    path = write_agenda(
        HEAD.replace("start:", 'hashtags: ["#CMVilleneuve"]\n  start:')
        + """\
themes:
  - {id: finances, label: Finances, hashtags: ["#Budget", "#budget"]}
items:
  - id: a
    number: 1
    title: Budget
    theme: finances
    hashtags: ["#cmvilleneuve", "#Budget", "#Impots"]
"""
    )
    agenda = load_agenda(path)
    posts = render_stage(agenda, agenda.items[0], "adopted", "x")
    assert posts == ["✅ Point 1 adopté : Budget #Budget #Impots #CMVilleneuve"]


# -- X refuses duplicates: one stage never renders the same for two items --------------------


@pytest.mark.parametrize("name", ["cm-villeneuve-2026-12-15.yaml", "full-council-2026-12-10.yaml"])
def test_every_stage_renders_differently_for_every_item(name: str) -> None:
    agenda = load_agenda(AGENDAS / name)
    votes = VoteCounts(20, 5, 1)
    for network in NETWORKS:
        seen: dict[str, str] = {}
        for subject in agenda.items:
            for stage in stages_for(agenda, subject):
                for post in render_stage(agenda, subject, stage, network, votes):
                    assert post not in seen, (post, seen.get(post))
                    seen[post] = f"{subject.id}/{stage}"


@settings(max_examples=40, deadline=None)
@given(
    numbers=st.lists(
        st.text(alphabet="0123456789 bisBIS\t", min_size=1, max_size=6).filter(str.strip),
        min_size=2,
        max_size=6,
    ),
    title=st.sampled_from(["Subvention", "Budget", "Questions diverses"]),
)
def test_builtins_differ_even_when_titles_are_identical(numbers: list[str], title: str) -> None:
    items = "".join(
        f"  - {{id: i{n}, number: {json.dumps(number)}, title: {title}}}\n"
        for n, number in enumerate(numbers)
    )
    report = check_agenda_text("generated.yaml", HEAD + "items:\n" + items)
    if report.agenda is None:  # numbers that would post the same are refused by the check
        assert all("duplicate item number" in p.message for p in report.errors), report.errors
        return
    agenda = report.agenda
    for stage in ITEM_STAGES:
        texts = {
            render_stage(agenda, subject, stage, "x", VoteCounts(1, 1, 1))[0]
            for subject in agenda.items
        }
        assert len(texts) == len(agenda.items)
