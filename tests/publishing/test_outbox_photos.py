"""Photos through the outbox: uploaded once across crashes, journalled without bytes.

The outbox, journal, spool and preparation are the real ones (real files, real
fsync, Pillow); the network is ``PhotoNetwork``, a scripted server that keeps
what it was sent.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from photofiles import TELL_TALES, phone_jpeg, two_halves, write_png

from livetweet.i18n import set_language
from livetweet.publishing import FailureKind, Outbox, OutboxError
from livetweet.publishing.attachments import MediaAttachment
from livetweet.publishing.reports import OutboxEvent

from .conftest import FakeClock, Fault, ProcessDied, open_outbox
from .photonet import PhotoNetwork

ALT = "Le conseil municipal vote à main levée"


def entries(path: Path, type_: str | None = None) -> list[dict[str, Any]]:
    found = [json.loads(line) for line in path.read_text().splitlines()]
    return [e for e in found if type_ is None or e["type"] == type_]


class Photos:
    """An outbox on a journal in ``tmp_path`` with one photo network."""

    def __init__(self, tmp_path: Path, network: str = "x", **options: Any) -> None:
        self.tmp_path = tmp_path
        self.path = tmp_path / "seance.jsonl"
        self.network = PhotoNetwork(network=network)  # type: ignore[arg-type]
        self.clock = FakeClock()
        self.events: list[OutboxEvent] = []
        self.options = options
        self.outbox = self._open()

    def _open(self) -> Outbox:
        return open_outbox(self.path, self.network, self.clock, self.events, **self.options)

    def reopen(self) -> Outbox:
        """The app restarts on the same journal (after a crash: the old one is gone)."""
        self.outbox.journal.close()
        self.outbox = self._open()
        return self.outbox

    def photo(self, name: str = "vote.jpg", alt: str = ALT) -> MediaAttachment:
        path = self.tmp_path / name
        if not path.exists():
            phone_jpeg(path, orientation=6, image=two_halves(320 + len(name), 240))
        return MediaAttachment(path, alt)


def test_photos_go_with_the_first_part_uploaded_once_and_journalled_without_bytes(
    tmp_path: Path,
) -> None:
    desk = Photos(tmp_path)
    photos = [desk.photo("vote.jpg"), desk.photo("salle.jpg", "La salle du conseil")]
    refs = desk.outbox.submit({"x": ["Vote du budget (1/2)", "Adopté (2/2)"]}, media=photos)
    report = desk.outbox.process()

    assert report.posted == refs
    first, second = (desk.outbox.post(ref) for ref in refs)
    assert [u.alt for u in desk.network.uploads] == [ALT, "La salle du conseil"]
    assert desk.network.attached[first.post_id or ""] == ["m1", "m2"]
    assert desk.network.attached[second.post_id or ""] == []
    for upload in desk.network.uploads:  # stripped before it left
        assert not any(tale in upload.data for tale in TELL_TALES)
    queued = entries(desk.path, "queued")
    assert [p["name"] for p in queued[0]["media"]] == ["vote.jpg", "salle.jpg"]
    assert queued[0]["media"][0]["alt"] == ALT
    assert set(queued[0]["media"][0]) == {
        "source_sha256",
        "alt",
        "name",
        "bytes",
        "width",
        "height",
    }
    assert (queued[0]["media"][0]["width"], queued[0]["media"][0]["height"]) == (240, 328)
    assert "media" not in queued[1] and "alt_required" not in queued[0]
    uploaded = entries(desk.path, "media_uploaded")
    assert [(e["ref"], e["index"], e["media_id"]) for e in uploaded] == [
        (refs[0], 0, "m1"),
        (refs[0], 1, "m2"),
    ]
    assert uploaded[0]["account_id"] == "x" and uploaded[0]["alt"] == ALT
    assert uploaded[0]["sha256"] == desk.network.uploads[0].sha256
    assert uploaded[0]["source_sha256"] == queued[0]["media"][0]["source_sha256"]
    raw = desk.path.read_bytes()
    assert not any(tale in raw for tale in TELL_TALES)
    assert max(len(line) for line in raw.splitlines()) < 2000  # hashes, not bytes


def test_a_crash_between_upload_and_post_reuses_the_uploaded_photos(tmp_path: Path) -> None:
    desk = Photos(tmp_path)
    desk.outbox.submit({"x": ["Vote du budget"]}, media=[desk.photo("a.jpg"), desk.photo("b.jpg")])

    def die(_image: object) -> None:  # the second upload never happens: SIGKILL
        if len(desk.network.uploads) == 1:
            desk.network.on_upload = None
            raise ProcessDied

    desk.network.on_upload = die
    with pytest.raises(ProcessDied):
        desk.outbox.process()
    desk.reopen()

    def die_before_posting() -> None:  # uploads done, ``sending`` written: SIGKILL
        desk.network.on_publish = None
        raise ProcessDied

    desk.network.on_publish = die_before_posting
    with pytest.raises(ProcessDied):
        desk.outbox.process()
    desk.reopen()
    report = desk.outbox.process()

    assert len(report.posted) == 1
    assert len(desk.network.posts) == 1
    assert [u.media_id for u in desk.network.uploads] == ["m1", "m2"]  # one upload per photo
    assert desk.network.attached[desk.network.posts[0].post_id] == ["m1", "m2"]


def test_photos_the_network_forgot_are_uploaded_again_then_posted(tmp_path: Path) -> None:
    desk = Photos(tmp_path, network="bluesky")
    desk.outbox.submit({"bluesky": ["Vote du budget"]}, media=[desk.photo()])

    def die_before_posting() -> None:
        desk.network.on_publish = None
        raise ProcessDied

    desk.network.on_publish = die_before_posting
    with pytest.raises(ProcessDied):
        desk.outbox.process()
    desk.network.forget()  # the next morning: the PDS dropped the unreferenced blob
    desk.reopen()
    report = desk.outbox.process()

    assert len(report.posted) == 1 and len(desk.network.posts) == 1
    assert desk.network.attached[desk.network.posts[0].post_id] == ["m2"]
    assert [e["ref"] for e in entries(desk.path, "media_forgotten")] == report.posted
    assert [e["media_id"] for e in entries(desk.path, "media_uploaded")] == ["m1", "m2"]


def test_photos_gone_again_right_after_a_fresh_upload_fail_instead_of_looping(
    tmp_path: Path,
) -> None:
    desk = Photos(tmp_path)
    desk.outbox.submit({"x": ["Vote du budget"]}, media=[desk.photo()])
    desk.network.forget_all = True
    report = desk.outbox.process()

    assert len(report.failed) == 1 and desk.network.posts == []
    assert desk.outbox.post(report.failed[0]).failure_kind == "media_gone"
    assert len(desk.network.uploads) <= 2


def test_mastodon_upload_budget_queues_the_post_until_it_frees(tmp_path: Path) -> None:
    desk = Photos(tmp_path, network="mastodon", thread_mode="none")
    photos = [desk.photo(f"p{i}.jpg") for i in range(4)]
    assert desk.outbox.network_states()["mastodon"].media_remaining == 30
    start = desk.clock.now()
    refs = [desk.outbox.submit({"mastodon": [f"Point {n}"]}, media=photos)[0] for n in range(8)]
    report = desk.outbox.process(max_wait=0)

    assert report.posted == refs[:7] and report.queued == [refs[7]]
    assert len(desk.network.uploads) == 30 and desk.network.calls == 7
    assert desk.outbox.network_states()["mastodon"].media_remaining == 0
    waiting = desk.outbox.post(refs[7])
    assert waiting.state == "queued" and "30" in (waiting.reason or "")
    assert [e.kind for e in desk.events if e.ref == refs[7]][-1] == "retrying"

    desk.reopen()  # counted from the journal: a restart does not reset the budget
    assert desk.outbox.network_states()["mastodon"].media_remaining == 0
    report = desk.outbox.process()

    assert report.posted == [refs[7]] and len(desk.network.uploads) == 32
    assert desk.clock.now() >= start + 30 * 60
    assert desk.network.attached[desk.outbox.post(refs[7]).post_id or ""] == [
        "m29",
        "m30",
        "m31",
        "m32",
    ]


def test_a_photo_without_alt_text_is_refused_in_french(tmp_path: Path) -> None:
    set_language("fr")
    desk = Photos(tmp_path)
    with pytest.raises(OutboxError, match=r"La photo vote\.jpg n’a pas de texte alternatif"):
        desk.outbox.submit({"x": ["Vote"]}, media=[desk.photo(alt="  ")])
    assert entries(desk.path, "queued") == []


def test_a_focus_point_is_journalled_and_uploaded_after_a_restart(tmp_path: Path) -> None:
    desk = Photos(tmp_path, network="mastodon")
    photo = replace(desk.photo(), focus=(0.5, -0.25))
    [ref] = desk.outbox.submit({"mastodon": ["Vote"]}, media=[photo, desk.photo("salle.jpg")])
    desk.reopen()  # sent from the journal alone, the next morning
    focus: list[tuple[float, float] | None] = []
    desk.network.on_upload = lambda image: focus.append(image.focus)
    assert desk.outbox.process().posted == [ref]
    assert focus == [(0.5, -0.25), None]
    assert [m.get("focus") for m in entries(desk.path, "queued")[0]["media"]] == [
        [0.5, -0.25],
        None,
    ]


def test_a_focus_point_outside_the_photo_is_refused_in_french(tmp_path: Path) -> None:
    set_language("fr")
    desk = Photos(tmp_path)
    photo = replace(desk.photo(), focus=(0.2, -1.5))
    with pytest.raises(OutboxError, match=r"Le point focal de la photo vote\.jpg"):
        desk.outbox.submit({"x": ["Vote"]}, media=[photo])
    assert entries(desk.path, "queued") == []


def test_require_alt_text_false_lets_it_through_and_the_journal_says_so(tmp_path: Path) -> None:
    desk = Photos(tmp_path, require_alt_text=False)
    refs = desk.outbox.submit({"x": ["Vote"]}, media=[desk.photo(alt="")])
    assert desk.outbox.process().posted == refs
    queued = entries(desk.path, "queued")[0]
    assert queued["alt_required"] is False and queued["media"][0]["alt"] == ""
    assert desk.outbox.post(refs[0]).alt_required is False


def test_more_than_four_photos_are_refused(tmp_path: Path) -> None:
    desk = Photos(tmp_path)
    with pytest.raises(OutboxError, match="5"):
        desk.outbox.submit({"x": ["Vote"]}, media=[desk.photo(f"{i}.jpg") for i in range(5)])
    assert entries(desk.path, "queued") == []


def test_a_photo_removed_after_submit_still_goes_out_from_the_spool(tmp_path: Path) -> None:
    desk = Photos(tmp_path)
    photo = MediaAttachment(write_png(tmp_path / "diapo.png"), "La diapositive du budget")
    refs = desk.outbox.submit({"x": ["Le budget"]}, media=[photo])
    photo.path.unlink()
    desk.reopen()
    assert desk.outbox.process().posted == refs
    assert len(desk.network.uploads) == 1
    spool = desk.path.with_name("seance.jsonl.media")
    assert spool.stat().st_mode & 0o777 == 0o700
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in spool.iterdir())


def test_a_file_that_is_not_an_image_is_refused_before_anything_is_queued(
    tmp_path: Path,
) -> None:
    desk = Photos(tmp_path)
    text = tmp_path / "odj.txt"
    text.write_text("ordre du jour")
    with pytest.raises(OutboxError, match=r"odj\.txt"):
        desk.outbox.submit({"x": ["Vote"]}, media=[MediaAttachment(text, "alt")])
    assert entries(desk.path, "queued") == []


def test_the_spool_keeps_a_photo_only_while_its_post_may_still_be_sent(tmp_path: Path) -> None:
    desk = Photos(tmp_path)
    spool = desk.path.with_name("seance.jsonl.media")
    sent, refused = desk.photo("salle.jpg"), desk.photo("vote.jpg")
    desk.outbox.submit({"x": ["Ouverture"]}, media=[sent])
    desk.outbox.process()
    desk.network.upload_faults.append(Fault(FailureKind.FORBIDDEN, status=403))
    [ref] = desk.outbox.submit({"x": ["Vote"]}, media=[refused])
    assert desk.outbox.process().failed == [ref]
    desk.outbox.close()  # the failed post may be retried: its photo stays, not the other

    assert [f.name for f in spool.iterdir()] == [desk.outbox.post(ref).media[0].source_sha256]
    refused.path.unlink()
    desk.outbox = desk._open()
    desk.outbox.retry(ref)
    assert desk.outbox.process().posted == [ref]
    desk.outbox.close()
    assert not spool.exists()  # the copies held the photos' GPS positions: gone


def test_uploads_failing_during_an_outage_back_off_instead_of_hammering(tmp_path: Path) -> None:
    desk = Photos(tmp_path)
    [ref] = desk.outbox.submit({"x": ["Vote"]}, media=[desk.photo()])
    desk.network.upload_faults.extend(Fault(FailureKind.CONNECTION) for _ in range(4))
    assert desk.outbox.process().posted == [ref]

    waits = desk.clock.waits
    assert len(waits) == 4 and len(desk.network.uploads) == 1
    assert all(later > earlier for earlier, later in itertools.pairwise(waits))
