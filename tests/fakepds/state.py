"""The fake PDS's memory: the account, its sessions, its records, the fault queue.

Validation follows what a real PDS refuses (text over 300 graphemes or 3,000
bytes, facets outside the text's bytes, replies whose root or parent does not
exist, an images embed whose blob it does not have, without alt text or with a
bad aspect ratio) and what it does on a create with an existing record key: an
HTTP 500. Blobs are kept with their bytes (``blobs``) so a test can open them;
over ``MAX_BLOB_BYTES`` an upload is refused with 413, as on a PDS not yet
raised to 2 MB.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import regex

COLLECTION = "app.bsky.feed.post"
MAX_BLOB_BYTES = 1_000_000
IMAGES = "app.bsky.embed.images"
_TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
_GRAPHEME = regex.compile(r"\X")

#: Fault kinds ``FakePDS.fail_next`` accepts.
FAULTS = frozenset(
    {
        "400",  # InvalidRequest with a message
        "413",  # PayloadTooLarge (an uploadBlob over the server's limit)
        "429",  # rate limited, with ratelimit-reset
        "500",
        "502",
        "503",
        "hang",  # no answer until the client gives up (bounded by hang_seconds)
        "lost_answer",  # the request is carried out, then the connection drops unanswered
        "accept_then_hang",  # carried out, then no answer until the client gives up
        "expire_token",  # every access token expires just before this request
        "revoke_session",  # every token, refresh ones included, is revoked before it
    }
)


class XrpcFailure(Exception):
    """An XRPC error answer: ``{"error": name, "message": message}`` with ``status``."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


@dataclass(frozen=True)
class FakeAccount:
    handle: str = "villeneuve.bsky.social"
    did: str = "did:plc:vllnvfakepds2026aaaaaaaa"
    app_password: str = "abcd-efgh-ijkl-mnop"


#: Other accounts ``resolveHandle`` knows (elected members).
KNOWN_HANDLES = {
    "marie-durand.bsky.social": "did:plc:mariedurandfake2026aaaaa",
    "paul.villeneuve.fr": "did:plc:paulmartinfake2026aaaaaaa",
}


@dataclass
class StoredRecord:
    rkey: str
    uri: str
    cid: str
    value: dict[str, Any]
    stored_at: float


@dataclass(frozen=True)
class Fault:
    kind: str
    nsid: str


@dataclass
class LoggedCall:
    method: str
    nsid: str
    status: int
    body: Any  # the JSON body (never a header: no token is kept)


def cid_of(value: Any) -> str:
    digest = hashlib.sha256(json.dumps(value, sort_keys=True).encode()).digest()
    return "bafyrei" + base64.b32encode(digest).decode().lower().rstrip("=")[:52]


def _jwt(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    signature = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")
    return f"{part({'alg': 'HS256', 'typ': 'at+jwt'})}.{part(claims)}.{signature}"


@dataclass
class FakePDSState:
    account: FakeAccount = field(default_factory=FakeAccount)
    access_ttl: float = 7200.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    records: dict[str, StoredRecord] = field(default_factory=dict)  # rkey -> record
    deleted: list[StoredRecord] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)  # CID -> bytes
    blob_types: dict[str, str] = field(default_factory=dict)  # CID -> MIME type
    max_blob_bytes: int = MAX_BLOB_BYTES
    faults: list[Fault] = field(default_factory=list)
    log: list[LoggedCall] = field(default_factory=list)
    access_tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry
    refresh_tokens: set[str] = field(default_factory=set)
    logins: int = 0
    refreshes: int = 0
    rate_limit: int = 5000
    rate_remaining: int = 5000
    rate_reset: int = field(default_factory=lambda: int(time.time()) + 3600)

    # -- faults ---------------------------------------------------------------------
    def take_fault(self, nsid: str) -> Fault | None:
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.nsid == nsid:
                    return self.faults.pop(index)
        return None

    # -- sessions -------------------------------------------------------------------
    def new_session(self) -> dict[str, Any]:
        now = int(time.time())
        access = _jwt(
            {
                "scope": "com.atproto.appPass",
                "sub": self.account.did,
                "iat": now,
                "exp": int(now + self.access_ttl),
                "jti": secrets.token_hex(8),
            }
        )
        refresh = _jwt(
            {
                "scope": "com.atproto.refresh",
                "sub": self.account.did,
                "iat": now,
                "exp": now + 90 * 86400,
                "jti": secrets.token_hex(8),
            }
        )
        self.access_tokens[access] = now + self.access_ttl
        self.refresh_tokens.add(refresh)
        return {
            "accessJwt": access,
            "refreshJwt": refresh,
            "handle": self.account.handle,
            "did": self.account.did,
            "active": True,
        }

    def login(self, identifier: str, password: str) -> dict[str, Any]:
        with self.lock:
            self.logins += 1
            known = identifier.lstrip("@").lower() in (self.account.handle, self.account.did)
            if not known or password != self.account.app_password:
                raise XrpcFailure(401, "AuthenticationRequired", "Invalid identifier or password")
            return self.new_session()

    def refresh(self, token: str) -> dict[str, Any]:
        with self.lock:
            self.refreshes += 1
            if token not in self.refresh_tokens:
                raise XrpcFailure(400, "ExpiredToken", "Token has been revoked")
            self.refresh_tokens.discard(token)
            return self.new_session()

    def check_access(self, token: str | None) -> None:
        with self.lock:
            expiry = self.access_tokens.get(token or "")
        if expiry is None:
            if token and token in self.refresh_tokens:
                raise XrpcFailure(400, "InvalidToken", "Invalid token type")
            raise XrpcFailure(401, "AuthMissing", "Authentication Required")
        if expiry <= time.time():
            raise XrpcFailure(400, "ExpiredToken", "Token has expired")

    def expire_tokens(self) -> None:
        with self.lock:
            self.access_tokens = dict.fromkeys(self.access_tokens, 0.0)

    def revoke_sessions(self) -> None:
        with self.lock:
            self.access_tokens.clear()
            self.refresh_tokens.clear()

    # -- blobs ----------------------------------------------------------------------
    def upload_blob(self, data: bytes, mime_type: str) -> dict[str, Any]:
        if len(data) > self.max_blob_bytes:
            raise XrpcFailure(413, "PayloadTooLarge", "request entity too large")
        link = cid_of(data.hex())
        with self.lock:
            self.blobs[link] = data
            self.blob_types[link] = mime_type
        return {"$type": "blob", "ref": {"$link": link}, "mimeType": mime_type, "size": len(data)}

    def forget_unreferenced(self) -> list[str]:
        with self.lock:
            used = {link for r in self.records.values() for link in _links(r.value)}
            gone = [link for link in self.blobs if link not in used]
            for link in gone:
                del self.blobs[link]
                self.blob_types.pop(link, None)
        return gone

    def _validate_images(self, embed: dict[str, Any]) -> None:
        images = embed.get("images")
        if not isinstance(images, list) or not 1 <= len(images) <= 4:
            raise XrpcFailure(
                400, "InvalidRecord", "Record/embed/images must have between 1 and 4 items"
            )
        for index, image in enumerate(images):
            where = f"Record/embed/images/{index}"
            if not isinstance(image, dict) or not isinstance(image.get("alt"), str):
                raise XrpcFailure(
                    400,
                    "InvalidRecord",
                    f'Invalid app.bsky.feed.post record: {where} must have the property "alt"',
                )
            blob = image.get("image")
            ref = blob.get("ref") if isinstance(blob, dict) else None
            link = ref.get("$link") if isinstance(ref, dict) else None
            if not isinstance(blob, dict) or blob.get("$type") != "blob" or not link:
                raise XrpcFailure(400, "InvalidRecord", f"{where}/image should be a blob ref")
            if link not in self.blobs:
                raise XrpcFailure(400, "BlobNotFound", f"Could not find blob: {link}")
            size = blob.get("size")
            if size != len(self.blobs[link]) or not str(blob.get("mimeType")).startswith("image/"):
                raise XrpcFailure(400, "InvalidRecord", f"{where}/image: wrong size or type")
            if size > MAX_BLOB_BYTES:
                raise XrpcFailure(
                    400, "InvalidRecord", f"{where}/image file too large: {size} > 1000000"
                )
            ratio = image.get("aspectRatio")
            if ratio is not None and not (
                isinstance(ratio, dict)
                and all(
                    isinstance(ratio.get(side), int) and ratio[side] >= 1
                    for side in ("width", "height")
                )
            ):
                raise XrpcFailure(
                    400, "InvalidRecord", f"{where}/aspectRatio: width and height must be >= 1"
                )

    # -- records --------------------------------------------------------------------
    def own_repo(self, repo: str) -> None:
        if repo not in (self.account.did, self.account.handle):
            raise XrpcFailure(400, "InvalidRequest", f"Could not find repo: {repo}")

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        self.own_repo(str(body.get("repo", "")))
        if body.get("collection") != COLLECTION:
            raise XrpcFailure(400, "InvalidRequest", "Unsupported collection")
        record = body.get("record")
        if not isinstance(record, dict):
            raise XrpcFailure(400, "InvalidRecord", "Record must be an object")
        rkey = str(body.get("rkey") or _next_tid())
        if not _TID.match(rkey):
            raise XrpcFailure(400, "InvalidRequest", f"Invalid record key: {rkey}")
        with self.lock:
            self._validate(record)
            if rkey in self.records:  # what today's PDS does: an unhandled conflict
                raise XrpcFailure(500, "InternalServerError", "Internal Server Error")
            uri = f"at://{self.account.did}/{COLLECTION}/{rkey}"
            stored = StoredRecord(rkey, uri, cid_of(record), record, time.time())
            self.records[rkey] = stored
            self.rate_remaining = max(0, self.rate_remaining - 1)
        commit = {"cid": cid_of([rkey, "commit"]), "rev": _next_tid()}
        return {"uri": uri, "cid": stored.cid, "commit": commit, "validationStatus": "valid"}

    def _validate(self, record: dict[str, Any]) -> None:
        if record.get("$type") != COLLECTION:
            raise XrpcFailure(400, "InvalidRecord", "Invalid $type: must be app.bsky.feed.post")
        text = record.get("text")
        if not isinstance(text, str):
            raise XrpcFailure(400, "InvalidRecord", "Record/text must be a string")
        if len(text.encode()) > 3000 or len(_GRAPHEME.findall(text)) > 300:
            raise XrpcFailure(
                400,
                "InvalidRecord",
                "Invalid app.bsky.feed.post record: Record/text must not be "
                "longer than 300 graphemes",
            )
        if not isinstance(record.get("createdAt"), str):
            raise XrpcFailure(400, "InvalidRecord", 'Record must have the property "createdAt"')
        size = len(text.encode())
        for facet in record.get("facets") or []:
            index = facet.get("index") or {}
            start, end = index.get("byteStart"), index.get("byteEnd")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size):
                raise XrpcFailure(400, "InvalidRecord", "Invalid facet byte range")
            if not facet.get("features"):
                raise XrpcFailure(400, "InvalidRecord", "A facet needs a feature")
        embed = record.get("embed")
        if isinstance(embed, dict) and embed.get("$type") == IMAGES:
            self._validate_images(embed)
        reply = record.get("reply")
        if reply is not None:
            for name in ("root", "parent"):
                ref = reply.get(name) or {}
                rkey = str(ref.get("uri", "")).rsplit("/", 1)[-1]
                found = self.records.get(rkey)
                if found is None or found.uri != ref.get("uri") or found.cid != ref.get("cid"):
                    raise XrpcFailure(
                        400, "InvalidRequest", f"Reply {name} not found: {ref.get('uri')}"
                    )

    def get(self, repo: str, collection: str, rkey: str) -> dict[str, Any]:
        with self.lock:
            found = self.records.get(rkey) if collection == COLLECTION else None
            if found is None or repo not in (self.account.did, self.account.handle):
                raise XrpcFailure(
                    400,
                    "RecordNotFound",
                    f"Could not locate record: at://{repo}/{collection}/{rkey}",
                )
            return {"uri": found.uri, "cid": found.cid, "value": found.value}

    def delete(self, body: dict[str, Any]) -> dict[str, Any]:
        self.own_repo(str(body.get("repo", "")))
        with self.lock:
            found = self.records.pop(str(body.get("rkey")), None)
            if found is not None:
                self.deleted.append(found)
        return {"commit": {"cid": cid_of(["delete", body.get("rkey")]), "rev": _next_tid()}}

    def listing(self, limit: int) -> dict[str, Any]:
        with self.lock:
            newest_first = sorted(self.records.values(), key=lambda r: r.rkey, reverse=True)
        return {
            "records": [
                {"uri": r.uri, "cid": r.cid, "value": r.value} for r in newest_first[:limit]
            ]
        }

    def rate_headers(self) -> dict[str, str]:
        with self.lock:
            return {
                "ratelimit-limit": str(self.rate_limit),
                "ratelimit-remaining": str(self.rate_remaining),
                "ratelimit-reset": str(self.rate_reset),
                "ratelimit-policy": f"{self.rate_limit};w=3600",
            }


def _links(value: Any) -> list[str]:
    """Every blob CID a record refers to (``{"$link": cid}`` anywhere in it)."""
    if isinstance(value, dict):
        found = [value["$link"]] if isinstance(value.get("$link"), str) else []
        return found + [link for item in value.values() for link in _links(item)]
    if isinstance(value, list):
        return [link for item in value for link in _links(item)]
    return []


_tid_lock = threading.Lock()
_last_tid = 0
_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def _next_tid() -> str:
    global _last_tid  # noqa: PLW0603 - a monotonic clock for the fake's own keys
    with _tid_lock:
        micros = max(int(time.time() * 1_000_000), _last_tid + 1)
        _last_tid = micros
    value = (micros << 10) | 7
    return "".join(_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))
