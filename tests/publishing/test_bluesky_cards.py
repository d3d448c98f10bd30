"""Link cards: the first link's page becomes an external embed.

The pages are served on 127.0.0.1 by a tiny site that is also the HTTP proxy
(``HTTP_PROXY``) for the card fetches: the links keep real-looking addresses
(the text engine only links known TLDs) and nothing leaves the machine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from fakepds import FakePDS
from fakepds.fixtures import make_publisher

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PAGE = """<!doctype html><html><head><title>Ignored when og:title is there</title>
<meta property="og:title" content="Conseil municipal du 15 décembre">
<meta property="og:description" content="Ordre du jour &amp; délibérations">
<meta property="og:image" content="/vignette.png"></head><body>…</body></html>"""


class _Site(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        path = urlsplit(self.path).path  # a proxy gets the absolute address
        if path == "/slow":
            time.sleep(2.0)
        if path in ("/seance", "/slow"):
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


SITE = "http://www.ville-de-villeneuve.fr"


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # nothing listens: no escape
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # the fake PDS, directly
    yield SITE
    server.shutdown()
    server.server_close()


@pytest.fixture
def pds() -> Iterator[FakePDS]:
    with FakePDS() as server:
        yield server


def test_the_first_link_gets_a_card_with_its_image(pds: FakePDS, site: str) -> None:
    publisher = make_publisher(pds, link_cards=True, card_timeout_seconds=1.0)
    text = f"Séance ce soir : {site}/seance et {site}/autre #CMVilleneuve"
    publisher.publish(text, reply_to=None, idempotency_key="s/p1")
    [record] = pds.records
    embed = record.value["embed"]
    assert embed["$type"] == "app.bsky.embed.external"
    external = embed["external"]
    assert external["uri"] == f"{site}/seance"
    assert external["title"] == "Conseil municipal du 15 décembre"
    assert external["description"] == "Ordre du jour & délibérations"
    assert external["thumb"]["mimeType"] == "image/png"
    assert list(pds.state.blobs.values()) == [PNG]


@pytest.mark.parametrize("path", ["/slow", "/absente"])
def test_a_slow_or_missing_page_means_a_post_without_a_card(
    pds: FakePDS, site: str, path: str
) -> None:
    publisher = make_publisher(pds, link_cards=True, card_timeout_seconds=0.3)
    publisher.publish(f"Voir {site}{path}", reply_to=None, idempotency_key="s/p1")
    [record] = pds.records
    assert "embed" not in record.value


def test_cards_can_be_turned_off(pds: FakePDS, site: str) -> None:
    make_publisher(pds, link_cards=False).publish(
        f"Voir {site}/seance", reply_to=None, idempotency_key="s/p1"
    )
    assert "embed" not in pds.records[0].value
