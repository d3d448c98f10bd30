"""Each network's preparation of a photo, done once per source file content.

Preparing (decoding, re-encoding, maybe several sizes) takes a good part of a
second for a phone photo; the draft, the agenda check and the upload all ask
for the same file. The key is the hash of the source bytes, not the path: a
file replaced under the same name is prepared again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from typing import Final

from livetweet.media.limits import ImageLimits
from livetweet.media.prepare import PreparedImage, SourceImage, prepare

#: Bytes of prepared photos kept in memory: a post's four on three networks, at
#: typical phone sizes; the least recently used go first.
DEFAULT_MAX_BYTES: Final = 64 * 1024 * 1024


class PreparationCache:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._max_bytes = max_bytes
        self._bytes = 0
        self._prepared: OrderedDict[tuple[str, ImageLimits], PreparedImage] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[tuple[str, ImageLimits], threading.Lock] = {}  # under way
        self.preparations = 0  # how many were really prepared (the others came from here)

    def prepared(self, source: SourceImage, limits: ImageLimits, alt: str = "") -> PreparedImage:
        """``source`` prepared for ``limits``; a preparation already under way in
        another thread (the draft's, while the post is sent) is waited for, not
        made twice."""
        key = (source.sha256, limits)
        with self._lock:
            found = self._found(key)
            if found is not None:
                return replace(found, alt=alt)
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                found = self._found(key)
            if found is None:
                found = prepare(source, limits)
                with self._lock:
                    self.preparations += 1
                    self._keep(key, found)
            with self._lock:
                self._making.pop(key, None)
        return replace(found, alt=alt)

    def _found(self, key: tuple[str, ImageLimits]) -> PreparedImage | None:
        found = self._prepared.get(key)
        if found is not None:
            self._prepared.move_to_end(key)
        return found

    def _keep(self, key: tuple[str, ImageLimits], made: PreparedImage) -> None:
        if key not in self._prepared:
            self._prepared[key] = made
            self._bytes += made.size
        while self._bytes > self._max_bytes and len(self._prepared) > 1:
            _key, dropped = self._prepared.popitem(last=False)
            self._bytes -= dropped.size
