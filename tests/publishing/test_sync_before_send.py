"""Every journal entry is on disk, *synced*, before the network call it describes.

What proves "synced"? Reading the journal through another descriptor when the
request arrives proves only that the entry was *written*: the page cache serves
those bytes whether or not they reached the disk, and a power cut would lose
them. Nor does a SIGKILL prove anything: the kernel keeps the page cache of a
killed process. What fsync/fdatasync changes, observably, is the state of the
file's pages in the page cache: it writes every dirty page and waits for it, so
none is left dirty or under writeback. Linux's cachestat(2) (6.5 and later)
reports, for a file, how many of its cached pages are dirty or being written
back. The kernel's own writeback only takes pages dirty for longer than
``vm.dirty_expire_centisecs`` (30 s by default), so an entry written
milliseconds earlier is still dirty unless the app synced it.

So the fake X server, at the moment the request for a post arrives (the app is
blocked in that very call), checks both: the journal read through its own
descriptor holds the post's ``sending`` entry, and cachestat says no page of the
journal (nor of its high-water mark) is dirty or under writeback. Removing the
fsync, or moving it after the call, leaves the entry's page dirty and fails the
test (checked by mutation). A calibration first checks that this file system
shows the difference (a tmpfs, for one, cannot: the test is then skipped).
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fakex import FakeX
from fakex.fixtures import MakeXPublisher

from livetweet.publishing import Outbox
from livetweet.publishing.watermark import mark_path

from .conftest import FakeClock

_CACHESTAT = 451  # the same number on x86_64 and aarch64 (unified syscall table)


class _Range(ctypes.Structure):
    _fields_ = [("off", ctypes.c_uint64), ("len", ctypes.c_uint64)]


class _Stat(ctypes.Structure):
    _fields_ = [
        ("nr_cache", ctypes.c_uint64),
        ("nr_dirty", ctypes.c_uint64),
        ("nr_writeback", ctypes.c_uint64),
        ("nr_evicted", ctypes.c_uint64),
        ("nr_recently_evicted", ctypes.c_uint64),
    ]


def unsynced_pages(path: Path) -> int:
    """Pages of ``path`` in the page cache that are dirty or under writeback."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(path, os.O_RDONLY)
    try:
        whole, stat = _Range(0, 0), _Stat()
        if libc.syscall(_CACHESTAT, fd, ctypes.byref(whole), ctypes.byref(stat), 0) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))
    finally:
        os.close(fd)
    return int(stat.nr_dirty + stat.nr_writeback)


def calibrate(directory: Path) -> None:
    """Skip unless, here, a written page shows as dirty and a synced one as clean."""
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "aarch64"):
        pytest.skip("cachestat(2) is Linux-only (x86_64, aarch64 here)")
    probe = directory / "probe"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.write(fd, b"probe\n")
        try:
            dirty = unsynced_pages(probe)
        except OSError as error:
            if error.errno in (errno.ENOSYS, errno.EPERM, errno.EOPNOTSUPP):
                pytest.skip(f"cachestat(2) unavailable: {error}")
            raise
        os.fdatasync(fd)
        clean = unsynced_pages(probe)
    finally:
        os.close(fd)
    if dirty == 0 or clean != 0:
        pytest.skip("this file system does not show synced pages apart (tmpfs?)")


@dataclass
class Seen:
    text: str
    sending_on_disk: bool
    unsynced_journal: int
    unsynced_mark: int


def test_each_entry_is_synced_before_the_call_it_describes(
    tmp_path: Path, fake_x: FakeX, make_publisher: MakeXPublisher
) -> None:
    calibrate(tmp_path)
    path = tmp_path / "seance.jsonl"
    seen: list[Seen] = []

    def look(body: Any) -> None:  # runs in the server while the app waits for its answer
        text = body["text"]
        with path.open("rb") as separate:  # its own descriptor, not the app's
            entries = [json.loads(line) for line in separate.read().splitlines()]
        refs = {e["ref"] for e in entries if e["type"] == "queued" and e["text"] == text}
        sending = any(e["type"] == "sending" and e["ref"] in refs for e in entries)
        seen.append(Seen(text, sending, unsynced_pages(path), unsynced_pages(mark_path(path))))

    fake_x.on_post = look
    thread = ["Ouverture de la séance (1/3)", "Appel des élus (2/3)", "Quorum atteint (3/3)"]
    with Outbox.open(path, [make_publisher(fake_x)], clock=FakeClock()) as outbox:
        outbox.submit({"x": thread}, "d1")
        report = outbox.process()
        outbox.submit({"x": ["Point suivant"]}, "d2")  # a second submission, later
        report = outbox.process()
    assert not (report.failed or report.uncertain or report.queued)
    assert [s.text for s in seen] == [*thread, "Point suivant"]
    for s in seen:
        assert s.sending_on_disk, f"{s.text!r}: sent before its entry was written"
        assert s.unsynced_journal == 0, f"{s.text!r}: sent before the journal was synced"
        assert s.unsynced_mark == 0, f"{s.text!r}: sent before the journal's mark was synced"


def test_each_upload_is_synced_before_the_next_network_call(tmp_path: Path) -> None:
    """Photos: every ``media_uploaded`` is synced before the next upload or the post,
    and every ``posted`` before the next post's uploads."""
    from photofiles import phone_jpeg

    from livetweet.publishing.attachments import MediaAttachment

    from .photonet import PhotoNetwork

    calibrate(tmp_path)
    path = tmp_path / "seance.jsonl"
    network = PhotoNetwork()
    calls: list[tuple[str, int, int, int]] = []  # (call, entries of its kind, unsynced...)

    def journal() -> list[dict[str, Any]]:
        with path.open("rb") as separate:
            return [json.loads(line) for line in separate.read().splitlines()]

    def on_upload(_image: object) -> None:
        uploaded = sum(e["type"] == "media_uploaded" for e in journal())
        calls.append(("upload", uploaded, unsynced_pages(path), unsynced_pages(mark_path(path))))

    def on_publish() -> None:
        entries = journal()
        last = entries[-1]
        uploaded = sum(e["type"] == "media_uploaded" and e["ref"] == last["ref"] for e in entries)
        assert last["type"] == "sending"
        calls.append(("post", uploaded, unsynced_pages(path), unsynced_pages(mark_path(path))))

    network.on_upload, network.on_publish = on_upload, on_publish
    photos = [
        MediaAttachment(phone_jpeg(tmp_path / f"{name}.jpg"), f"Photo {name}")
        for name in ("salle", "vote")
    ]
    with Outbox.open(path, [network], clock=FakeClock()) as outbox:
        outbox.submit({"x": ["Vote du budget"]}, "d1", media=photos)
        outbox.submit({"x": ["Point suivant"]}, "d2", media=photos[:1])
        report = outbox.process()
    assert len(report.posted) == 2
    assert [c[:2] for c in calls] == [
        ("upload", 0),
        ("upload", 1),
        ("post", 2),
        ("upload", 2),
        ("post", 1),
    ]
    for call, _count, unsynced_journal, unsynced_mark in calls:
        assert unsynced_journal == 0, f"{call}: made before the journal was synced"
        assert unsynced_mark == 0, f"{call}: made before the journal's mark was synced"
