"""A tiny web site for link cards, on 127.0.0.1, that is also the HTTP proxy
(``HTTP_PROXY``) for the card fetches: the links keep real-looking addresses (the
text engine only links known TLDs) and nothing leaves the machine.

``served`` lists the paths asked, in order; ``/gated`` answers only once ``gate`` is
set (a page still loading when the post goes)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PAGE = """<!doctype html><html><head><title>Ignored when og:title is there</title>
<meta property="og:title" content="Conseil municipal du 15 décembre">
<meta property="og:description" content="Ordre du jour &amp; délibérations">
<meta property="og:image" content="/vignette.png"></head><body>…</body></html>"""
SITE = "http://www.ville-de-villeneuve.fr"


class Site:
    def __init__(self, url: str) -> None:
        self.url = url
        self.served: list[str] = []
        self.gate = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        path = urlsplit(self.path).path  # a proxy gets the absolute address
        self.site.served.append(path)
        if path == "/slow":
            time.sleep(2.0)
        if path == "/gated":
            self.site.gate.wait(10.0)
        if path in ("/seance", "/slow", "/gated"):
            body, kind = PAGE.encode(), "text/html; charset=utf-8"
        elif path == "/vignette.png":
            body, kind = PNG, "image/png"
        else:
            self.send_error(404)
            return
        try:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            return


def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The site for one test (use as a fixture's body)."""
    site = Site(SITE)
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # nothing listens: no escape
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # the fake PDS, directly
    yield site
    site.gate.set()
    server.shutdown()
    server.server_close()
