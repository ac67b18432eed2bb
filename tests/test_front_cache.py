"""The front cache answers repeated shareable GETs without the application, and only those."""

from __future__ import annotations

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from emmd_kg.web.front_cache import FrontCache


class CountingApp:
    """A WSGI application that counts the requests reaching it."""

    def __init__(self, cache_control: str = "public, max-age=60", status: int = 200) -> None:
        self.calls = 0
        self.cache_control, self.status = cache_control, status

    def __call__(self, environ, start_response):
        self.calls += 1
        request = Request(environ)
        response = Response(f"answer {self.calls} for {request.full_path}", status=self.status)
        response.headers["Cache-Control"] = self.cache_control
        response.set_etag("tag-1")
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response(environ, start_response)


def client(app: CountingApp, version: str = "v1") -> Client:
    return Client(FrontCache(app, lambda: version, entries=2))


HOST = {"Host": "127.0.0.1:5000"}


def test_a_repeated_get_is_answered_from_the_cache_with_the_same_bytes_and_headers():
    app = CountingApp()
    http = client(app)
    first = http.get("/x?q=1", headers=HOST)
    second = http.get("/x?q=1", headers=HOST)
    assert app.calls == 1
    assert second.data == first.data
    assert second.headers["X-Content-Type-Options"] == "nosniff"


def test_if_none_match_gets_a_304_from_the_cache():
    app = CountingApp()
    http = client(app)
    http.get("/x", headers=HOST)
    response = http.get("/x", headers={**HOST, "If-None-Match": '"tag-1"'})
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == '"tag-1"'
    assert app.calls == 1


@pytest.mark.parametrize("header", ["Accept", "Accept-Language"])
def test_a_different_negotiation_header_is_a_different_entry(header):
    app = CountingApp()
    http = client(app)
    http.get("/x", headers={**HOST, header: "a"})
    http.get("/x", headers={**HOST, header: "b"})
    assert app.calls == 2


def test_private_and_failed_answers_are_not_kept():
    for app in (CountingApp(cache_control="no-store"), CountingApp(status=404)):
        http = client(app)
        http.get("/x", headers=HOST)
        http.get("/x", headers=HOST)
        assert app.calls == 2


def test_posts_always_reach_the_application():
    app = CountingApp()
    http = client(app)
    http.post("/x", headers=HOST)
    http.post("/x", headers=HOST)
    assert app.calls == 2


def test_another_host_is_another_entry():
    app = CountingApp()
    http = client(app)
    http.get("/x", headers=HOST)
    http.get("/x", headers={"Host": "localhost:5000"})
    assert app.calls == 2


def test_a_new_dataset_version_is_a_new_entry():
    app = CountingApp()
    version = ["v1"]
    http = Client(FrontCache(app, lambda: version[0], entries=4))
    http.get("/x", headers=HOST)
    version[0] = "v2"
    http.get("/x", headers=HOST)
    assert app.calls == 2


def test_the_oldest_entry_leaves_when_the_cache_is_full():
    app = CountingApp()
    http = client(app)
    for path in ("/a", "/b", "/c", "/a"):
        http.get(path, headers=HOST)
    assert app.calls == 4
