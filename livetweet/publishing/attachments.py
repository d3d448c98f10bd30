"""A photo attached to a post, as the operator gave it (issue 16), and as the
journal keeps it once spooled."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class MediaAttachment:
    """A photo file and its alt text, before it is prepared for any network: the
    outbox prepares and uploads it per account, since each one's limits differ."""

    path: Path
    alt: str = ""
    #: Mastodon's focus point (x, y in -1..1; 0,0 the centre, y up): what its
    #: thumbnails keep when they crop the photo. Other networks have none.
    focus: tuple[float, float] | None = None


@dataclass(frozen=True)
class SpooledPhoto:
    """A photo of a queued post, as its ``queued`` entry records it: the source's hash
    (its copy in the spool), never its bytes."""

    source_sha256: str
    alt: str
    name: str  # the file's name as given, for the operator and the report
    bytes: int  # the source file's size
    width: int  # as displayed (orientation applied)
    height: int
    focus: tuple[float, float] | None = None  # Mastodon's focus point, if the operator set one

    def record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "source_sha256": self.source_sha256,
            "alt": self.alt,
            "name": self.name,
            "bytes": self.bytes,
            "width": self.width,
            "height": self.height,
        }
        if self.focus is not None:
            record["focus"] = list(self.focus)
        return record

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> SpooledPhoto:
        return cls(
            source_sha256=str(data["source_sha256"]),
            alt=str(data.get("alt") or ""),
            name=str(data.get("name") or ""),
            bytes=int(data.get("bytes") or 0),
            width=int(data.get("width") or 0),
            height=int(data.get("height") or 0),
            focus=_focus(data.get("focus")),
        )


def _focus(value: Any) -> tuple[float, float] | None:
    if isinstance(value, list) and len(value) == 2:
        return float(value[0]), float(value[1])
    return None


def focus_problem(focus: tuple[float, float] | None) -> bool:
    """True when ``focus`` is not a point of the photo (each coordinate in -1..1)."""
    return focus is not None and not all(-1.0 <= c <= 1.0 for c in focus)
