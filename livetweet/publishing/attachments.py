"""A photo attached to a post, as the operator gave it (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MediaAttachment:
    """A photo file and its alt text, before it is prepared for any network: the
    outbox prepares and uploads it per account, since each one's limits differ."""

    path: Path
    alt: str = ""
