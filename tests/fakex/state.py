"""The fake's memory: posts, the fault queue, rate-limit counters. Thread-safe."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

_LINK = re.compile(r"https?://[^\s]+")

#: Fault kinds ``FakeX.fail_next`` accepts.
FAULTS = frozenset(
    {
        "429",  # rate limited, with x-rate-limit-reset
        "429_no_reset",  # rate limited, no reset header
        "429_daily",  # the account's 24-hour cap is spent (x-user-limit-24hour-*)
        "500",
        "503",
        "hang",  # no answer until the client gives up (bounded by hang_seconds)
        "accept_then_hang",  # the post is stored, then no answer: the outcome is unknown
        "disconnect",  # the connection is closed without an answer
        "stale_timeline",  # the account's list of posts lags: the newest one is missing
        "401",
        "402",
        "403_duplicate",
        "403_reply",
        "403",
        "400",
    }
)

DUPLICATE_BODY = {
    "detail": "You are not allowed to create a Tweet with duplicate content.",
    "type": "about:blank",
    "title": "Forbidden",
    "status": 403,
}
# Wording X used in 2026 once self-serve apps could only reply where "summoned".
REPLY_REFUSED_BODY = {
    "detail": "Reply to this conversation is not allowed because you have not been mentioned "
    "or otherwise engaged by the author of the post you are replying to.",
    "type": "about:blank",
    "title": "Forbidden",
    "status": 403,
}


@dataclass(frozen=True)
class FakeCredentials:
    """What the fake accepts; requests signed with anything else get 401."""

    consumer_key: str = "fake-consumer-key"
    consumer_secret: str = "fake-consumer-secret"
    access_token: str = "fake-access-token"
    access_token_secret: str = "fake-access-token-secret"
    user_id: str = "1500000000000000001"
    username: str = "VilleDeVilleneuve"
    pin: str = "4242424"
    request_token: str = "fake-request-token"
    request_token_secret: str = "fake-request-token-secret"


@dataclass(frozen=True)
class Fault:
    kind: str
    method: str = "POST"
    path: str = "/2/tweets"

    def matches(self, method: str, path: str) -> bool:
        return self.method == method and path.startswith(self.path)


@dataclass
class Post:
    id: str
    text: str
    created_at: float
    in_reply_to: str | None = None
    media_ids: list[str] = field(default_factory=list)  # attached photos, in order

    def as_api(self) -> dict[str, Any]:
        """As X lists it: links replaced by t.co ones (with ``entities.urls``), and
        ``&``, ``<``, ``>`` escaped."""
        created = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(self.created_at))
        urls: list[dict[str, str]] = []

        def shorten(match: re.Match[str]) -> str:
            link = f"https://t.co/{hashlib.sha1(match.group().encode()).hexdigest()[:10]}"
            expanded = match.group()
            if urlsplit(expanded).path == "":
                expanded += "/"  # X adds the root path
            urls.append({"url": link, "expanded_url": expanded, "display_url": match.group()})
            return link

        text = html.escape(_LINK.sub(shorten, self.text), quote=False)
        answer: dict[str, Any] = {"id": self.id, "text": text, "created_at": created}
        if urls:
            answer["entities"] = {"urls": urls}
        if self.media_ids:
            answer["attachments"] = {"media_keys": [f"3_{m}" for m in self.media_ids]}
        return answer


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: str
    authorized: bool  # a valid OAuth 1.0a signature was present
    body: Any
    headers: dict[str, str] = field(default_factory=dict)  # without Authorization


class FakeState:
    def __init__(self, state_path: Path | None, rate_limit: int, user_limit_24h: int) -> None:
        self.lock = threading.Lock()
        self.state_path = state_path
        self.posts: list[Post] = []
        self.deleted: list[Post] = []
        self.faults: list[Fault] = []
        self.log: list[LoggedRequest] = []
        self.rate_limit = rate_limit
        self.rate_remaining = rate_limit
        self.rate_reset = int(time.time()) + 900
        self.user_limit = user_limit_24h
        self.user_remaining = user_limit_24h
        self.user_reset = int(time.time()) + 86400
        self._next_id = 1990000000000000000
        if state_path is not None and state_path.exists():
            saved = json.loads(state_path.read_text(encoding="utf-8"))
            self.posts = [Post(**p) for p in saved["posts"]]
            self.deleted = [Post(**p) for p in saved["deleted"]]
            self._next_id = saved["next_id"]

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.matches(method, path):
                    return self.faults.pop(index)
        return None

    def create(
        self, text: str, in_reply_to: str | None, media_ids: list[str] | None = None
    ) -> Post | str:
        """The new post, or the name of the refusal (``duplicate``, ``no_parent``)."""
        with self.lock:
            if any(p.text == text for p in self.posts):
                return "duplicate"
            if in_reply_to is not None and not any(
                p.id == in_reply_to for p in self.posts + self.deleted
            ):
                return "no_parent"
            self._next_id += 1
            post = Post(str(self._next_id), text, time.time(), in_reply_to, list(media_ids or []))
            self.posts.append(post)
            self.rate_remaining = max(0, self.rate_remaining - 1)
            self.user_remaining = max(0, self.user_remaining - 1)
            self._save()
            return post

    def delete(self, post_id: str) -> bool:
        with self.lock:
            for post in self.posts:
                if post.id == post_id:
                    self.posts.remove(post)
                    self.deleted.append(post)
                    self._save()
                    return True
        return False

    def rate_headers(self) -> dict[str, str]:
        with self.lock:
            return {
                "x-rate-limit-limit": str(self.rate_limit),
                "x-rate-limit-remaining": str(self.rate_remaining),
                "x-rate-limit-reset": str(self.rate_reset),
                "x-user-limit-24hour-limit": str(self.user_limit),
                "x-user-limit-24hour-remaining": str(self.user_remaining),
                "x-user-limit-24hour-reset": str(self.user_reset),
            }

    def _save(self) -> None:
        if self.state_path is None:
            return
        data = {
            "posts": [asdict(p) for p in self.posts],
            "deleted": [asdict(p) for p in self.deleted],
            "next_id": self._next_id,
        }
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            json.dump(data, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.state_path)
