"""The HTTP side of the fake PDS: XRPC routes, bearer tokens, faults, rate-limit headers."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from .state import (
    COLLECTION,
    FAULTS,
    KNOWN_HANDLES,
    FakeAccount,
    FakePDSState,
    Fault,
    LoggedCall,
    StoredRecord,
    XrpcFailure,
)

_NO_AUTH = frozenset(
    {
        "com.atproto.server.createSession",
        "com.atproto.server.refreshSession",
        "com.atproto.identity.resolveHandle",
        "com.atproto.repo.getRecord",
        "com.atproto.repo.listRecords",
    }
)


class FakePDS:
    """``with FakePDS() as pds`` runs it on 127.0.0.1 in a thread (``pds.url``)."""

    def __init__(
        self,
        *,
        account: FakeAccount | None = None,
        hang_seconds: float = 5.0,
        latency: float = 0.0,
        answer_latency: float = 0.0,
        retry_after_seconds: int = 30,
        access_ttl: float = 7200.0,
    ) -> None:
        self.state = FakePDSState(account=account or FakeAccount(), access_ttl=access_ttl)
        self.hang_seconds = hang_seconds
        self.latency = latency  # before a request is carried out
        self.answer_latency = answer_latency  # after, before the answer: a crash window
        self.retry_after_seconds = retry_after_seconds
        self.stopping = threading.Event()
        handler = type("BoundHandler", (_Handler,), {"fake": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = cast("tuple[str, int]", self.httpd.server_address[:2])  # AF_INET
        return f"http://{host}:{port}"

    @property
    def account(self) -> FakeAccount:
        return self.state.account

    @property
    def records(self) -> list[StoredRecord]:
        """The account's posts, oldest first (by when they were stored)."""
        with self.state.lock:
            return sorted(self.state.records.values(), key=lambda r: r.stored_at)

    @property
    def calls(self) -> list[LoggedCall]:
        with self.state.lock:
            return list(self.state.log)

    def forget_blobs(self) -> list[str]:
        """Drop every blob no record refers to, as a PDS does after a while; returns
        their CIDs. A post embedding one then gets 400 BlobNotFound."""
        return self.state.forget_unreferenced()

    def calls_to(self, nsid: str) -> list[LoggedCall]:
        return [c for c in self.calls if c.nsid == nsid]

    def fail_next(self, kind: str, *, nsid: str, count: int = 1) -> None:
        """Answer the next ``count`` calls to ``nsid`` with fault ``kind`` (see FAULTS)."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {sorted(FAULTS)}")
        with self.state.lock:
            self.state.faults.extend(Fault(kind, nsid) for _ in range(count))

    def config_yaml(
        self, *, timeout_seconds: float = 2.0, link_cards: bool = False, extra: str = ""
    ) -> str:
        """A livetweet config.yaml enabling Bluesky against this fake (write it 0600);
        link cards off unless asked: a test never fetches a page from the internet."""
        return (
            "networks:\n"
            "  bluesky:\n"
            "    enabled: true\n"
            f'    account: "@{self.account.handle}"\n'
            f"    api_base_url: {self.url}\n"
            f"    timeout_seconds: {timeout_seconds}\n"
            f"    app_password: {self.account.app_password}\n"
            f"    link_cards: {str(link_cards).lower()}\n"
            f"{extra}"
        )

    def start(self) -> FakePDS:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakePDS:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    fake: FakePDS
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        nsid = parts.path.removeprefix("/xrpc/")
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if len(raw) < length:
            self.close_connection = True
            return
        body: Any = raw
        if "json" in (self.headers.get("Content-Type") or "") and raw:
            body = json.loads(raw)
        if fake.latency:
            fake.stopping.wait(fake.latency)
        fault = fake.state.take_fault(nsid)
        answer = True
        if fault is not None:
            if fault.kind == "expire_token":
                fake.state.expire_tokens()
            elif fault.kind == "revoke_session":
                fake.state.revoke_sessions()
            elif fault.kind == "hang":
                self._log(method, nsid, 0, body)
                fake.stopping.wait(fake.hang_seconds)
                self.close_connection = True
                return
            elif fault.kind in ("lost_answer", "accept_then_hang"):
                answer = False
            else:
                self._fault(method, nsid, fault.kind, body)
                return
        try:
            status, payload = 200, self._route(method, nsid, query, body)
        except XrpcFailure as failure:
            status, payload = failure.status, {"error": failure.error, "message": failure.message}
        self._log(method, nsid, status, body)
        if fake.answer_latency:
            fake.stopping.wait(fake.answer_latency)
        if not answer:
            assert fault is not None
            if fault.kind == "accept_then_hang":
                fake.stopping.wait(fake.hang_seconds)
            self.close_connection = True
            return
        self._send(status, payload)

    def _log(self, method: str, nsid: str, status: int, body: Any) -> None:
        kept = body if isinstance(body, dict) else None  # an uploaded blob: in state.blobs
        if nsid.startswith("com.atproto.server.") and kept is not None:
            kept = {k: v for k, v in kept.items() if k != "password"}
        with self.fake.state.lock:
            self.fake.state.log.append(LoggedCall(method, nsid, status, kept))

    def _fault(self, method: str, nsid: str, kind: str, body: Any) -> None:
        self._log(method, nsid, int(kind), body)
        if kind == "429":
            reset = int(time.time()) + self.fake.retry_after_seconds
            self._send(
                429,
                {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
                {"ratelimit-remaining": "0", "ratelimit-reset": str(reset)},
            )
        elif kind == "400":
            self._send(400, {"error": "InvalidRequest", "message": "Input/text is malformed"})
        elif kind == "413":
            self._send(413, {"error": "PayloadTooLarge", "message": "request entity too large"})
        else:
            names = {"500": "InternalServerError", "502": "BadGateway", "503": "NotEnoughResources"}
            self._send(int(kind), {"error": names[kind], "message": f"Fake fault {kind}"})

    def _bearer(self) -> str | None:
        value = self.headers.get("Authorization") or ""
        return value.removeprefix("Bearer ").strip() or None

    def _route(self, method: str, nsid: str, query: dict[str, str], body: Any) -> Any:
        state = self.fake.state
        if nsid == "com.atproto.server.createSession" and method == "POST":
            return state.login(str(body.get("identifier", "")), str(body.get("password", "")))
        if nsid == "com.atproto.server.refreshSession" and method == "POST":
            return state.refresh(self._bearer() or "")
        if nsid not in _NO_AUTH or self._bearer() is not None:
            state.check_access(self._bearer())
        account = state.account
        if nsid == "com.atproto.server.getSession":
            return {"handle": account.handle, "did": account.did, "active": True}
        if nsid == "com.atproto.identity.resolveHandle":
            handle = query.get("handle", "").lower()
            did = account.did if handle == account.handle else KNOWN_HANDLES.get(handle)
            if did is None:
                raise XrpcFailure(400, "InvalidRequest", "Unable to resolve handle")
            return {"did": did}
        if nsid == "app.bsky.actor.getProfile":
            if query.get("actor") not in (account.handle, account.did):
                raise XrpcFailure(400, "InvalidRequest", "Profile not found")
            return {"did": account.did, "handle": account.handle, "displayName": "Villeneuve"}
        if nsid == "com.atproto.repo.createRecord" and method == "POST":
            return state.create(body)
        if nsid == "com.atproto.repo.getRecord":
            return state.get(query.get("repo", ""), query.get("collection", ""), query["rkey"])
        if nsid == "com.atproto.repo.listRecords":
            if query.get("collection") != COLLECTION:
                return {"records": []}
            return state.listing(int(query.get("limit", 50)))
        if nsid == "com.atproto.repo.deleteRecord" and method == "POST":
            return state.delete(body)
        if nsid == "com.atproto.repo.uploadBlob" and method == "POST":
            data = body if isinstance(body, bytes) else b""
            mime = self.headers.get("Content-Type") or "application/octet-stream"
            return {"blob": state.upload_blob(data, mime)}
        raise XrpcFailure(404, "MethodNotImplemented", f"Method not implemented: {nsid}")

    def _send(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> None:
        raw = json.dumps(payload).encode("utf-8")
        headers = {**self.fake.state.rate_headers(), **(extra or {})}
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        for name, value in headers.items():
            self.send_header(name, value)
        try:
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client was killed: nobody to answer
