"""The HTTP side of the fake Mastodon: routes, faults, rate-limit headers."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from .media import MediaStore, Upload, image_pixels, parse_form_data
from .state import (
    AUTH_CODE,
    CLIENT_ID,
    CLIENT_SECRET,
    FAULTS,
    TOKEN,
    FakeState,
    Fault,
    LoggedRequest,
    Status,
    length,
)

FAULT_ANSWERS: dict[str, tuple[int, dict[str, Any]]] = {
    "401": (401, {"error": "The access token was revoked"}),
    "403": (403, {"error": "This action is not allowed"}),
    "404": (404, {"error": "Record not found"}),
    "422": (422, {"error": "Validation failed: Text character limit of 500 exceeded"}),
    "500": (500, {"error": "We're sorry, but something went wrong on our end."}),
    "503": (503, {"error": "Another identical request is already in progress"}),
}


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(epoch))


class FakeMastodon:
    """The fake server; ``with FakeMastodon() as server`` runs it on 127.0.0.1 in a thread."""

    def __init__(
        self,
        *,
        port: int = 0,
        state_path: Path | None = None,
        latency: float = 0.0,
        hang_seconds: float = 5.0,
        rate_limit: int = 300,
        retry_after_seconds: int = 60,
        max_characters: int = 500,
        characters_reserved_per_url: int = 23,
        instance_v2: bool = True,
        username: str = "villeneuve",
        account_id: str = "109000000000000001",
        image_size_limit: int = 16777216,
        image_matrix_limit: int = 33177600,
        description_limit: int = 1500,
        processing_polls: int = 2,
        legacy_media_ids: bool = False,
    ) -> None:
        self.state = FakeState(state_path, rate_limit)
        self.latency = latency
        self.hang_seconds = hang_seconds  # bounded, so a test cannot hang forever
        self.retry_after_seconds = retry_after_seconds
        self.max_characters = max_characters
        self.characters_reserved_per_url = characters_reserved_per_url
        self.instance_v2 = instance_v2  # False: an older server, only /api/v1/instance
        self.username = username
        self.account_id = account_id
        self.token = TOKEN
        self.image_size_limit = image_size_limit
        self.image_matrix_limit = image_matrix_limit
        self.description_limit = description_limit
        self.media = MediaStore(processing_polls)  # 206 answers before a media is ready
        #: True: an older Mastodon, which silently leaves out of a status the media ids
        #: it does not know (4.3+ refuses the status with a 422).
        self.legacy_media_ids = legacy_media_ids
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
    def statuses(self) -> list[Status]:
        """The account's statuses, oldest first (a copy)."""
        with self.state.lock:
            return list(self.state.statuses)

    @property
    def deleted(self) -> list[Status]:
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
        path: str = "/api/v1/statuses",
    ) -> None:
        """Answer ``count`` matching requests with fault ``kind`` (see FAULTS), once
        ``after`` matching requests have been served normally."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {sorted(FAULTS)}")
        with self.state.lock:
            self.state.faults.extend(Fault("ok", method, path) for _ in range(after))
            self.state.faults.extend(Fault(kind, method, path) for _ in range(count))

    def config_yaml(self, *, timeout_seconds: float = 2.0, extra: str = "") -> str:
        """A livetweet config.yaml enabling Mastodon against this fake (write it 0600)."""
        return (
            "networks:\n"
            "  mastodon:\n"
            "    enabled: true\n"
            f'    account: "@{self.username}@127.0.0.1"\n'
            f"    api_base_url: {self.url}\n"
            f"    timeout_seconds: {timeout_seconds}\n"
            f"    access_token: {self.token}\n"
            f"{extra}"
        )

    def age_statuses(self, seconds: float) -> None:
        """Make every stored status ``seconds`` older (one from an earlier session)."""
        with self.state.lock:
            for status in self.state.statuses:
                status.created_at -= seconds

    def start(self) -> FakeMastodon:
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

    def __enter__(self) -> FakeMastodon:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- answers --------------------------------------------------------------------
    def instance(self, version: int) -> dict[str, Any]:
        statuses = {
            "max_characters": self.max_characters,
            "max_media_attachments": 4,
            "characters_reserved_per_url": self.characters_reserved_per_url,
        }
        media = {
            "image_size_limit": self.image_size_limit,
            "image_matrix_limit": self.image_matrix_limit,
            "video_size_limit": 103809024,
            "description_limit": self.description_limit,
        }
        common = {"title": "Fake Mastodon", "version": "4.4.0", "api_versions": {"mastodon": 6}}
        configuration = {"statuses": statuses, "media_attachments": media}
        if version == 2:
            return {**common, "domain": "127.0.0.1", "configuration": configuration}
        return {**common, "uri": "127.0.0.1", "configuration": configuration}

    def account(self) -> dict[str, Any]:
        return {
            "id": self.account_id,
            "username": self.username,
            "acct": self.username,
            "display_name": "Ville de Villeneuve",
            "url": f"{self.url}/@{self.username}",
        }


class _Handler(BaseHTTPRequestHandler):
    fake: FakeMastodon
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet in test output
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def _handle(self, method: str) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        size = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(size) if size else b""
        if len(raw) < size:  # the client died mid-request: nothing is created
            self.close_connection = True
            return
        body: dict[str, Any] = {}
        content_type = self.headers.get("Content-Type") or ""
        if "json" in content_type and raw:
            body = json.loads(raw)
        elif content_type.startswith("multipart/form-data"):
            body = parse_form_data(content_type, raw)
        elif raw:
            form = parse_qs(raw.decode("utf-8"))
            body = {k: (v if k.endswith("[]") else v[-1]) for k, v in form.items()}
        authorized = self.headers.get("Authorization") == f"Bearer {fake.token}"
        headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        with fake.state.lock:
            fake.state.log.append(
                LoggedRequest(method, path, parts.query, authorized, body, headers)
            )
        if fake.latency:
            fake.stopping.wait(fake.latency)
        if path.startswith("/_fake/"):
            self._control(method, path, body)
            return
        fault = fake.state.take_fault(method, path)
        if fault is not None and fault.kind != "ok":  # "ok": a request let through
            self._inject(fault.kind, method, path, body)
            return
        public = path in ("/api/v1/instance", "/api/v2/instance", "/api/v1/apps") or path in (
            "/oauth/token",
            "/oauth/authorize",
        )
        if not authorized and not public:
            self._send(401, {"error": "The access token is invalid"})
            return
        self._route(method, path, parts.query, body)

    def _inject(self, kind: str, method: str, path: str, body: dict[str, Any]) -> None:
        fake = self.fake
        if kind == "hang":
            fake.stopping.wait(fake.hang_seconds)
            self.close_connection = True
            return
        if kind == "accept_then_hang":
            self._route(method, path, "", body, answer=False)
            fake.stopping.wait(fake.hang_seconds)
            self.close_connection = True
            return
        if kind == "disconnect":
            self.close_connection = True
            return
        if kind in ("429", "429_past"):
            offset = fake.retry_after_seconds if kind == "429" else -30
            extra = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": _iso(time.time() + offset)}
            self._send(429, {"error": "Too many requests"}, extra)
            return
        status, answer = FAULT_ANSWERS[kind]
        self._send(status, answer)

    def _route(
        self, method: str, path: str, query: str, body: dict[str, Any], answer: bool = True
    ) -> None:
        fake = self.fake
        payload: Any  # a JSON document: an object or, for timelines, a list
        status, payload = 404, {"error": "Record not found"}
        if method == "POST" and path == "/api/v1/statuses":
            status, payload = self._create(body)
        elif method == "DELETE" and path.startswith("/api/v1/statuses/"):
            deleted = fake.state.delete(path.rsplit("/", 1)[1])
            if deleted is not None:
                status = 200
                payload = {**self._api(deleted), "text": deleted.text}
        elif method == "PUT" and path.startswith("/api/v1/statuses/"):
            edited = fake.state.edit(path.rsplit("/", 1)[1], str(body.get("status", "")))
            if edited is not None:
                status, payload = 200, {**self._api(edited), "edited_at": _iso(time.time())}
        elif method == "POST" and path in ("/api/v1/media", "/api/v2/media"):
            status, payload = self._upload(body, sync=path == "/api/v1/media")
        elif method == "GET" and path.startswith("/api/v1/media/"):
            media = fake.media.poll(path.rsplit("/", 1)[1])
            if media is not None:
                status, payload = (200 if media.processed else 206), media.as_api(fake.url)
        elif method == "GET" and path == "/api/v1/accounts/verify_credentials":
            status, payload = 200, fake.account()
        elif method == "GET" and path == f"/api/v1/accounts/{fake.account_id}/statuses":
            status, payload = 200, self._timeline(query)
        elif method == "GET" and path == "/api/v2/instance" and fake.instance_v2:
            status, payload = 200, fake.instance(2)
        elif method == "GET" and path == "/api/v1/instance":
            status, payload = 200, fake.instance(1)
        elif method == "POST" and path == "/api/v1/apps":
            status = 200
            payload = {
                "name": body.get("client_name"),
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "scopes": str(body.get("scopes", "")).split(),
                "redirect_uri": body.get("redirect_uris"),
            }
        elif method == "POST" and path == "/oauth/token":
            good = body.get("code") == AUTH_CODE and body.get("client_secret") == CLIENT_SECRET
            if good:
                status = 200
                payload = {
                    "access_token": fake.token,
                    "token_type": "Bearer",
                    "scope": body.get("scope", ""),
                    "created_at": int(time.time()),
                }
            else:
                status, payload = 400, {"error": "invalid_grant"}
        if answer:
            self._send(status, payload)

    def _create(self, body: dict[str, Any]) -> tuple[int, Any]:
        state = self.fake.state
        key = self.headers.get("Idempotency-Key")
        earlier = state.begin(key)
        if earlier == "busy":
            return 503, FAULT_ANSWERS["503"][1]
        if isinstance(earlier, Status):
            return 200, self._api(earlier)
        text = str(body.get("status", ""))
        wanted = [str(m) for m in body.get("media_ids[]") or body.get("media_ids") or []]
        refusal = self.fake.media.refusal(wanted, legacy=self.fake.legacy_media_ids)
        if refusal is not None:
            state.release(key)
            return 422, {"error": refusal}
        if self.fake.legacy_media_ids:  # Mastodon < 4.3 leaves out the ids it does not know
            wanted = self.fake.media.usable(wanted)
        body = {**body, "media_ids[]": wanted}
        if not text.strip() or length(text) > self.fake.max_characters:
            state.release(key)
            limit = self.fake.max_characters
            return 422, {"error": f"Validation failed: Text character limit of {limit} exceeded"}
        created = state.create(body, key)
        if created == "no_parent":
            return 404, {"error": "Record not found"}
        assert isinstance(created, Status)
        self.fake.media.attach(created.media_ids, created.id)
        return 200, self._api(created)

    def _upload(self, body: dict[str, Any], *, sync: bool) -> tuple[int, Any]:
        fake = self.fake
        upload = body.get("file")
        if not isinstance(upload, Upload):
            return 422, {"error": "Validation failed: File can't be blank"}
        if len(upload.data) > fake.image_size_limit:
            megabytes = fake.image_size_limit // 2**20
            return 422, {
                "error": f"Validation failed: File file size must be less than {megabytes} MB"
            }
        pixels = image_pixels(upload.data)
        if pixels is None:
            return 422, {
                "error": "Validation failed: File has contents that are not what they are "
                "reported to be"
            }
        if pixels > fake.image_matrix_limit:
            return 422, {"error": "Validation failed: File dimensions are too large"}
        description = body.get("description")
        if description is not None and len(description) > fake.description_limit:
            limit = fake.description_limit
            return 422, {
                "error": f"Validation failed: Description is too long (maximum is {limit} "
                "characters)"
            }
        media = fake.media.add(upload, description, body.get("focus"), sync=sync)
        return (200 if media.processed else 202), media.as_api(fake.url)

    def _api(self, status: Status) -> dict[str, Any]:
        fake = self.fake
        return status.as_api(fake.url, fake.username, fake.account_id)

    def _timeline(self, query: str) -> list[dict[str, Any]]:
        params = {k: v[-1] for k, v in parse_qs(query).items()}
        newest_first = sorted(self.fake.statuses, key=lambda s: int(s.id), reverse=True)
        if "max_id" in params:
            newest_first = [s for s in newest_first if int(s.id) < int(params["max_id"])]
        page = newest_first[: min(40, int(params.get("limit", 20)))]
        return [self._api(s) for s in page]

    def _control(self, method: str, path: str, body: dict[str, Any]) -> None:
        """Drive a fake that runs as another process: POST /_fake/fail, GET /_fake/statuses."""
        if method == "POST" and path == "/_fake/fail":
            self.fake.fail_next(str(body["kind"]), count=int(body.get("count", 1)))
            self._send(200, {"ok": True})
        elif method == "GET" and path == "/_fake/statuses":
            statuses = [vars(s) for s in self.fake.statuses]
            self._send(200, {"statuses": statuses, "deleted": [vars(s) for s in self.fake.deleted]})
        else:
            self._send(404, {"error": "Record not found"})

    def _send(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> None:
        raw = json.dumps(payload).encode("utf-8")
        headers = {**self.fake.state.rate_headers(), **(extra or {})}
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)
