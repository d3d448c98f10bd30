"""`livetweet post --media FILE --alt TEXT`: every photo checked and prepared, what is
attached shown, then posted with the text (here to the dry-run file of an unconfigured
install); a bad photo is refused before anything is journalled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from photofiles import TELL_TALES, phone_jpeg, write_gif, write_png

from livetweet.cli import main
from livetweet.media import cache as media_cache
from livetweet.media import prepare
from livetweet.publishing.dryrun import dry_run_outbox_path, read_dry_run_outbox

ALT = "Les élus votent à main levée."


def journals(home: Path) -> list[Path]:
    return list(home.rglob("*.jsonl"))


def entries(journal: Path, type_: str) -> list[dict[str, Any]]:
    found = [json.loads(line) for line in journal.read_text().splitlines()]
    return [e for e in found if e["type"] == type_]


def test_photos_are_checked_shown_and_posted_with_the_text(
    tmp_path: Path,
    isolated_user_dirs: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo = phone_jpeg(tmp_path / "vote.jpg", orientation=6)
    logo = write_png(tmp_path / "logo.png", alpha=True)
    journal = tmp_path / "seance.jsonl"
    prepared: list[str] = []  # each real preparation (network), wherever it is asked for

    def counting(source: Any, limits: Any, alt: str = "") -> Any:
        prepared.append(limits.network)
        return prepare(source, limits, alt)

    monkeypatch.setattr(media_cache, "prepare", counting)
    status = main(
        [
            "post",
            "--journal",
            str(journal),
            "--media",
            str(photo),
            "--alt",
            ALT,
            "--media",
            str(logo),
            "--alt",
            "Logo",
            "Budget adopté",
        ]
    )

    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert f"photo 1: {photo} — alt text (29 characters): {ALT}" in captured.err
    assert "X: image/jpeg, 300×400" in captured.err  # the orientation applied
    assert "Bluesky: image/png, 120×80" in captured.err
    assert len(captured.out.splitlines()) == 3  # one post per network
    posts = [r for r in read_dry_run_outbox(dry_run_outbox_path(journal)) if r["op"] == "post"]
    assert sorted(p["network"] for p in posts) == ["bluesky", "mastodon", "x"]
    for post in posts:
        assert [(m["alt"], m["width"], m["height"]) for m in post["media"]] == [
            (ALT, 300, 400),
            ("Logo", 120, 80),
        ]
    queued = entries(journal, "queued")
    assert all([m["name"] for m in q["media"]] == ["vote.jpg", "logo.png"] for q in queued)
    assert len(entries(journal, "media_uploaded")) == 6
    assert not any(tale in journal.read_bytes() for tale in TELL_TALES)
    assert sorted(prepared) == sorted(["x", "mastodon", "bluesky"] * 2)  # never twice


def test_a_dry_run_with_a_declared_account_shows_the_photo_for_every_simulated_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rehearsal simulates X, Mastodon and Bluesky besides the declared account: the
    photo is shown as each of them will receive it, not only as Mastodon will."""
    config = tmp_path / "config.yaml"
    config.write_text(
        "dry_run: true\n"
        "accounts:\n"
        "  - id: finances-mastodon\n"
        "    network: mastodon\n"
        '    account: "@VilleneuveFinances@social.villeneuve.fr"\n'
        "    api_base_url: https://social.villeneuve.fr\n"
        "    max_characters: 500\n",
        encoding="utf-8",
    )
    photo = phone_jpeg(tmp_path / "salle.jpg")
    journal = tmp_path / "seance.jsonl"
    args = ["post", "--config", str(config), "--journal", str(journal)]
    assert main([*args, "--media", str(photo), "--alt", ALT, "Séance ouverte"]) == 0
    err = capsys.readouterr().err
    assert all(f"{name}: image/jpeg" in err for name in ("X", "Mastodon", "Bluesky")), err
    posts = [r for r in read_dry_run_outbox(dry_run_outbox_path(journal)) if r["op"] == "post"]
    assert sorted(p["account_id"] for p in posts) == [
        "bluesky",
        "finances-mastodon",
        "mastodon",
        "x",
    ]


def test_a_photo_without_alt_text_is_refused_unless_the_setting_allows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = phone_jpeg(tmp_path / "salle.jpg")
    assert main(["post", "--media", str(photo), "Séance ouverte"]) == 2
    assert f"photo {photo} has no alt text" in capsys.readouterr().err

    monkeypatch.setenv("LIVETWEET_REQUIRE_ALT_TEXT", "false")
    journal = tmp_path / "seance.jsonl"
    assert main(["post", "--journal", str(journal), "--media", str(photo), "Séance ouverte"]) == 0
    assert "(no alt text)" in capsys.readouterr().err
    queued = entries(journal, "queued")
    assert all(q["alt_required"] is False and q["media"][0]["alt"] == "" for q in queued)


def test_bad_photos_are_refused_before_anything_is_journalled(
    tmp_path: Path, isolated_user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("pas une image")
    gif = write_gif(tmp_path / "a.gif")
    cases = {
        ("--media", str(text), "--alt", "x"): f"photo {text}: not an image",
        ("--media", str(tmp_path / "absent.png"), "--alt", "x"): "no such file",
        ("--media", str(gif), "--alt", "a" * 1001): "1001 characters on X (limit 1000)",
        ("--media", str(gif), "--alt", "bip\x1b[2J"): "holds control characters",
        tuple(["--media", str(gif), "--alt", "x"] * 5): "5 photos: a post carries at most 4",
    }
    for args, message in cases.items():
        assert main(["post", *args, "Texte"]) == 2
        assert message in capsys.readouterr().err
    assert journals(isolated_user_dirs) == []


def test_an_alt_text_needs_its_photo_before_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["post", "--alt", "orpheline", "Texte"])
    assert exited.value.code == 2
    assert "--alt describes the --media given just before it" in capsys.readouterr().err


def test_a_french_operator_reads_the_refusal_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    photo = phone_jpeg(tmp_path / "salle.jpg")
    assert main(["post", "--media", str(photo), "Séance ouverte"]) == 2
    assert f"la photo {photo} n'a pas de texte alternatif" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "0,0"], "--focus is the focus point of the --media given just before it"),
        (["--media", "v.jpg", "--focus", "1.5,0"], "--focus 1.5,0: give X,Y, each from -1 to 1"),
        (["--media", "v.jpg", "--focus", "haut"], "--focus haut: give X,Y"),
        (["--media", "v.jpg", "--focus", "0,0", "--focus", "1,1"], "one --focus per --media"),
    ],
)
def test_a_focus_point_outside_the_photo_or_without_one_is_refused(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["post", *args, "Texte"])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
