"""The HTTP side of the fake X API: routes, faults, rate-limit headers."""

from __future__ import annotations

import calendar
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from .media import XMediaStore, invalid_media, parse_form_data
from .oauth import oauth_params, signature_ok
from .state import (
    DUPLICATE_BODY,
    FAULTS,
    REPLY_REFUSED_BODY,
    FakeCredentials,
    FakeState,
    Fault,
    LoggedRequest,
    Post,
)


def _problem(status: int, title: str, detail: str) -> dict[str, Any]:
    return {"title": title, "detail": detail, "type": "about:blank", "status": status}


FAULT_ANSWERS: dict[str, tuple[int, dict[str, Any]]] = {
    "401": (401, _problem(401, "Unauthorized", "Unauthorized")),
    "402": (
        402,
        _problem(402, "Payment Required", "Your enrolled account does not have any credits."),
    ),
    "403_duplicate": (403, DUPLICATE_BODY),
    "403_reply": (403, REPLY_REFUSED_BODY),
    "403": (403, _problem(403, "Forbidden", "You are not permitted to perform this action.")),
    "400": (400, _problem(400, "Invalid Request", "One or more parameters were invalid.")),
    "500": (500, _problem(500, "Internal Server Error", "Something went wrong.")),
    "503": (503, _problem(503, "Service Unavailable", "Service Unavailable")),
}


class FakeX:
    """The fake server; ``with FakeX() as server`` runs it on 127.0.0.1 in a thread."""

    def __init__(
        self,
        *,
        port: int = 0,
        credentials: FakeCredentials | None = None,
        state_path: Path | None = None,
        latency: float = 0.0,
        hang_seconds: float = 5.0,
        rate_limit: int = 200,
        user_limit_24h: int = 1000,
        retry_after_seconds: int = 60,
    ) -> None:
        self.credentials = credentials or FakeCredentials()
        self.state = FakeState(state_path, rate_limit, user_limit_24h)
        self.media = XMediaStore()
        self.latency = latency
        self.hang_seconds = hang_seconds  # bounded, so a test cannot hang forever
        self.retry_after_seconds = retry_after_seconds
        #: Called with the JSON body of each POST /2/tweets as it arrives, before any
        #: answer: lets a test look at the client's state at the moment of the call.
        self.on_post: Callable[[Any], None] | None = None
        self.stopping = threading.Event()
        handler = type("BoundHandler", (_Handler,), {"fake": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = cast("tuple[str, int]", self.httpd.server_address[:2])  # AF_INET
        return f"http://{host}:{port}"

    @property
    def posts(self) -> list[Post]:
        """The account's posts, oldest first (a copy)."""
        with self.state.lock:
            return list(self.state.posts)

    @property
    def deleted(self) -> list[Post]:
        with self.state.lock:
            return list(self.state.deleted)

    @property
    def requests_log(self) -> list[LoggedRequest]:
        with self.state.lock:
            return list(self.state.log)

    def fail_next(
        self,
        kind: str,
        *,
        count: int = 1,
        after: int = 0,
        method: str = "POST",
        path: str = "/2/tweets",
    ) -> None:
        """Answer ``count`` matching requests with fault ``kind`` (see FAULTS), once
        ``after`` matching requests have been served normally."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {sorted(FAULTS)}")
        with self.state.lock:
            self.state.faults.extend(Fault("ok", method, path) for _ in range(after))
            self.state.faults.extend(Fault(kind, method, path) for _ in range(count))

    def config_yaml(self, *, timeout_seconds: float = 2.0, account: str | None = None) -> str:
        """A livetweet config.yaml enabling X against this fake (write it 0600)."""
        creds = self.credentials
        return (
            "networks:\n"
            "  x:\n"
            "    enabled: true\n"
            f'    account: "@{account or creds.username}"\n'
            f"    api_base_url: {self.url}\n"
            f"    timeout_seconds: {timeout_seconds}\n"
            f"    consumer_key: {creds.consumer_key}\n"
            f"    consumer_secret: {creds.consumer_secret}\n"
            f"    access_token: {creds.access_token}\n"
            f"    access_token_secret: {creds.access_token_secret}\n"
        )

    def age_posts(self, seconds: float) -> None:
        """Make every stored post ``seconds`` older (a post from an earlier session)."""
        with self.state.lock:
            for post in self.state.posts:
                post.created_at -= seconds

    def set_rate_limit(self, *, remaining: int, reset_in: int = 900) -> None:
        with self.state.lock:
            self.state.rate_remaining = remaining
            self.state.rate_reset = int(time.time()) + reset_in

    def start(self) -> FakeX:
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

    def __enter__(self) -> FakeX:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    fake: FakeX
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else delayed ACKs add ~40 ms per request

    def log_message(self, format: str, *args: Any) -> None:  # quiet in test output
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # -- plumbing ---------------------------------------------------------------
    def _handle(self, method: str) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if len(raw) < length:  # the client died mid-request: X would create nothing
            self.close_connection = True
            return
        body: Any = raw.decode("utf-8", "replace")
        content_type = self.headers.get("Content-Type") or ""
        if "json" in content_type and raw:
            body = json.loads(raw)
        elif content_type.startswith("multipart/form-data"):
            body = parse_form_data(content_type, raw)  # not signed: OAuth 1.0a leaves it out
        authorized = self._authorized(method, parts.path, parts.query, body)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        with fake.state.lock:
            fake.state.log.append(
                LoggedRequest(method, parts.path, parts.query, authorized, body, headers)
            )
        if fake.latency:
            fake.stopping.wait(fake.latency)
        if parts.path.startswith("/_fake/"):
            self._control(method, parts.path, body)
            return
        if method == "POST" and parts.path == "/2/tweets" and fake.on_post is not None:
            fake.on_post(body)
        fault = fake.state.take_fault(method, parts.path)
        if fault is not None and fault.kind != "ok":  # "ok": a request let through
            self._inject(fault, method, parts.path, parts.query, body)
            return
        if not authorized:
            self._send(401, _problem(401, "Unauthorized", "Unauthorized"))
            return
        self._route(method, parts.path, parts.query, body)

    def _authorized(self, method: str, path: str, query: str, body: Any) -> bool:
        creds = self.fake.credentials
        authorization = self.headers.get("Authorization") or ""
        params = oauth_params(authorization)
        if path.startswith("/_fake/"):
            return True
        if path == "/oauth/request_token":
            token_secret = ""
        elif path == "/oauth/access_token":
            if params.get("oauth_token") != creds.request_token:
                return False
            token_secret = creds.request_token_secret
        else:
            if params.get("oauth_token") != creds.access_token:
                return False
            token_secret = creds.access_token_secret
        if params.get("oauth_consumer_key") != creds.consumer_key:
            return False
        url = f"http://{self.headers.get('Host')}{path}"
        form = body if isinstance(body, str) and body else None
        return signature_ok(
            method, url, query, authorization, creds.consumer_secret, token_secret, form
        )

    def _inject(self, fault: Fault, method: str, path: str, query: str, body: Any) -> None:
        """Play ``fault`` instead of the normal answer."""
        fake = self.fake
        if fault.kind == "stale_timeline":
            self._send(200, self._timeline(query, lag=1))
            return
        if fault.kind == "hang":
            fake.stopping.wait(fake.hang_seconds)
            self.close_connection = True
            return
        if fault.kind == "accept_then_hang":
            self._route(method, path, "", body, answer=False)
            fake.stopping.wait(fake.hang_seconds)
            self.close_connection = True
            return
        if fault.kind == "disconnect":
            self.close_connection = True
            return
        if fault.kind in ("429", "429_no_reset", "429_daily"):
            reset = str(int(time.time()) + fake.retry_after_seconds)
            extra: dict[str, str | None] = {
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": None if fault.kind == "429_no_reset" else reset,
            }
            if fault.kind == "429_daily":
                extra["x-rate-limit-remaining"] = "10"
                extra["x-user-limit-24hour-remaining"] = "0"
                extra["x-user-limit-24hour-reset"] = str(int(time.time()) + 3600)
            self._send(429, _problem(429, "Too Many Requests", "Too Many Requests"), extra)
            return
        status, answer = FAULT_ANSWERS[fault.kind]
        self._send(status, answer)

    def _route(self, method: str, path: str, query: str, body: Any, answer: bool = True) -> None:
        fake, creds = self.fake, self.fake.credentials
        status, payload, form = 404, _problem(404, "Not Found", "Not Found"), None
        if method == "POST" and path == "/2/tweets":
            text = body.get("text", "") if isinstance(body, dict) else ""
            reply = (body.get("reply") or {}) if isinstance(body, dict) else {}
            media_ids = [
                str(m)
                for m in ((body.get("media") or {}) if isinstance(body, dict) else {}).get(
                    "media_ids", []
                )
            ]
            if any(m not in fake.media.items for m in media_ids):
                result: Post | str = "bad_media"
            else:
                result = fake.state.create(text, reply.get("in_reply_to_tweet_id"), media_ids)
            if result == "duplicate":
                status, payload = 403, DUPLICATE_BODY
            elif result == "no_parent":
                status, payload = 400, _problem(400, "Invalid Request", "Parent not found.")
            elif result == "bad_media":
                status, payload = 400, invalid_media(media_ids)
            elif isinstance(result, Post):
                status, payload = 201, {"data": {"id": result.id, "text": result.text}}
        elif method == "DELETE" and path.startswith("/2/tweets/"):
            if fake.state.delete(path.rsplit("/", 1)[1]):
                status, payload = 200, {"data": {"deleted": True}}
        elif method == "POST" and path == "/2/media/upload" and isinstance(body, dict):
            status, payload = fake.media.upload(body)
        elif method == "POST" and path == "/2/media/metadata":
            status, payload = fake.media.metadata(body)
        elif method == "GET" and path == "/2/users/me":
            data = {"id": creds.user_id, "name": "Fake", "username": creds.username}
            status, payload = 200, {"data": data}
        elif method == "GET" and path == f"/2/users/{creds.user_id}/tweets":
            status, payload = 200, self._timeline(query)
        elif method == "POST" and path == "/oauth/request_token":
            status, form = (
                200,
                (
                    f"oauth_token={creds.request_token}&oauth_token_secret="
                    f"{creds.request_token_secret}&oauth_callback_confirmed=true"
                ),
            )
        elif method == "POST" and path == "/oauth/access_token":
            verifier = oauth_params(self.headers.get("Authorization") or "").get("oauth_verifier")
            if verifier == creds.pin:
                status, form = (
                    200,
                    (
                        f"oauth_token={creds.access_token}&oauth_token_secret="
                        f"{creds.access_token_secret}&user_id={creds.user_id}"
                        f"&screen_name={creds.username}"
                    ),
                )
            else:
                status, payload = 401, _problem(401, "Unauthorized", "Invalid oauth_verifier.")
        if not answer:
            return
        if form is not None:
            self._send_raw(status, form.encode(), "application/x-www-form-urlencoded")
        else:
            self._send(status, payload)

    def _timeline(self, query: str, lag: int = 0) -> dict[str, Any]:
        """The account's posts, newest first; ``lag`` leaves out that many of the newest,
        as X's list does for a moment after a post."""
        params = {k: v[0] for k, v in parse_qs(query).items()}
        newest_first = sorted(self.fake.posts, key=lambda p: int(p.id), reverse=True)[lag:]
        if "start_time" in params:
            since = calendar.timegm(time.strptime(params["start_time"], "%Y-%m-%dT%H:%M:%SZ"))
            newest_first = [p for p in newest_first if p.created_at >= since]
        page = newest_first[: int(params.get("max_results", 10))]
        if not page:
            return {"meta": {"result_count": 0}}
        return {"data": [p.as_api() for p in page], "meta": {"result_count": len(page)}}

    def _control(self, method: str, path: str, body: Any) -> None:
        """Drive a fake that runs as another process: POST /_fake/fail, GET /_fake/posts."""
        if method == "POST" and path == "/_fake/fail" and isinstance(body, dict):
            self.fake.fail_next(str(body["kind"]), count=int(body.get("count", 1)))
            self._send(200, {"ok": True})
        elif method == "GET" and path == "/_fake/posts":
            posts = [vars(p) for p in self.fake.posts]
            self._send(200, {"posts": posts, "deleted": [vars(p) for p in self.fake.deleted]})
        else:
            self._send(404, _problem(404, "Not Found", "Not Found"))

    def _send(self, status: int, payload: Any, extra: dict[str, str | None] | None = None) -> None:
        raw = json.dumps(payload).encode("utf-8")
        self._send_raw(status, raw, "application/json; charset=utf-8", extra)

    def _send_raw(
        self,
        status: int,
        raw: bytes,
        content_type: str,
        extra: dict[str, str | None] | None = None,
    ) -> None:
        """Answer with the rate-limit headers; ``extra`` overrides them (None: omit)."""
        headers: dict[str, str | None] = {**self.fake.state.rate_headers(), **(extra or {})}
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(raw)))
        for name, value in headers.items():
            if value is not None:
                self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)
