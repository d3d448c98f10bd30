"""No English reaches a French command's output: help, usage errors, every error path.

The locale says French and so does the configuration; every sub-command is found
from the command line itself (its "invalid choice" answer), so a new one is covered.
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from english_leaks import LOCALE, english_leaks
from fakex import FakeX

from livetweet.cli import main

Run = Callable[..., str]


@pytest.fixture
def french_cli(
    isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    """Run ``livetweet ARGS`` in French (locale and configuration); its whole output.

    In an empty folder: ``agenda new NAME`` writes NAME, and ``run NAME`` would then
    open the live screen.
    """
    monkeypatch.chdir(isolated_user_dirs)
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.setenv("COLUMNS", "100")
    config = isolated_user_dirs / ".config" / "livetweet" / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("language: fr\n", encoding="utf-8")

    def run(*args: str, stdin: bytes = b"") -> str:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        with contextlib.suppress(SystemExit):  # --help, and argparse's usage errors
            main(list(args))
        out, err = capsys.readouterr()
        return out + err

    return run


def commands(run: Run, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command, from the choices an unknown one is offered."""
    answer = run(*prefix, "pas-une-commande")
    offered = answer.rpartition("pas-une-commande'")[2]
    found = [prefix]
    for name in re.findall(r"'([a-z][a-z-]*)'", offered):
        found += commands(run, (*prefix, name))
    return found


def test_every_help_and_usage_error_is_french(french_cli: Run) -> None:
    every = commands(french_cli)
    assert ("agenda", "check") in every and ("auth", "x") in every  # the discovery works
    leaks: dict[str, list[str]] = {}
    for command in every:
        for extra in (("--help",), (), ("--pas-une-option",), ("--config",)):
            if command == ("agenda", "schema") and not extra:
                continue  # the JSON Schema: data for editors, in English as every schema
            output = french_cli(*command, *extra)
            if found := english_leaks(output):
                leaks[" ".join((*command, *extra))] = found
    assert not leaks, leaks


def test_every_error_path_is_french(french_cli: Run, tmp_path: Path) -> None:
    missing = str(tmp_path / "absent")
    agenda = tmp_path / "odj.yaml"
    agenda.write_text(
        "version: 1\n"
        "session: {id: cm, title: CM, body: Ville, start: '2026-12-15T18:00:00+01:00'}\n"
        "items:\n"
        "  - {id: budget, number: '1', title: Budget}\n"
        "  - {id: huis-clos, number: '2', title: Personnel, closed: true}\n",
        encoding="utf-8",
    )
    journal = str(tmp_path / "j.jsonl")
    post = ("post", "--journal", journal)
    outputs = {
        "max-wait": french_cli(*post, "--max-wait", "bientôt", "Texte"),
        "format": french_cli("agenda", "check", "--format", "xml", str(agenda)),
        "two commands": french_cli("agenda", "check"),
        "run": french_cli("run", missing),
        "check": french_cli("agenda", "check", missing),
        "verify": french_cli("audit", "verify", missing),
        "show": french_cli("audit", "show", missing),
        "resume": french_cli("resume", "--journal", missing),
        "empty": french_cli(*post, "   "),
        "item": french_cli(*post, "--agenda", str(agenda), "--item", "budjet", "Texte"),
        "closed": french_cli(*post, "--agenda", str(agenda), "--item", "huis-clos", "Texte"),
        "utf-8": french_cli(*post, "-", stdin="Séance".encode("latin-1")),
        "posted": french_cli(*post, "--agenda", str(agenda), "--item", "budget", "Adopté."),
        "verified": french_cli("audit", "verify", journal),
        "table": french_cli("audit", "show", journal),
        "resumed": french_cli("resume", "--journal", journal),
        "post, a file for a folder": french_cli("post", "--journal", f"{agenda}/j.jsonl", "T"),
        "run, a file for a folder": french_cli("run", "--journal", f"{agenda}/j", str(agenda)),
        "new, a file for a folder": french_cli("agenda", "new", f"{agenda}/odj.yaml"),
        "verify, a file for a folder": french_cli("audit", "verify", f"{agenda}/j.jsonl"),
    }
    assert "rien n'est publié" in outputs["posted"]  # French indeed, and it did post
    leaks = {name: found for name, output in outputs.items() if (found := english_leaks(output))}
    assert not leaks, leaks


def test_auth_x_is_french(
    french_cli: Run, fake_x: FakeX, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_KEY", fake_x.credentials.consumer_key)
    monkeypatch.setenv("APP_SECRET", fake_x.credentials.consumer_secret)
    config = tmp_path / "config.yaml"
    config.write_text(
        "language: fr\n"
        "networks:\n"
        "  x:\n"
        f"    api_base_url: {fake_x.url}\n"
        "    timeout_seconds: 2\n"
        '    account: "@MairieDeVilleneuve"\n'  # not the account X authorizes: a warning
        "    consumer_key: ${APP_KEY}\n"
        "    consumer_secret: ${APP_SECRET}\n",
        encoding="utf-8",
    )
    authorized = french_cli(
        "auth", "x", "--config", str(config), stdin=b"%b\n" % fake_x.credentials.pin.encode()
    )
    assert "trousseau" in authorized  # where the tokens went, in French
    wrong_pin = french_cli("auth", "x", "--config", str(config), stdin=b"0000000\n")
    no_pin = french_cli("auth", "x", "--config", str(config), stdin=b"\n")
    no_keys = french_cli("auth", "x", stdin=b"\n\n")
    for output in (authorized, wrong_pin, no_pin, no_keys):
        assert not english_leaks(output), output


def test_the_argparse_catalogue_covers_this_python() -> None:
    """A Python that adds an argparse message needs its French (README in livetweet/locale)."""
    with (LOCALE / "argparse.po").open("rb") as po:
        french = {
            m.id if isinstance(m.id, str) else m.id[0]: m.string
            for m in read_po(po)
            if m.id and m.string and not m.fuzzy
        }
    with (LOCALE / "argparse.mo").open("rb") as mo:
        compiled = {m.id if isinstance(m.id, str) else m.id[0] for m in read_mo(mo) if m.id}
    used = {
        message if isinstance(message, str) else message[0]
        for _line, message, _comments, _context in extract_from_file(
            "python", argparse.__file__, keywords={"_": None, "ngettext": (1, 2)}
        )
    }
    assert not used - set(french), "argparse strings without French"
    assert compiled == set(french), "run: pybabel compile -d livetweet/locale -D argparse"


def test_the_process_is_left_as_found(french_cli: Run) -> None:
    """argparse's language is set for the parsing only: gettext's domain and LANGUAGE
    come back, so nothing else in the process is translated behind its back."""
    domain, language = gettext.textdomain(), os.environ.get("LANGUAGE")
    assert "utilisation" in french_cli("post")
    assert (gettext.textdomain(), os.environ.get("LANGUAGE")) == (domain, language)


def test_the_configured_language_wins_over_the_locale(
    isolated_user_dirs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An English desktop, a French configuration: the clerk reads French, usage included."""
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    config = isolated_user_dirs / ".config" / "livetweet" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("language: fr\n", encoding="utf-8")

    def usage_error(*args: str) -> str:
        with pytest.raises(SystemExit):
            main(["post", *args])
        return capsys.readouterr().err

    assert "arguments obligatoires manquants : TEXTE" in usage_error()
    english = tmp_path / "english.yaml"
    english.write_text("language: en\n", encoding="utf-8")
    assert "the following arguments are required: TEXT" in usage_error("--config", str(english))
    monkeypatch.setenv("LIVETWEET_LANGUAGE", "en")
    assert "usage:" in usage_error()
    monkeypatch.delenv("LIVETWEET_LANGUAGE")
    config.write_text("language: [fr\n", encoding="utf-8")  # broken: the command will say so
    assert "usage:" in usage_error()
