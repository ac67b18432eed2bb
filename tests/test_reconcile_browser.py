"""The preview card in a frame of another origin, as OpenRefine (on localhost) shows it."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.browser

ENTITY = "https://w3id.org/emmd/id/organisation/mlv"


@pytest.fixture
def other_origin(server):
    """A page on another loopback origin that frames the preview card."""
    preview = f"{server.url}/reconcile/preview?id={ENTITY}"
    body = f'<!DOCTYPE html><iframe width="400" height="160" src="{preview}"></iframe>'.encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def test_the_preview_card_shows_in_a_frame_of_another_origin(other_origin, page):
    page.goto(other_origin)
    heading = page.frame_locator("iframe").locator("h1")
    heading.wait_for(timeout=10_000)
    assert heading.inner_text().startswith("Ministry of State Development and Transport")
    assert heading.evaluate("e => getComputedStyle(e).fontSize") == "16px"
