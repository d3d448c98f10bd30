"""The report of a session whose posts carried photos: each photo's alt text in the
HTML page, each photo an attachment (alt text as ``name``, media type, size) in the
ActivityStreams export. Journalled by the real dry-run pipeline."""

from __future__ import annotations

import json
from pathlib import Path

from photofiles import phone_jpeg, write_png

from livetweet.cli import main
from livetweet.publishing import DryRunPublisher, Outbox
from livetweet.publishing.attachments import MediaAttachment
from livetweet.publishing.dryrun import dry_run_outbox_path

from .test_report import parse

SALLE = "La salle du conseil <b>municipal</b>, vue depuis la tribune."
DIAPO = "Diapositive : 12 M€ d'investissements en 2027."


def rehearse(tmp_path: Path) -> Path:
    journal = tmp_path / "cm-photos.jsonl"
    outbox_file = dry_run_outbox_path(journal)
    x = DryRunPublisher("x", outbox_file, "@VilleDeVilleneuve")
    mastodon = DryRunPublisher("mastodon", outbox_file, "@ville@social.example.fr")
    photos = [
        MediaAttachment(phone_jpeg(tmp_path / "salle.jpg"), SALLE),
        MediaAttachment(write_png(tmp_path / "diapo.png"), DIAPO),
    ]
    with Outbox.open(journal, [x, mastodon], require_alt_text=False) as outbox:
        outbox.submit(
            {"x": ["Budget 1/2", "Vote 2/2"], "mastodon": ["Budget et vote"]}, media=photos
        )
        outbox.submit({"x": ["Vue de la salle"]}, media=[MediaAttachment(photos[0].path, "")])
        report = outbox.process()
    assert len(report.posted) == 4
    return journal


def export(journal: Path, fmt: str) -> str:
    out = journal.with_name(f"report.{fmt}")
    assert main(["report", str(journal), "--format", fmt, "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_activitystreams_lists_each_post_s_photos_as_attachments(tmp_path: Path) -> None:
    data = json.loads(export(rehearse(tmp_path), "activitystreams"))
    notes = {
        a["object"]["content"]: a["object"]["attachment"]
        for a in data["orderedItems"]
        if a["type"] == "Create"
    }
    expected = [
        {"type": "Image", "mediaType": "image/jpeg", "name": SALLE, "width": 400, "height": 300},
        {"type": "Image", "mediaType": "image/png", "name": DIAPO, "width": 120, "height": 80},
    ]
    assert notes["<p>Budget 1/2</p>"] == expected
    assert notes["<p>Budget et vote</p>"] == expected
    assert notes["<p>Vote 2/2</p>"] == []
    assert notes["<p>Vue de la salle</p>"] == [
        {"type": "Image", "mediaType": "image/jpeg", "width": 400, "height": 300}
    ]


def test_the_html_report_shows_the_alt_text_of_each_photo(tmp_path: Path) -> None:
    html = export(rehearse(tmp_path), "html")
    text = " ".join(parse(html).text)
    assert f"Photo 1: {SALLE}" in text  # the markup in it shown as text, not obeyed
    assert f"Photo 2: {DIAPO}" in text
    assert "Photo 1, without alt text" in text
    assert "<b>municipal</b>" not in html
