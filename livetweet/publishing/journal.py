"""The journal: an append-only, hash-chained JSON Lines file, one per session.

It is both the public record of the session (what was posted, when, by whom,
about which item) and the outbox's queue. Each line is the canonical JSON of
one entry (sorted keys, no spaces, UTF-8) followed by its own hash::

    {"prev":"<previous hash>","seq":7,"session":"..","ts":"..","type":"posted",..,"hash":"<sha256>"}

``hash`` is the SHA-256 of the line's bytes without the ``,"hash":...`` suffix
(so verifying never re-serialises JSON), and ``prev`` chains each entry to the
previous one; the first entry chains from a genesis value derived from the
session id. Editing, deleting or reordering entries, or cutting the head or
the middle, breaks the chain and ``verify_journal`` names the first bad line.

What the chain cannot detect on its own: cutting entries off the *end* of the
file leaves a valid (shorter) chain, and someone rewriting the whole file can
recompute every hash. Two copies of the last hash kept elsewhere catch both:
the journal's mark in the user state directory (``watermark``), checked by
every open and by ``audit verify``, and the hash ``livetweet audit verify``
prints, to write down (or publish) at the end of the session and check later
with ``audit verify --expect HASH``. Opening a journal shorter than its mark
raises ``JournalCut`` unless the caller accepts exactly that many missing
entries; the acceptance is journalled (``entries_missing``).

A crash mid-write can leave a torn last line (one without its newline: an
entry and its newline are written in one call). Because every entry is
fsynced before the network call it describes, a torn entry was never acted
on. Verification reports it as an incomplete tail, not as tampering; the next
open cuts those bytes off and appends a ``torn_tail`` entry recording their
line number, length and SHA-256, chained to the last complete entry. Any
other bad line is an error.

Entries are built from explicit fields only (never an exception or a request
object), and any configured secret string is redacted before writing.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import json
import os
import stat
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from livetweet.config.dirs import private_dir
from livetweet.i18n import _, os_error
from livetweet.publishing.watermark import (
    Mark,
    Shortfall,
    Watermark,
    fsync_dir,
    mark_path,
    read_mark,
    shortfall,
)

try:  # POSIX: one writer per journal
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

GENESIS_PREFIX = "livetweet-journal-v1\n"
_HASH_KEY = b',"hash":"'
_SUFFIX_LEN = len(_HASH_KEY) + 64 + 2  # ,"hash":"<64 hex>"}
RESERVED = frozenset({"seq", "ts", "type", "session", "prev", "hash"})
REDACTED = "[redacted]"


class JournalError(Exception):
    """The journal cannot be used (broken, in use by another process, not a file)."""


class JournalCut(JournalError):
    """The journal holds fewer entries than this computer wrote to it (``missing``)."""

    def __init__(self, message: str, shortfall: Shortfall) -> None:
        super().__init__(message)
        self.shortfall = shortfall

    @property
    def missing(self) -> int:
        return self.shortfall.missing


def genesis_hash(session_id: str) -> str:
    return hashlib.sha256((GENESIS_PREFIX + session_id).encode("utf-8")).hexdigest()


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("a directory")
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def _not_a_file(path: Path, mode: int) -> JournalError:
    return JournalError(
        _("{path}: not a journal file ({kind})").format(path=path, kind=_kind_of(mode))
    )


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


class Entry(NamedTuple):
    """One journal line, parsed. ``data`` holds every field, the fixed ones included."""

    data: dict[str, Any]
    line_no: int

    @property
    def seq(self) -> int:
        return int(self.data["seq"])

    @property
    def type(self) -> str:
        return str(self.data["type"])

    @property
    def hash(self) -> str:
        return str(self.data["hash"])

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass
class Verification:
    """What reading a journal found."""

    path: Path
    entries: list[Entry] = field(default_factory=list)
    error: str | None = None  # the first problem, if the chain is broken
    error_line: int | None = None
    torn_tail_line: int | None = None  # an incomplete last line (crash mid-write)
    torn_tail_bytes: bytes = b""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def last_hash(self) -> str | None:
        return self.entries[-1].hash if self.entries else None

    @property
    def session_id(self) -> str | None:
        return str(self.entries[0].data["session"]) if self.entries else None


_raw_decode = json.JSONDecoder().raw_decode
#: The canonical form of an entry: sorted keys, no spaces, UTF-8 as is.
_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _check_line(line: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The parsed entry if ``line`` carries a correct own hash, else why not."""
    if len(line) < _SUFFIX_LEN + 2 or line[-2:] != b'"}':
        return None, _("not a complete journal entry")
    if line[-_SUFFIX_LEN : -_SUFFIX_LEN + 9] != _HASH_KEY:
        return None, _("no hash at the end of the entry")
    claimed = line[-66:-2]
    if sha256(line[:-_SUFFIX_LEN] + b"}").hexdigest().encode("ascii") != claimed:
        return None, _("the entry's hash does not match its content (edited?)")
    try:
        text = line.decode("utf-8")
        data, end = _raw_decode(text)
    except ValueError:
        return None, _("not valid JSON")
    if end != len(text) or not isinstance(data, dict) or data.get("hash") != claimed.decode():
        return None, _("not a journal entry")
    return data, None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while building many small objects: its repeated
    full passes over a growing list cost a third of start-up on big journals."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def verify_journal(path: Path) -> Verification:
    """Read ``path`` and check the whole chain. Raises ``OSError`` if unreadable and
    ``JournalError`` if it is not a regular file (a device, a pipe, a directory)."""
    # O_NONBLOCK: opening a named pipe must not wait for a writer
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_file(path, mode)
        raw = _read_all(fd)
    finally:
        os.close(fd)
    with gc_paused():
        return _verify(path, raw)


def _verify(path: Path, raw: bytes) -> Verification:
    result = Verification(path)
    lines = raw.split(b"\n")
    complete = bool(lines) and lines[-1] == b""  # a torn write never reached its newline
    if complete:
        lines.pop()
    prev: str | None = None
    for index, line in enumerate(lines):
        line_no = index + 1
        data, why = _check_line(line)
        if data is None:
            if line_no == len(lines) and not complete:
                result.torn_tail_line, result.torn_tail_bytes = line_no, line
                break
            result.error, result.error_line = why, line_no
            return result
        if prev is None:
            prev = genesis_hash(str(data.get("session", "")))
        if data.get("prev") != prev:
            result.error = (
                _("the first entry does not start the chain (head cut off?)")
                if not result.entries
                else _("does not follow the previous entry (an entry was removed or moved)")
            )
            result.error_line = line_no
            return result
        if data.get("seq") != line_no:  # one entry per line, numbered from 1
            result.error = _("sequence {seq} on line {line}").format(
                seq=data.get("seq"), line=line_no
            )
            result.error_line = line_no
            return result
        prev = data["hash"]
        result.entries.append(Entry(data, line_no))
    return result


def _json_safe(value: Any, secrets: tuple[str, ...]) -> Any:
    """``value`` with secrets redacted; refuses anything that is not plain JSON data."""
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
        return value
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_json_safe(v, secrets) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v, secrets) for k, v in value.items()}
    raise TypeError(f"journal fields must be plain data, not {type(value).__name__}")


class Journal:
    """An open journal, appended to by one process at a time. Thread-safe."""

    def __init__(
        self,
        path: Path,
        fd: int,
        *,
        session_id: str,
        last: Entry | None,
        secrets: tuple[str, ...],
        lines: int,
        watermark: Watermark | None = None,
        durable: bool = True,
    ) -> None:
        self.path = path
        self.session_id = session_id
        self._fd: int | None = fd
        self._seq = last.seq if last else 0
        self._prev = last.hash if last else genesis_hash(session_id)
        self._secrets = secrets
        self._lines = lines
        self._watermark = watermark
        self._durable = durable
        #: True when the file was new or held the last entry this computer wrote to
        #: it (its mark): then no entry that led to a network call is missing.
        self.proven_whole = False
        self._dirty = False
        self._failed = False
        self._removed_content: bytes | None = None
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        session_id: str | None = None,
        secrets: Iterable[str] = (),
        durable: bool = True,
        accept_missing: int | None = None,
        mark_dir: Path | None = None,
    ) -> tuple[Journal, list[Entry]]:
        """Open (or create, mode 0600) ``path``; returns the journal and its entries.

        Raises ``JournalError`` if the existing chain is broken, the path is not a
        regular file or another process holds the journal, and ``JournalCut`` if
        it holds fewer entries than its mark, unless ``accept_missing`` is exactly
        that number (the operator confirmed; an ``entries_missing`` entry records
        it). ``mark_dir``: where marks are kept (default: the user state directory).
        ``durable=False`` skips fsync and the mark: only for generating benchmark
        data, never for a real session.
        """
        kept = tuple(sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True))
        if path.parent.exists() and not path.parent.is_dir():
            raise JournalError(
                _("{dir}: is a file, not a directory: the journal cannot be created in it").format(
                    dir=path.parent
                )
            )
        existed = path.exists()
        try:
            if not existed:
                private_dir(path.parent)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
        except IsADirectoryError:
            raise _not_a_file(path, stat.S_IFDIR) from None
        except OSError as error:
            raise _cannot_open(path, error) from None
        journal: Journal | None = None
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise _not_a_file(path, mode)
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise JournalError(
                        _("{path}: in use by another livetweet process").format(path=path)
                    ) from None
            with gc_paused():
                check = _verify(path, _read_all(fd))
            if not check.ok:
                raise JournalError(f"{path}:{check.error_line}: {check.error}")
            watermark = Watermark(mark_path(path, mark_dir), durable=durable) if durable else None
            short = (
                shortfall([e.hash for e in check.entries], watermark.mark)
                if watermark is not None and existed  # a journal deleted starts afresh
                else None
            )
            if short is not None and accept_missing != short.missing:
                raise JournalCut(_cut_message(path, short), short)
            sid = check.session_id or session_id or path.name.removesuffix(".jsonl")
            last = check.entries[-1] if check.entries else None
            lines = last.line_no if last else 0  # a torn tail is cut off below
            journal = cls(
                path,
                fd,
                session_id=sid,
                last=last,
                secrets=kept,
                lines=lines,
                watermark=watermark,
                durable=durable,
            )
            journal.proven_whole = (
                watermark is not None
                and short is None
                and (not check.entries or watermark.mark is not None)
            )
            entries = list(check.entries)
            if not existed:
                fsync_dir(path.parent)
            if check.torn_tail_line is not None:
                # Cut the torn bytes (never acted on) and record what they were: a crash
                # during this recovery only leaves another torn tail.
                os.ftruncate(fd, os.fstat(fd).st_size - len(check.torn_tail_bytes))
                entries.append(
                    journal.append(
                        "torn_tail",
                        line=check.torn_tail_line,
                        length=len(check.torn_tail_bytes),
                        sha256=hashlib.sha256(check.torn_tail_bytes).hexdigest(),
                    )
                )
            elif os.fstat(fd).st_size and os.pread(fd, 1, os.fstat(fd).st_size - 1) != b"\n":
                os.write(fd, b"\n")  # a complete last entry whose newline was lost
            if short is not None:
                entries.append(
                    journal.append(
                        "entries_missing",
                        missing=short.missing,
                        replaced=short.replaced,
                        noted_seq=short.mark.seq,
                        noted_hash=short.mark.hash,
                    )
                )
        except BaseException as error:
            if journal is not None:
                journal.abandon()  # the journal owns the descriptor now: close it once
            else:
                os.close(fd)
            if isinstance(error, OSError):
                raise _cannot_open(path, error) from None
            raise
        return journal, entries

    def append(self, type_: str, /, *, sync: bool = True, **fields: Any) -> Entry:
        """Write one entry; fsync it (and every lazy entry before it) before
        returning unless ``sync`` is False.

        ``sync=False`` is for entries that describe what already happened
        (``posted``) or that the next synced entry covers (a thread's
        ``queued`` parts): fsync makes the whole file durable, so they are
        on disk before the next network call, as the rule requires.
        """
        bad = RESERVED.intersection(fields)
        if bad:
            raise ValueError(f"reserved journal fields: {sorted(bad)}")
        with self._lock:
            if self._fd is None:
                raise JournalError(_("{path}: the journal is closed").format(path=self.path))
            # Without secrets to redact, json.dumps itself refuses anything but plain data.
            record = _json_safe(fields, self._secrets) if self._secrets else dict(fields)
            record.update(
                seq=self._seq + 1,
                ts=datetime.now(UTC).isoformat(timespec="milliseconds"),
                type=type_,
                session=self.session_id,
                prev=self._prev,
            )
            body = _canonical(record)
            body_bytes = body.encode("utf-8")
            digest = hashlib.sha256(body_bytes).hexdigest()
            line = body_bytes[:-1] + _HASH_KEY + digest.encode("ascii") + b'"}\n'
            try:
                if os.fstat(self._fd).st_nlink == 0:  # the file was deleted under us
                    self._keep_removed_content()
                    raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))
                view = memoryview(line)
                while view:
                    written = os.write(self._fd, view)
                    view = view[written:]
            except OSError as error:
                self._fail(error)
            self._seq += 1
            self._lines += 1
            self._prev = digest
            self._dirty = True
            if sync:
                try:
                    self._sync_locked()
                except OSError as error:
                    self._fail(error)
            record["hash"] = digest
            return Entry(record, self._lines)

    def sync(self) -> None:
        """fsync whatever was appended with ``sync=False``."""
        with self._lock:
            try:
                self._sync_locked()
            except OSError as error:
                self._fail(error)

    def _fail(self, error: OSError) -> NoReturn:
        """The disk refused (full, I/O error): stop writing, so that nothing is ever
        sent unjournalled and no entry is glued to a half-written one. Reopening
        the journal later recovers (a torn last line is recorded and skipped)."""
        self._failed = True
        self._release()
        raise JournalError(
            _("{path}: cannot write the journal ({why}); nothing more is sent").format(
                path=self.path, why=os_error(error)
            )
        ) from None

    def _keep_removed_content(self) -> None:
        """The file was deleted while open: what it held is only in this descriptor
        now. Keep it, so that ``reopen`` can put the journal back."""
        assert self._fd is not None
        self._removed_content = os.pread(self._fd, os.fstat(self._fd).st_size, 0)

    def reopen(self) -> tuple[Journal, list[Entry]]:
        """The same journal opened again, after a write failure whose cause was fixed
        (see ``open``: a torn last line is cut off and recorded). A journal file
        deleted during the session is written back first, whole."""
        if self._removed_content is not None and not self.path.exists():
            private_dir(self.path.parent)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            try:
                view = memoryview(self._removed_content)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            fsync_dir(self.path.parent)
            self._removed_content = None
        mark_dir = self._watermark.path.parent if self._watermark is not None else None
        return Journal.open(
            self.path,
            session_id=self.session_id,
            secrets=self._secrets,
            durable=self.durable,
            mark_dir=mark_dir,
        )

    @property
    def broken(self) -> bool:
        """A write failed: nothing more is written until the journal is reopened."""
        return self._fd is None and self._failed

    def _sync_locked(self) -> None:
        """fsync the journal, then move its mark: the mark never runs ahead of the file."""
        if self._dirty and self._fd is not None:
            if self.durable:
                _datasync(self._fd)
            if self._watermark is not None:
                self._watermark.write(Mark(self._seq, self._prev))
            self._dirty = False

    def _release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # also releases the flock
            self._fd = None
        if self._watermark is not None:
            self._watermark.close()

    def abandon(self) -> None:
        """Close without syncing (opening failed half-way)."""
        with self._lock:
            self._release()

    @property
    def durable(self) -> bool:
        """False skips every fsync (the journal's and its mark's): benchmarks only."""
        return self._durable

    @durable.setter
    def durable(self, durable: bool) -> None:
        self._durable = durable
        if self._watermark is not None:
            self._watermark.durable = durable

    @property
    def last_hash(self) -> str:
        return self._prev

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                try:
                    self._sync_locked()
                finally:
                    self._release()


def _cannot_open(path: Path, error: OSError) -> JournalError:
    return JournalError(
        _("{path}: cannot open the journal ({why})").format(path=path, why=os_error(error))
    )


def _cut_message(path: Path, short: Shortfall) -> str:
    return (
        short.message(path)
        + ". "
        + _(
            "Posts it shows as queued may have been published. To go on anyway (they are "
            "checked on the network before being sent): livetweet resume --journal {path} "
            "--accept-missing {n}"
        ).format(path=path, n=short.missing)
    )


def journal_shortfall(verification: Verification, mark_dir: Path | None = None) -> Shortfall | None:
    """How ``verification``'s journal falls short of the mark this computer keeps for it."""
    mark = read_mark(mark_path(verification.path, mark_dir))
    return shortfall([e.hash for e in verification.entries], mark)


#: fdatasync where the platform has it: an append needs the data and the new size on
#: disk, not the modification time, and skipping that is measurably cheaper.
_datasync = getattr(os, "fdatasync", os.fsync)
