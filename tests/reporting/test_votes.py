"""`livetweet votes`: figures completed or corrected after the session."""

from __future__ import annotations

import json

import pytest

from livetweet.cli import main
from livetweet.publishing import verify_journal

from .conftest import Session


def votes(session: Session, item: str, f: int, a: int, ab: int, agenda: bool = True) -> int:
    args = ["votes", str(session.journal), "--item", item]
    args += ["--for", str(f), "--against", str(a), "--abstain", str(ab)]
    if agenda:
        args += ["--agenda", str(session.agenda_path)]
    return main(args)


def report_json(session: Session, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    capsys.readouterr()
    args = ["report", str(session.journal), "--agenda", str(session.agenda_path)]
    assert main([*args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_a_corrected_vote_is_used_and_the_first_stays_visible(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert votes(session, "budget", 26, 4, 3) == 0
    out = capsys.readouterr().out
    assert "It replaces 25/5/3" in out
    assert verify_journal(session.journal).ok
    data = report_json(session, capsys)
    budget = next(i for i in data["items"] if i["id"] == "budget")
    assert (budget["vote"]["for"], budget["vote"]["against"]) == (26, 4)
    assert budget["vote"]["source"] == "votes"
    assert [v["for"] for v in budget["votes"]] == [25, 26]
    args = ["report", str(session.journal), "--agenda", str(session.agenda_path)]
    assert main([*args, "--format", "scdl"]) == 0
    assert ",33,33,26,4,3," in capsys.readouterr().out
    assert main(args) == 0
    html = capsys.readouterr().out
    assert '<span class="superseded">adopted (25 for, 5 against, 3 abstentions)</span>' in html
    assert "adopted (26 for, 4 against, 3 abstentions)" in html


def test_a_vote_recorded_only_after_the_session_reaches_the_open_data(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert votes(session, "voirie", 20, 10, 3) == 0
    data = report_json(session, capsys)
    voirie = next(i for i in data["items"] if i["id"] == "voirie")
    assert voirie["vote"]["outcome"] == "adopted"


@pytest.mark.parametrize(
    ("counts", "message"),
    [((30, 5, 1), "36 votes for 33 members in office."), ((0, 0, 0), "Nobody voted")],
)
def test_counts_are_checked_as_the_vote_dialog_checks_them(
    session: Session, capsys: pytest.CaptureFixture[str], counts: tuple[int, int, int], message: str
) -> None:
    before = session.journal.read_bytes()
    assert votes(session, "budget", *counts) == 1
    assert message in capsys.readouterr().err
    assert session.journal.read_bytes() == before


def test_unknown_item_and_broken_journal(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert votes(session, "nope", 1, 0, 0) == 2
    assert "No item nope in the agenda." in capsys.readouterr().err
    assert votes(session, "nope", 1, 0, 0, agenda=False) == 2
    assert "never mentions item nope" in capsys.readouterr().err
    lines = session.journal.read_bytes().split(b"\n")
    del lines[4]
    session.journal.write_bytes(b"\n".join(lines))
    before = session.journal.read_bytes()
    assert votes(session, "budget", 20, 0, 0) == 1
    assert f"{session.journal}:5:" in capsys.readouterr().err
    assert session.journal.read_bytes() == before
