"""A cache in front of the application for answers that may be shared.

A GET whose answer was public (``Cache-Control: public``), carried an ETag and was a
200 is kept, whole, under everything that chose it: path, query string, ``Accept``,
``Accept-Language`` and ``Host``.  The same request later is answered from here without
entering the application: the stored answer, or a 304 when ``If-None-Match`` names its
ETag, with the same headers.  The cache lives per worker process and per dataset
version (the version is part of the key), bounded in entries and bytes.  It sits
behind the edge, so only hosts the server answers for reach it, and every answer it
replays still leaves with the edge's security headers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

MAX_BODY = 1 << 20
KEY_HEADERS = ("HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE", "HTTP_HOST")
KEPT_ON_304 = {
    "etag",
    "cache-control",
    "vary",
    "content-location",
    "link",
    "dataset-version",
    "access-control-allow-origin",
    "access-control-expose-headers",
}


class FrontCache:
    """WSGI middleware answering repeated shareable GETs from memory."""

    def __init__(
        self,
        app: Callable,
        version: Callable[[], str],
        entries: int,
        max_bytes: int = 64 << 20,
    ) -> None:
        self.app = app
        self.version = version
        self.entries, self.max_bytes = entries, max_bytes
        self._store: OrderedDict[tuple, tuple[str, list, bytes, str]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        key = (
            self.version(),
            environ.get("PATH_INFO"),
            environ.get("QUERY_STRING"),
            *(environ.get(h) for h in KEY_HEADERS),
        )
        with self._lock:
            hit = self._store.get(key)
            if hit is not None:
                self._store.move_to_end(key)
        if hit is not None:
            return self._replay(hit, environ, start_response, method)
        if method == "HEAD":
            return self.app(environ, start_response)
        return self._remember(key, environ, start_response)

    def _replay(self, hit, environ, start_response, method) -> Iterable[bytes]:
        status, headers, body, etag = hit
        if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            start_response("304 NOT MODIFIED", [h for h in headers if h[0].lower() in KEPT_ON_304])
            return [b""]
        start_response(status, headers)
        return [b""] if method == "HEAD" else [body]

    def _remember(self, key: tuple, environ: dict, start_response: Callable) -> Iterable[bytes]:
        captured: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        self._keep(key, captured.get("status", ""), captured.get("headers", []), body)
        return [body]

    def _keep(self, key: tuple, status: str, headers: list, body: bytes) -> None:
        named = {name.lower(): value for name, value in headers}
        if not status.startswith("200") or len(body) > MAX_BODY:
            return
        if "public" not in named.get("cache-control", "") or "etag" not in named:
            return
        etag = named["etag"]
        with self._lock:
            if key in self._store:
                return
            self._store[key] = (status, headers, body, etag)
            self._bytes += len(body)
            while len(self._store) > self.entries or self._bytes > self.max_bytes:
                _, (_, _, old, _) = self._store.popitem(last=False)
                self._bytes -= len(old)
