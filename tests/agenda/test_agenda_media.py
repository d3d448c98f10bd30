"""An item's photos in the agenda: `agenda check` finds the missing file, the file that
is no image, the photo without alt text, and leaves a good photo alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from photofiles import encoded, noise, phone_jpeg, write_gif

from livetweet.agenda import check_agenda_file, load_agenda
from livetweet.cli import main

from .conftest import HEAD

ITEM = """\
items:
  - id: budget
    number: 1
    title: Budget primitif 2027
    media:
"""


def agenda_with(tmp_path: Path, media: str) -> Path:
    path = tmp_path / "seance.yaml"
    path.write_text(HEAD + ITEM + media, encoding="utf-8")
    return path


def problems(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["agenda", "check", str(path)])
    lines = capsys.readouterr().out.splitlines()
    return status, [line for line in lines if line.startswith(f"{path}:")]


def test_a_photo_with_its_alt_text_next_to_the_agenda_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "photos").mkdir()
    phone_jpeg(tmp_path / "photos" / "salle.jpg")
    path = agenda_with(
        tmp_path, "      - path: photos/salle.jpg\n        alt: La salle du conseil, pleine.\n"
    )
    assert problems(path, capsys) == (0, [])
    [photo] = load_agenda(path).items[0].media
    assert (photo.path, photo.alt) == ("photos/salle.jpg", "La salle du conseil, pleine.")


def test_missing_unsupported_and_undescribed_photos_are_errors_at_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phone_jpeg(tmp_path / "vote.jpg")
    (tmp_path / "notes.txt").write_text("compte rendu")
    path = agenda_with(
        tmp_path,
        "      - path: absente.jpg\n"
        "        alt: Une photo\n"
        "      - path: notes.txt\n"
        "        alt: Des notes\n"
        "      - path: vote.jpg\n"
        "      - path: vote.jpg\n"
        '        alt: "  "\n',
    )
    status, found = problems(path, capsys)
    assert status == 1
    assert found == [
        f"{path}:12:15: error: photo 'absente.jpg': no such file",
        f"{path}:14:15: error: photo 'notes.txt': not an image (JPEG, PNG, WebP or GIF)",
        f"{path}:16:15: error: photo 'vote.jpg' has no alt text "
        "(add alt: describing the picture for blind and partially sighted readers)",
        f"{path}:18:14: error: photo 'vote.jpg' has no alt text "
        "(add alt: describing the picture for blind and partially sighted readers)",
    ]


def test_a_directory_and_too_many_photos_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dossier.jpg").mkdir()
    phone_jpeg(tmp_path / "p.jpg")
    media = (
        "      - path: dossier.jpg\n        alt: x\n" + "      - path: p.jpg\n        alt: y\n" * 4
    )
    status, found = problems(agenda_with(tmp_path, media), capsys)
    assert status == 1
    assert any("has 5 photos; a post carries at most 4" in line for line in found)
    assert any("photo 'dossier.jpg': is not a regular file" in line for line in found)


def test_an_alt_text_too_long_for_x_is_reported_with_each_network_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phone_jpeg(tmp_path / "p.jpg")
    path = agenda_with(tmp_path, f"      - path: p.jpg\n        alt: {'é' * 1600}\n")
    status, [line] = problems(path, capsys)
    assert status == 1
    assert line.endswith(
        "the alt text of photo 'p.jpg' is too long: 1600 characters on X (limit 1000), "
        "1600 characters on Mastodon (limit 1500)"
    )


def test_a_large_photo_passes_once_it_fits_bluesky_and_an_animation_is_a_warning(
    tmp_path: Path,
) -> None:
    (tmp_path / "diapo.jpg").write_bytes(encoded(noise(1500, 1000), "JPEG", quality=95))
    write_gif(tmp_path / "bravo.gif")
    path = agenda_with(
        tmp_path,
        "      - path: diapo.jpg\n        alt: La diapositive du budget\n"
        "      - path: bravo.gif\n        alt: Applaudissements\n",
    )
    report = check_agenda_file(path)
    assert report.ok
    assert [p.message for p in report.warnings] == [
        "photo 'bravo.gif' is animated: only its first frame is shown on Bluesky"
    ]


def test_an_agenda_without_photos_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(HEAD + "items:\n  - id: a\n    number: 1\n    title: T\n", encoding="utf-8")
    assert check_agenda_file(path).ok
    assert load_agenda(path).items[0].media == []


def test_a_photo_written_as_a_bare_path_gets_the_form_to_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = agenda_with(tmp_path, "      - salle.jpg\n      - path: s.jpg\n        alt_text: x\n")
    status, found = problems(path, capsys)
    assert status == 1
    assert found == [
        f"{path}:12:9: error: expected a photo with its alt text "
        '(write it as {path: "salle.jpg", alt: "what the picture shows"})',
        f"{path}:14:9: error: unknown key 'alt_text'",
    ]
    one = tmp_path / "one.yaml"
    one.write_text(HEAD + ITEM.replace("    media:\n", "    media: salle.jpg\n"), encoding="utf-8")
    status, [line] = problems(one, capsys)
    assert line.endswith(
        "error: expected a list of photos with their alt text "
        '(write it as [{path: "salle.jpg", alt: "what the picture shows"}])'
    )
