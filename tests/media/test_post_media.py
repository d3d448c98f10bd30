"""`livetweet post --media FILE --alt TEXT`: every photo checked and prepared, what would
be attached shown, and then a clear refusal (exit 2) while the outbox cannot carry
photos: the text never leaves without its photo, nothing is journalled."""

from __future__ import annotations

from pathlib import Path

import pytest
from photofiles import phone_jpeg, write_gif, write_png

from livetweet.cli import main

ALT = "Les élus votent à main levée."


def journals(home: Path) -> list[Path]:
    return list(home.rglob("*.jsonl"))


def test_photos_are_checked_and_shown_but_never_dropped(
    tmp_path: Path, isolated_user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = phone_jpeg(tmp_path / "vote.jpg", orientation=6)
    logo = write_png(tmp_path / "logo.png", alpha=True)

    status = main(
        [
            "post",
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
    assert status == 2
    assert f"photo 1: {photo} — alt text (29 characters): {ALT}" in captured.err
    assert "X: image/jpeg, 300×400" in captured.err  # the orientation applied
    assert "Bluesky: image/png, 120×80" in captured.err
    assert "Posting photos is not available yet: nothing was sent." in captured.err
    assert captured.out == "" and journals(isolated_user_dirs) == []


def test_a_photo_without_alt_text_is_refused_unless_the_setting_allows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = phone_jpeg(tmp_path / "salle.jpg")
    assert main(["post", "--media", str(photo), "Séance ouverte"]) == 2
    assert f"photo {photo} has no alt text" in capsys.readouterr().err

    monkeypatch.setenv("LIVETWEET_REQUIRE_ALT_TEXT", "false")
    assert main(["post", "--media", str(photo), "Séance ouverte"]) == 2
    err = capsys.readouterr().err
    assert "has no alt text" not in err and "(no alt text)" in err
    assert "not available yet" in err


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
