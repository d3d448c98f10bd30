"""A journal's high-water mark, kept outside it: what proves its end was not cut.

Cutting entries off the end of a journal leaves a valid, shorter chain. Each
journal therefore has a small mark file in the user state directory
(``~/.local/state/livetweet/journal-marks/`` on Linux, created 0700) holding the
sequence number and hash of the last entry synced to disk. The journal updates
it right after each fsync, so the mark never runs ahead of the file, and it is
on disk before the network call the entry describes: a journal that holds its
mark's entry holds every entry that led to a network call.

The file has two fixed-size slots written in turn, each with its own checksum
and a generation number: a crash while writing one leaves the other, one step
behind, which is safe.
The mark is named after the journal's absolute path; a journal moved or copied
elsewhere has no mark (it is then trusted less, see ``SessionState.doubted``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from livetweet.i18n import _, ngettext

_SLOT = 256
_DATASYNC = getattr(os, "fdatasync", os.fsync)


@dataclass(frozen=True)
class Mark:
    """The last entry of a journal synced to disk on this computer."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Shortfall:
    """How a journal falls short of its mark."""

    missing: int  # entries written here that the file does not hold
    mark: Mark
    replaced: bool  # the file is long enough but its entry ``mark.seq`` is another one

    def message(self, path: Path) -> str:
        if self.replaced:
            return _(
                "{path}: entry {seq} is not the one this computer wrote (hash {hash}…): "
                "the journal was replaced or rewritten"
            ).format(path=path, seq=self.mark.seq, hash=self.mark.hash[:12])
        return ngettext(
            "{path}: {n} entry is missing at the end: this computer wrote up to entry "
            "{seq} (hash {hash}…); the journal was cut or replaced by an older copy",
            "{path}: {n} entries are missing at the end: this computer wrote up to entry "
            "{seq} (hash {hash}…); the journal was cut or replaced by an older copy",
            self.missing,
        ).format(path=path, n=self.missing, seq=self.mark.seq, hash=self.mark.hash[:12])


def mark_directory() -> Path:
    return platformdirs.user_state_path("livetweet") / "journal-marks"


def mark_path(journal_path: Path, directory: Path | None = None) -> Path:
    key = hashlib.sha256(str(journal_path.resolve()).encode("utf-8")).hexdigest()[:32]
    return (directory or mark_directory()) / f"{key}.mark"


def shortfall(hashes: list[str], mark: Mark | None) -> Shortfall | None:
    """None when the entries (their hashes, in order) hold ``mark``'s entry."""
    if mark is None or mark.seq <= 0:
        return None
    if len(hashes) >= mark.seq:
        if hashes[mark.seq - 1] == mark.hash:
            return None
        return Shortfall(mark.seq, mark, replaced=True)
    return Shortfall(mark.seq - len(hashes), mark, replaced=False)


def read_mark(path: Path) -> Mark | None:
    """The newest valid slot of the mark file at ``path``; None if there is none."""
    newest = _read_slots(path)
    return newest[1] if newest else None


def _read_slots(path: Path) -> tuple[int, Mark, int] | None:
    """(generation, mark, slot index) of the newest valid slot."""
    try:
        with path.open("rb") as f:
            raw = f.read(2 * _SLOT)
    except (FileNotFoundError, NotADirectoryError):
        return None
    slots = [(_parse(raw[i * _SLOT : (i + 1) * _SLOT]), i) for i in (0, 1)]
    valid = [(found[0], found[1], i) for found, i in slots if found is not None]
    return max(valid, key=lambda v: v[0], default=None)


def _parse(slot: bytes) -> tuple[int, Mark] | None:
    body, _sep, digest = slot.rstrip(b" \n\x00").rpartition(b" ")
    if not body or hashlib.sha256(body).hexdigest().encode("ascii") != digest:
        return None
    try:
        data = json.loads(body)
        return int(data["gen"]), Mark(int(data["seq"]), str(data["hash"]))
    except (ValueError, KeyError, TypeError):
        return None


def _slot(generation: int, mark: Mark) -> bytes:
    fields = {"gen": generation, "seq": mark.seq, "hash": mark.hash}
    body = json.dumps(fields, sort_keys=True).encode("ascii")
    line = body + b" " + hashlib.sha256(body).hexdigest().encode("ascii")
    return line.ljust(_SLOT - 1) + b"\n"


def _make_private_dir(directory: Path) -> None:
    """Create ``directory`` and its missing parents 0700, whatever the umask."""
    missing: list[Path] = []
    for candidate in (directory, *directory.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        with contextlib.suppress(FileExistsError):
            candidate.mkdir(mode=0o700)
            os.chmod(candidate, 0o700)


def fsync_dir(directory: Path) -> None:
    """Make a new file's name durable (not every platform can fsync a directory)."""
    with contextlib.suppress(OSError):
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


class Watermark:
    """The open mark file of one journal (used under the journal's lock).

    Each write goes to the older slot with the next generation number: the newest
    generation is the mark, whatever its sequence number (a journal accepted
    shorter, or started afresh, goes on from lower numbers)."""

    def __init__(self, path: Path, *, durable: bool = True) -> None:
        self.path = path
        self.durable = durable
        newest = _read_slots(path)
        self.mark = newest[1] if newest else None
        self._generation = newest[0] if newest else 0
        self._next_slot = 1 - newest[2] if newest else 0
        self._fd: int | None = None

    def write(self, mark: Mark) -> None:
        """Record ``mark``, synced; raises ``OSError``."""
        if self.mark == mark:
            return
        if self._fd is None:
            _make_private_dir(self.path.parent)
            existed = self.path.exists()
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            if not existed and self.durable:
                fsync_dir(self.path.parent)
        os.pwrite(self._fd, _slot(self._generation + 1, mark), self._next_slot * _SLOT)
        if self.durable:
            _DATASYNC(self._fd)
        self._generation += 1
        self._next_slot ^= 1
        self.mark = mark

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
