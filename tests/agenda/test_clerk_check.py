"""The clerk's check as the clerk runs it: every problem in one run, in their language,
on what they actually wrote, and never a hang, a crash or raw terminal codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from livetweet.agenda import load_agenda, render_text
from livetweet.cli import main
from livetweet.text.networks import Network

from .conftest import HEAD, ROOT, WriteAgenda

NETWORKS: tuple[Network, ...] = ("x", "mastodon", "bluesky")


def run_cli(*args: str, language: str = "en_GB.UTF-8") -> subprocess.CompletedProcess[str]:
    """The real ``livetweet`` command; the timeout only guards a hang (a failure)."""
    env = {**os.environ, "LANG": language, "LC_ALL": language, "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "livetweet", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=120,
    )


# -- what the path is (issue 11) -------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_check_on_a_named_pipe_says_so_and_exits_2(tmp_path: Path) -> None:
    fifo = tmp_path / "agenda.yaml"
    os.mkfifo(fifo)
    result = run_cli("agenda", "check", str(fifo))
    assert result.returncode == 2
    assert f"{fifo}: error: is a named pipe (FIFO), not an agenda file" in result.stdout
    assert "Traceback" not in result.stderr


def test_check_on_a_device_says_so_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agenda", "check", os.devnull]) == 2
    assert f"{os.devnull}: error: is a device, not an agenda file" in capsys.readouterr().out


def test_run_on_a_directory_says_it_is_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(tmp_path)]) == 2
    err = " ".join(capsys.readouterr().err.split())  # Rich wraps long lines
    assert "is a directory, not an agenda file" in err
    assert "no such" not in err


def test_run_on_a_missing_file_still_says_no_such_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(tmp_path / "absent.yaml")]) == 2
    assert "no such file" in " ".join(capsys.readouterr().err.split())


# -- YAML syntax, told as the clerk can fix it (issue 10) --------------------------------------

ITEM = HEAD + "items:\n  - id: a\n    number: 1\n"


def check_lines(path: Path, capsys: pytest.CaptureFixture[str], status: int = 1) -> list[str]:
    """The problem lines ``agenda check`` prints for ``path`` (its exit status checked)."""
    assert main(["agenda", "check", str(path)]) == status
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith(str(path))]


def test_a_colon_in_a_title_says_to_put_it_between_quotes(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(ITEM + "    title: Tarifs 2027 : piscine\n")
    assert check_lines(path, capsys) == [
        f"{path}:10:24: error: a ':' followed by a space inside a text without quotes: "
        'YAML reads a new key (put the text between quotes: title: "Tarifs 2027 : piscine")'
    ]


def test_a_colon_in_a_title_is_explained_in_french_by_the_real_command(
    write_agenda: WriteAgenda,
) -> None:
    path = write_agenda(ITEM + "    title: Tarifs 2027 : piscine\n")
    result = run_cli("agenda", "check", str(path), language="fr_FR.UTF-8")
    assert result.returncode == 1
    assert f"{path}:10:24: erreur: " in result.stdout
    assert 'entre guillemets : title: "Tarifs 2027 : piscine"' in result.stdout
    assert "mapping values" not in result.stdout


def test_a_tab_is_named_as_a_tab(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(ITEM + "\ttitle: Budget\n")
    assert check_lines(path, capsys) == [
        f"{path}:10:1: error: a tab character: YAML indents with spaces only "
        "(replace the tab with spaces)"
    ]


def test_a_line_indented_too_far_is_named(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(ITEM + "    title: Budget\n     theme: finances\n")
    assert check_lines(path, capsys) == [
        f"{path}:11:11: error: this line is indented more than the key above it "
        "(start it in the same column as the other keys of its level (spaces only))"
    ]


def test_a_line_out_of_alignment_is_named(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(ITEM + "    title: Budget\n   theme: finances\n")
    (line,) = check_lines(path, capsys)
    assert line.startswith(f"{path}:11:4: error: this line does not line up with the lines above")


def test_an_apostrophe_inside_single_quotes_is_explained(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(ITEM + "    title: 'Travaux de l'école'\n")
    (line,) = check_lines(path, capsys)
    assert f"{path}:10:" in line
    assert "the text goes on after its closing quote" in line
    assert "l''école" in line


def test_a_quote_never_closed_points_at_where_it_opens(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(ITEM + '    title: "Budget\n    theme: finances\n')
    assert check_lines(path, capsys)[0].startswith(
        f"{path}:10:12: error: this quote is never closed"
    )


# -- nesting counted on what YAML reads, not on characters (issue 11) -------------------------


def test_brackets_inside_a_quoted_title_or_a_comment_are_only_text(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "[" * 70
    path = write_agenda(ITEM + f'    title: "Tableau {title}"  # {"{" * 70}\n')
    assert main(["agenda", "check", str(path)]) == 0, capsys.readouterr().out


def test_real_nesting_is_still_refused(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(ITEM + "    title: " + "[" * 70 + "]" * 70 + "\n")
    (line,) = check_lines(path, capsys)
    assert "values are nested too deeply (more than 32)" in line


# -- every problem in one run (issue 10) ------------------------------------------------------


def test_a_naive_start_date_hides_nothing_else(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(
        HEAD.replace("+01:00", "")
        + """\
members:
  - id: dupont
    name: Marie Dupont
themes:
  - id: finances
    label: Finances
items:
  - id: a
    number: 1
    title: Budget
    theme: finance
    rapporteur: dupond
    titel: Budget
"""
    )
    assert [line.split(" (")[0] for line in check_lines(path, capsys)] == [
        f"{path}:6:10: error: the start time has no UTC offset",
        f"{path}:17:12: error: unknown theme 'finance'",
        f"{path}:18:17: error: unknown member 'dupond'",
        f"{path}:19:5: error: unknown key 'titel'",
    ]


def test_a_session_without_title_and_start_still_checks_the_items(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(
        "version: 1\nsession:\n  id: s1\n  body: Ville\n"
        "items:\n  - {id: a, number: 1, title: Budget, rapporteur: nobody}\n"
    )
    lines = check_lines(path, capsys)
    assert f"{path}:3:3: error: missing key 'title'" in lines
    assert f"{path}:6:51: error: unknown member 'nobody'" in lines


# -- handles as people write them (issue 10) --------------------------------------------------

MEMBERS = (
    HEAD
    + """\
members:
  - id: durand
    name: Claire Durand
    handles: {{x: {x}, mastodon: {mastodon}, bluesky: {bluesky}}}
items:
  - id: a
    number: 1
    title: Budget
    rapporteur: durand
    drafts:
      intro: "Point {{number}} présenté par {{@durand}}"
"""
)


@pytest.mark.parametrize(
    ("x", "mastodon", "bluesky"),
    [
        ("ClaireDurand42", "cdurand@piaille.fr", "claire-durand.bsky.social"),
        ('"@ClaireDurand42"', '"@cdurand@piaille.fr"', '"@claire-durand.bsky.social"'),
        (
            "https://x.com/ClaireDurand42",
            "https://piaille.fr/@cdurand",
            "https://bsky.app/profile/claire-durand.bsky.social",
        ),
    ],
    ids=["without @", "with @", "profile address"],
)
def test_handles_are_accepted_as_people_write_them(
    write_agenda: WriteAgenda,
    capsys: pytest.CaptureFixture[str],
    x: str,
    mastodon: str,
    bluesky: str,
) -> None:
    path = write_agenda(MEMBERS.format(x=x, mastodon=mastodon, bluesky=bluesky))
    assert check_lines(path, capsys, status=0) == []
    agenda = load_agenda(path)
    item = agenda.items[0]
    intro = item.drafts["intro"]
    assert isinstance(intro, str)
    assert [render_text(agenda, intro, item, network) for network in NETWORKS] == [
        "Point 1 présenté par @ClaireDurand42",
        "Point 1 présenté par @cdurand@piaille.fr",
        "Point 1 présenté par @claire-durand.bsky.social",
    ]


def test_handles_no_network_could_accept_are_still_refused(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(
        MEMBERS.format(x="Claire.Durand", mastodon="cdurand", bluesky='"claire durand"')
    )
    assert [line.split(" (")[0] for line in check_lines(path, capsys)] == [
        f"{path}:10:18: error: invalid X handle 'Claire.Durand'",
        f"{path}:10:43: error: invalid Mastodon handle 'cdurand'",
        f"{path}:10:61: error: invalid Bluesky handle 'claire durand'",
    ]


# -- control characters and markup: refused at the source, never sent raw (issue 11) ----------


def test_control_characters_in_texts_and_stage_names_are_refused_where_they_are(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(
        ITEM
        + '    title: "Budget \\e]52;c;cHduZWQ=\\a"\n'
        + "    short_title: Budget \u202eteg\n"
        + "    drafts:\n"
        + '      "intro\\e[2J": "Point {number}"\n'
        + '      adopted: "Point {number}\\nadopté"\n'
    )
    lines = check_lines(path, capsys)
    assert [line.split(": error: ")[0] for line in lines] == [
        f"{path}:10:12",
        f"{path}:11:25",
        f"{path}:13:7",
    ]
    assert "invisible control character U+001B in the text" in lines[0]
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in lines[1]
    assert "U+001B" in lines[2]


def test_a_line_break_in_an_item_number_is_refused(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(HEAD + 'items:\n  - {id: a, number: "1\\n2", title: Budget}\n')
    assert check_lines(path, capsys) == [
        f"{path}:8:21: error: a line break in a one-line value (write it on one line)"
    ]


@pytest.mark.parametrize("output", ["text", "json"])
def test_no_output_line_carries_raw_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    path = tmp_path / "cm\x1b]0;pwned\x07\u202e\x9b.yaml"
    path.write_text(
        ITEM.replace("number: 1", 'number: "1\\e[31m"') + '    title: "Budget \\x9b2J"\n',
        encoding="utf-8",
    )
    assert main(["agenda", "check", "--format", output, str(path)]) == 1
    out = capsys.readouterr().out
    assert "error" in out
    for char in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert char not in out


def test_markup_in_a_path_or_a_stage_name_is_shown_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "[").mkdir()
    path = tmp_path / "[" / "][bold]cm[red].yaml"  # .../[/][bold]cm[red].yaml
    path.write_text(
        HEAD
        + "templates:\n  opening: Début de la séance [/] {session_title} [red]\n"
        + "items:\n  - id: a\n    number: 1\n    title: B\n    drafts:\n"
        + '      "[/]": "Point {number} [/b] '
        + "un long texte " * 12
        + '"\n',
        encoding="utf-8",
    )
    assert main(["agenda", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"✓ {path}: 1 items" in out
    assert "item a, [/]" in out


def test_a_path_with_markup_is_shown_literally_when_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "[").mkdir()
    path = tmp_path / "[" / "]cm.yaml"  # .../[/]cm.yaml
    path.write_text(HEAD + "items: 3\n", encoding="utf-8")
    assert main(["agenda", "check", str(path)]) == 1
    assert f"✗ {path}: 1 error(s), 0 warning(s)" in capsys.readouterr().out


# -- look-alike item numbers (issue 11) -------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [("é1", "e\u03011"), ("12", "1\u200b2"), ("12", "12\u200e"), ("12 bis", "12\ufeff bis")],
    ids=["NFC vs NFD", "zero-width space", "left-to-right mark", "BOM"],
)
def test_look_alike_item_numbers_are_duplicates(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str], first: str, second: str
) -> None:
    path = write_agenda(
        HEAD + "items:\n"
        f'  - {{id: a, number: "{first}", title: Budget}}\n'
        f'  - {{id: b, number: "{second}", title: Tarifs}}\n'
    )
    lines = check_lines(path, capsys)
    assert any(
        line.startswith(f"{path}:9:21: error: duplicate item number")
        and "(first at line 8)" in line
        for line in lines
    ), lines


def test_an_invisible_character_in_an_item_number_is_warned_about(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_agenda(HEAD + 'items:\n  - {id: a, number: "1\\u200f2", title: Budget}\n')
    (line,) = check_lines(path, capsys, status=0)
    assert line.startswith(f"{path}:8:21: warning: item number ")
    assert "U+200F (RIGHT-TO-LEFT MARK)" in line
    assert "it reads as '12'" in line


def test_a_bidirectional_override_in_an_item_number_is_refused(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str]
) -> None:
    """``\u202e21`` shows as 12: it cannot be compared, so it is refused."""
    path = write_agenda(
        HEAD + "items:\n  - {id: a, number: 12, title: Budget}\n"
        '  - {id: b, number: "\\u202e21", title: Tarifs}\n'
    )
    (line,) = check_lines(path, capsys)
    assert line.startswith(f"{path}:9:21: error: invisible control character U+202E")


# -- agenda new: the modeline points at a schema that exists (issue 10) ------------------------


def test_new_writes_the_schema_its_first_line_points_at(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "conseil" / "cm.yaml"
    target.parent.mkdir()
    assert main(["agenda", "new", str(target)]) == 0
    modeline = target.read_text(encoding="utf-8").splitlines()[0]
    assert modeline.startswith("# yaml-language-server: $schema=")
    schema = target.parent / modeline.split("$schema=", 1)[1]
    capsys.readouterr()
    assert main(["agenda", "schema"]) == 0
    assert schema.read_text(encoding="utf-8") == capsys.readouterr().out


def test_new_keeps_a_schema_file_that_is_not_livetweets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "agenda.schema.json"
    other.write_text('{"title": "another tool"}\n', encoding="utf-8")
    assert main(["agenda", "new", str(tmp_path / "cm.yaml")]) == 0
    assert other.read_text(encoding="utf-8") == '{"title": "another tool"}\n'
    assert "is not livetweet's schema; left as it is" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "    title: * Point important\n",
            "10:12: error: a text cannot start with * without quotes "
            '(put the text between quotes: title: "* Point important")',
        ),
        (
            '    title: "Dossier C:\\Budget"\n',
            '10:23: error: a backslash \\ inside "...": YAML reads it as an escape',
        ),
        (
            "    title: Point\n    rapporteur: @dupont\n",
            "11:17: error: a text cannot start with @ without quotes "
            '(put the text between quotes: rapporteur: "@dupont")',
        ),
    ],
    ids=["star", "backslash", "at sign"],
)
def test_yaml_syntax_at_a_texts_start_is_explained(
    write_agenda: WriteAgenda, capsys: pytest.CaptureFixture[str], line: str, expected: str
) -> None:
    path = write_agenda(ITEM + line)
    (found,) = check_lines(path, capsys)
    assert found.startswith(f"{path}:{expected}")


def test_new_to_standard_output_says_how_to_write_the_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["agenda", "new"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# yaml-language-server: $schema=agenda.schema.json\n")
    assert "livetweet agenda schema > agenda.schema.json" in captured.err
