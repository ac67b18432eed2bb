"""Finished responses kept for the next request that would get the same answer.

A GET's 200 that may be shared (``Cache-Control: public`` with an ETag) is kept whole,
its header fields as they left :func:`~.finish.finish`, under what chose it: the dataset
version, the ``Host``, the path and the query string, and then the values of the request
header fields its ``Vary`` names (``Accept``, ``Accept-Language`` …), the way an HTTP
cache keys variants (RFC 9111, 4.1).  A streamed body (a dump sent from its file) or one
over ``max_body`` bytes is never kept, so memory stays flat whatever is downloaded; the
whole cache is bounded in entries and bytes and forgets the least recently used first.
An answer is kept the second time it is asked for, not the first: a cache that kept
every unique query would spend time on each and flush what is really asked again (the
first request is remembered by its key only, in a bounded set).  A replay answers the
same bytes and headers, or the 304 the same rule decides (:func:`~.finish.holds`).  One
cache per worker process; a reload starts fresh workers.

>>> from werkzeug.test import EnvironBuilder
>>> cache = ResponseCache(entries=8, max_bytes=1 << 20, max_body=1024)
>>> request = Request(EnvironBuilder("/x", headers={"Accept": "text/csv"}).get_environ())
>>> answer = Response("a,b", headers={"ETag": '"t"', "Vary": "Accept"})
>>> answer.headers["Cache-Control"] = "public"
>>> kept = cache.keep("v1", request, answer)
>>> kept is None, cache.keep("v1", request, answer) is not None  # kept when asked again
(True, True)
>>> cache.find("v1", request.environ).status
'200 OK'
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from werkzeug.wrappers import Request, Response

from .finish import not_modified

Headers = list[tuple[str, str]]


@dataclass
class Stored:
    """One finished 200: status line, header fields (Content-Length included), body."""

    status: str
    headers: Headers
    body: bytes
    etag: str

    @cached_property
    def not_modified(self) -> Headers:
        """The header fields of the 304 standing for it, computed once when first needed."""
        return not_modified(self.headers)


@dataclass
class _Variants:
    """The responses of one URL, told apart by the request fields their Vary names."""

    fields: tuple[str, ...]
    """WSGI environ keys of the varying request fields (``HTTP_ACCEPT`` …)."""
    responses: dict[tuple[object, ...], Stored]


def _url_key(version: str, environ: Mapping[str, object]) -> tuple[object, ...]:
    return (
        version,
        environ.get("HTTP_HOST"),
        environ.get("PATH_INFO"),
        environ.get("QUERY_STRING"),
    )


@lru_cache(maxsize=64)
def _vary_fields(vary: str) -> tuple[str, ...]:
    """The WSGI environ keys of the request fields a ``Vary`` value names."""
    return tuple(
        sorted("HTTP_" + f.strip().upper().replace("-", "_") for f in vary.split(",") if f.strip())
    )


class ResponseCache:
    """Least-recently-used finished responses, at most ``entries`` and ``max_bytes``."""

    def __init__(self, entries: int, max_bytes: int, max_body: int) -> None:
        self.entries, self.max_bytes, self.max_body = entries, max_bytes, max_body
        self._urls: OrderedDict[tuple[object, ...], _Variants] = OrderedDict()
        self._count = 0
        self._bytes = 0
        self._seen: set[int] = set()
        """Hashes of the variant keys asked for once, not yet kept."""
        self._lock = threading.Lock()

    def find(self, version: str, environ: Mapping[str, object]) -> Stored | None:
        """The response kept for this request under ``version``, if any."""
        key = _url_key(version, environ)
        with self._lock:
            variants = self._urls.get(key)
            if variants is None:
                return None
            self._urls.move_to_end(key)
            return variants.responses.get(tuple(environ.get(f) for f in variants.fields))

    def keep(self, version: str, request: Request, response: Response) -> Stored | None:
        """Keep ``response`` (finished, a shareable 200 to a GET) if it may be replayed and
        was asked for before; what was kept, or None."""
        if (
            self.entries <= 0
            or response.is_streamed
            or "public" not in response.headers.get("Cache-Control", "")
        ):
            return None
        fields = _vary_fields(response.headers.get("Vary", ""))
        if "HTTP_*" in fields:
            return None
        key = _url_key(version, request.environ)
        values = tuple(request.environ.get(f) for f in fields)
        if not self._asked_before(key, values):
            return None
        body = response.get_data()
        if len(body) > self.max_body:
            return None
        headers = response.headers.to_wsgi_list()
        if "Content-Length" not in response.headers:
            headers.append(("Content-Length", str(len(body))))
        stored = Stored(response.status, headers, body, response.headers["ETag"])
        self._add(key, fields, values, stored)
        return stored

    def _asked_before(self, key: tuple[object, ...], values: tuple[object, ...]) -> bool:
        """Whether this variant was asked for before; remembers it if not."""
        seen = hash((key, values))
        with self._lock:
            if seen in self._seen:
                self._seen.discard(seen)
                return True
            if len(self._seen) >= 4 * self.entries:
                self._seen.clear()
            self._seen.add(seen)
            return False

    def _add(
        self,
        key: tuple[object, ...],
        fields: tuple[str, ...],
        values: tuple[object, ...],
        stored: Stored,
    ) -> None:
        with self._lock:
            variants = self._urls.get(key)
            if variants is None or variants.fields != fields:
                self._drop(key)
                variants = self._urls[key] = _Variants(fields, {})
            if values in variants.responses:
                return
            variants.responses[values] = stored
            self._count += 1
            self._bytes += len(stored.body)
            while self._urls and (self._count > self.entries or self._bytes > self.max_bytes):
                self._drop(next(iter(self._urls)))

    def _drop(self, key: tuple[object, ...]) -> None:
        variants = self._urls.pop(key, None)
        if variants is not None:
            self._count -= len(variants.responses)
            self._bytes -= sum(len(s.body) for s in variants.responses.values())

    def clear(self) -> None:
        """Forget every response."""
        with self._lock:
            self._urls.clear()
            self._seen.clear()
            self._count = self._bytes = 0

    def __len__(self) -> int:
        return self._count
