"""The fake's memory: statuses, idempotency keys, the fault queue, rate limits. Thread-safe."""

from __future__ import annotations

import html
import json
import os
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import regex

_LINK = re.compile(r"https?://[^\s<]+")
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]+)(?:@([A-Za-z0-9.-]+[A-Za-z0-9]))?")
_ENTITY = re.compile(
    r"(?P<link>https?://[^\s<]+)"
    r"|(?<![\w@/])@(?P<user>[A-Za-z0-9_]+)(?:@[A-Za-z0-9.-]+[A-Za-z0-9])?"
)
URL_WEIGHT = 23

#: Fault kinds ``FakeMastodon.fail_next`` accepts.
FAULTS = frozenset(
    {
        "401",
        "403",
        "404",
        "422",  # validation failed, with Mastodon's own text
        "429",  # rate limited; X-RateLimit-Reset an ISO time a minute ahead
        "429_past",  # rate limited; the reset is already past
        "500",
        "503",
        "hang",  # no answer until the client gives up (bounded by hang_seconds)
        "accept_then_hang",  # the status is stored, then no answer: the outcome is unknown
        "disconnect",  # the connection is closed without an answer
    }
)

TOKEN = "fake-mastodon-token-9f3c1e"
CLIENT_ID = "fake-client-id"
CLIENT_SECRET = "fake-client-secret-77aa"
AUTH_CODE = "fake-auth-code-1234"


@dataclass
class Status:
    id: str
    text: str
    created_at: float
    in_reply_to: str | None = None
    visibility: str = "public"
    language: str | None = None
    key: str | None = None
    history: list[str] = field(default_factory=list)  # earlier texts, oldest first
    media_ids: list[str] = field(default_factory=list)  # attached media, in order

    def as_api(self, base_url: str, username: str, account_id: str) -> dict[str, Any]:
        """As Mastodon answers: ``content`` in HTML, ids as strings, ISO dates."""
        created = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(self.created_at))
        return {
            "id": self.id,
            "created_at": created,
            "in_reply_to_id": self.in_reply_to,
            "in_reply_to_account_id": account_id if self.in_reply_to else None,
            "visibility": self.visibility,
            "language": self.language,
            "uri": f"{base_url}/users/{username}/statuses/{self.id}",
            "url": f"{base_url}/@{username}/{self.id}",
            "content": render_html(self.text, base_url),
            "account": {"id": account_id, "username": username, "acct": username},
            "media_attachments": [{"id": m, "type": "image"} for m in self.media_ids],
            "mentions": [],
            "tags": [],
            "emojis": [],
        }


def render_html(text: str, base_url: str) -> str:
    """The text as Mastodon renders it: paragraphs, ``<br />``, links cut into spans,
    remote mentions shortened to their user name."""

    def entity(match: re.Match[str]) -> str:
        url, user = match.group("link"), match.group("user")
        if url is None:
            return (
                f'<span class="h-card"><a href="{base_url}/@{user}" class="u-url mention">'
                f"@<span>{user}</span></a></span>"
            )
        scheme, _, rest = url.partition("://")
        visible, hidden = rest[:30], rest[30:]
        return (
            f'<a href="{url}" target="_blank" rel="nofollow noopener">'
            f'<span class="invisible">{scheme}://</span>'
            f'<span class="{"ellipsis" if hidden else ""}">{visible}</span>'
            f'<span class="invisible">{hidden}</span></a>'
        )

    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        escaped = _ENTITY.sub(entity, html.escape(paragraph, quote=False))
        paragraphs.append("<p>" + escaped.replace("\n", "<br />") + "</p>")
    return "".join(paragraphs)


def length(text: str) -> int:
    """Mastodon's count: graphemes, a link 23, a remote mention as its user name."""
    counted = _MENTION.sub(lambda m: "@" + m.group(1), text)
    counted = _LINK.sub("x" * URL_WEIGHT, counted)
    return len(regex.findall(r"\X", counted))


@dataclass(frozen=True)
class Fault:
    kind: str
    method: str = "POST"
    path: str = "/api/v1/statuses"

    def matches(self, method: str, path: str) -> bool:
        return self.method == method and path.startswith(self.path)


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: str
    authorized: bool
    body: Any
    headers: dict[str, str] = field(default_factory=dict)  # without Authorization


class FakeState:
    def __init__(self, state_path: Path | None, rate_limit: int) -> None:
        self.lock = threading.Lock()
        self.state_path = state_path
        self.statuses: list[Status] = []
        self.deleted: list[Status] = []
        self.keys: dict[str, str] = {}  # Idempotency-Key -> status id
        self.creating: set[str] = set()  # keys whose first request is still running
        self.faults: list[Fault] = []
        self.log: list[LoggedRequest] = []
        self.rate_limit = rate_limit
        self.rate_remaining = rate_limit
        self.rate_reset = time.time() + 3 * 3600
        self._next_id = 113000000000000000
        if state_path is not None and state_path.exists():
            saved = json.loads(state_path.read_text(encoding="utf-8"))
            self.statuses = [Status(**s) for s in saved["statuses"]]
            self.deleted = [Status(**s) for s in saved["deleted"]]
            self.keys = saved["keys"]
            self._next_id = saved["next_id"]

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.matches(method, path):
                    return self.faults.pop(index)
        return None

    def begin(self, key: str | None) -> Status | str | None:
        """Before creating: the status a repeated key already made, "busy" when the
        first request with that key is still running, else None (go ahead)."""
        if key is None:
            return None
        with self.lock:
            if key in self.keys:
                return next(s for s in self.statuses + self.deleted if s.id == self.keys[key])
            if key in self.creating:
                return "busy"
            self.creating.add(key)
            return None

    def create(self, form: dict[str, Any], key: str | None) -> Status | str:
        """The new status, or the name of the refusal (``no_parent``)."""
        with self.lock:
            self.creating.discard(key or "")
            reply = form.get("in_reply_to_id") or None
            if reply is not None and not any(s.id == reply for s in self.statuses):
                return "no_parent"
            self._next_id += 1
            status = Status(
                str(self._next_id),
                form.get("status", ""),
                time.time(),
                reply,
                form.get("visibility") or "public",
                form.get("language") or None,
                key,
                media_ids=list(form.get("media_ids[]") or []),
            )
            self.statuses.append(status)
            if key is not None:
                self.keys[key] = status.id
            self.rate_remaining = max(0, self.rate_remaining - 1)
            self._save()
            return status

    def release(self, key: str | None) -> None:
        with self.lock:
            self.creating.discard(key or "")

    def delete(self, status_id: str) -> Status | None:
        with self.lock:
            for status in self.statuses:
                if status.id == status_id:
                    self.statuses.remove(status)
                    self.deleted.append(status)
                    self._save()
                    return status
        return None

    def edit(self, status_id: str, text: str, media_ids: list[str]) -> Status | None:
        with self.lock:
            for status in self.statuses:
                if status.id == status_id:
                    status.history.append(status.text)
                    status.text, status.media_ids = text, media_ids
                    self._save()
                    return status
        return None

    def rate_headers(self) -> dict[str, str]:
        reset = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(self.rate_reset))
        with self.lock:
            return {
                "X-RateLimit-Limit": str(self.rate_limit),
                "X-RateLimit-Remaining": str(self.rate_remaining),
                "X-RateLimit-Reset": reset,
            }

    def _save(self) -> None:
        if self.state_path is None:
            return
        data = {
            "statuses": [asdict(s) for s in self.statuses],
            "deleted": [asdict(s) for s in self.deleted],
            "keys": self.keys,
            "next_id": self._next_id,
        }
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            json.dump(data, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.state_path)
