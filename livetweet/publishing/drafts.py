"""What the operator typed and has not handed to the outbox yet, kept on disk. Textual-free.

The journal records posts from the moment they are queued; before that, the
text lives in the editor (or in the send-delay countdown) and a crash, a
``kill -9`` or a power cut would lose it. This store keeps it in one small JSON
file per session journal, in the user state directory
(``platformdirs.user_state_path("livetweet") / "drafts"``, mode 0700; files 0600):
written to a temporary file, fsynced, renamed over the old one and the
directory fsynced, so the file on disk is always a whole old or a whole new
state. Not in the journal: the journal is the public record, and a draft is
not an act of the session.

The file holds the draft in the editor (with its photos' paths and alt texts),
the posts counting down (or handed to
the outbox but not yet journalled as queued), and a text being typed in a
dialog (a correction). All come back at the next launch of the same session; a
countdown post that the journal shows as queued is not brought back (it was
handed over in time).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from livetweet.publishing.watermark import fsync_dir

FORMAT = 1


def now_iso() -> str:
    """The journal's timestamp format, so that the two compare as strings."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Draft:
    """One text and what it is about."""

    text: str
    item_id: str | None = None  # None: about the session
    stage: str | None = None
    votes: tuple[int, int, int] | None = None
    #: A correction: the post (ref) it corrects on each account (by account id; a
    #: file written before accounts names networks, their default accounts' ids).
    corrects: Mapping[str, str] = field(default_factory=dict)
    #: For a post counting down: what each network was to receive.
    parts: Mapping[str, list[str]] = field(default_factory=dict)
    saved_at: str = field(default_factory=now_iso)
    #: The photos attached, (path, alt text); a file written before photos has none.
    media: tuple[tuple[str, str], ...] = ()
    #: The accounts of ``corrects`` whose post is edited in place (not replied to).
    edit_in_place: tuple[str, ...] = ()
    #: The accounts the operator chose for this post instead of the routing's (None:
    #: the routing's), so a relaunch never posts to an account the operator removed.
    accounts: tuple[str, ...] | None = None

    @property
    def kept(self) -> bool:
        """Worth keeping: some text, or a photo (the alt text may be all there is)."""
        return bool(self.text.strip() or self.media)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "item": self.item_id,
            "stage": self.stage,
            "votes": list(self.votes) if self.votes is not None else None,
            "corrects": dict(self.corrects),
            "parts": {n: list(p) for n, p in self.parts.items()},
            "saved_at": self.saved_at,
            "media": [{"path": path, "alt": alt} for path, alt in self.media],
            "edit_in_place": list(self.edit_in_place),
            "accounts": list(self.accounts) if self.accounts is not None else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> Draft | None:
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            return None
        votes = data.get("votes")
        if not (isinstance(votes, list) and len(votes) == 3) or not all(
            isinstance(v, int) for v in votes
        ):
            votes = None
        parts = data.get("parts")
        return cls(
            text=data["text"],
            item_id=_str_or_none(data.get("item")),
            stage=_str_or_none(data.get("stage")),
            votes=(votes[0], votes[1], votes[2]) if votes is not None else None,
            corrects=_str_map(data.get("corrects")),
            parts={str(n): [str(t) for t in p] for n, p in parts.items() if isinstance(p, list)}
            if isinstance(parts, dict)
            else {},
            saved_at=str(data.get("saved_at") or ""),
            media=_media(data.get("media")),
            edit_in_place=tuple(_str_list(data.get("edit_in_place"))),
            accounts=tuple(_str_list(data["accounts"]))
            if isinstance(data.get("accounts"), list)
            else None,
        )


def _media(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        return ()
    kept: list[tuple[str, str]] = []
    for photo in value:
        if isinstance(photo, dict) and isinstance(photo.get("path"), str) and photo["path"]:
            alt = photo.get("alt")
            kept.append((photo["path"], alt if isinstance(alt, str) else ""))
    return tuple(kept)


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _str_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _str_map(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


@dataclass(frozen=True)
class DraftState:
    """Everything not yet in the journal: the editor's draft, the pending posts, and
    a text being typed in a dialog (a correction)."""

    draft: Draft | None = None
    pending: tuple[Draft, ...] = ()
    dialog: Draft | None = None

    @property
    def empty(self) -> bool:
        return self.draft is None and not self.pending and self.dialog is None


def default_drafts_dir() -> Path:
    return platformdirs.user_state_path("livetweet") / "drafts"


def _file_name(session_id: str, journal: Path | None) -> str:
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", session_id)[:60] or "session"
    where = str(journal.resolve()) if journal is not None else ""
    digest = hashlib.sha256(f"{session_id}\n{where}".encode()).hexdigest()[:16]
    return f"{readable}-{digest}.json"


class DraftStore:
    """The drafts file of one session (its journal). Thread-safe."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._written = -1  # the generation on disk: an older save never overwrites it

    @classmethod
    def for_session(
        cls, session_id: str, journal: Path | None, directory: Path | None = None
    ) -> DraftStore:
        """The store of the session whose journal is ``journal`` (None: no journal,
        keyed by the session id alone)."""
        return cls((directory or default_drafts_dir()) / _file_name(session_id, journal))

    def load(self) -> DraftState:
        """What was kept; empty if nothing was. A file that cannot be read as a
        drafts file is set aside (``.bad``), never deleted, and ``ValueError`` says so."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return DraftState()
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a drafts file")
        except ValueError:
            bad = self.path.with_suffix(".bad")
            os.replace(self.path, bad)
            raise ValueError(str(bad)) from None
        draft = Draft.from_json(data.get("draft"))
        pending = tuple(
            d for d in (Draft.from_json(p) for p in data.get("pending") or ()) if d is not None
        )
        dialog = Draft.from_json(data.get("dialog"))
        return DraftState(
            draft if draft is not None and draft.kept else None,
            pending,
            dialog if dialog is not None and dialog.kept else None,
        )

    def save(self, state: DraftState, generation: int | None = None) -> bool:
        """Replace the file with ``state`` (or remove it when empty), durably.

        Saves may come from several threads: one with a ``generation`` lower
        than the last written is skipped (False), so the newest state wins.
        Raises ``OSError``.
        """
        with self._lock:
            if generation is not None:
                if generation <= self._written:
                    return False
                self._written = generation
            if state.empty:
                self._remove()
                return True
            body = {
                "format": FORMAT,
                "draft": state.draft.to_json() if state.draft else None,
                "pending": [p.to_json() for p in state.pending],
                "dialog": state.dialog.to_json() if state.dialog else None,
            }
            self._write(json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))
            return True

    def _write(self, data: bytes) -> None:
        directory = self.path.parent
        directory.parent.parent.mkdir(parents=True, exist_ok=True)  # the XDG directory
        for private in (directory.parent, directory):  # livetweet/, livetweet/drafts/
            private.mkdir(exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".draft-", dir=directory)  # mode 0600
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        os.close(fd)
        os.replace(tmp, self.path)
        fsync_dir(directory)

    def _remove(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return
        fsync_dir(self.path.parent)


def already_queued(pending: Draft, queued: Iterable[tuple[str, str, str]]) -> bool:
    """Whether the journal holds ``pending`` as queued: ``queued`` gives, for each
    post of the session, (network, text, queued_at). A pending post was handed
    over if every network's first part was queued after it was saved."""
    if not pending.parts:
        return False
    seen = {(network, text) for network, text, at in queued if at >= pending.saved_at}
    return all((n, parts[0]) in seen for n, parts in pending.parts.items() if parts)
