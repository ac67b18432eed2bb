"""Finishing a response: the last step of every answer the server gives.

:func:`finish` is the one place where a response gets what every route shares, the
same way for a page a view rendered, a refusal the front layer made and an answer the
front layer found in the cache:

- the security headers (``nosniff``, no referrer, no framing) unless the view set its
  own, and a strict Content-Security-Policy on HTML;
- CORS for any origin and never with credentials (the data is public and read-only);
  a preflight (``OPTIONS``) learns the methods and headers it may use;
- a shareable 200 (``Cache-Control: public`` with an ETag) is offered to the response
  cache, whole and finished, before the conditional request is decided;
- the conditional request: a GET or HEAD whose ``If-None-Match`` holds the ETag (weak
  comparison, ``*`` included: RFC 9110, 13.1.2) gets 304 with no body and no entity
  header fields (Content-Type, Content-Length), but with ETag, Cache-Control, Vary,
  Link and Content-Location.

Views decide only what is theirs: the body, its type, ``Vary`` and the identity of the
representation (:func:`shareable`).

>>> from werkzeug.test import EnvironBuilder
>>> from werkzeug.wrappers import Request
>>> request = Request(EnvironBuilder("/x", headers={"If-None-Match": "*"}).get_environ())
>>> response = finish(shareable(Response("hello"), "v1", "/x"), request)
>>> response.status_code, response.headers["Access-Control-Allow-Origin"]
(304, '*')
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from werkzeug.http import parse_etags, remove_entity_headers
from werkzeug.wrappers import Request, Response

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)
CORS = (
    ("Access-Control-Allow-Origin", "*"),
    (
        "Access-Control-Expose-Headers",
        "ETag, Link, Location, Content-Location, Retry-After, Result-Truncated, "
        "Dataset-Version, Query-Version",
    ),
)
PREFLIGHT = (
    ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
    (
        "Access-Control-Allow-Headers",
        "Accept, Accept-Language, Content-Type, If-None-Match, X-Requested-With",
    ),
    ("Access-Control-Max-Age", "86400"),
)
CONDITIONAL_METHODS = frozenset({"GET", "HEAD"})
_CORS_NAMES = tuple(name for name, _ in (*CORS, *PREFLIGHT)) + ("Access-Control-Allow-Credentials",)
_CORS_LOWER = frozenset(name.lower() for name in _CORS_NAMES)

Keep = Callable[[Request, Response], None]
"""What is offered a finished, shareable 200 (the response cache's ``keep``)."""
AnyResponse = TypeVar("AnyResponse", bound=Response)
"""A response of any class (werkzeug's or Flask's), given back as it came."""


def etag_for(version: str, *parts: str) -> str:
    """A strong ETag value for one representation of one dataset version.

    >>> etag_for("v1", "/health") == etag_for("v1", "/health")
    True
    """
    return hashlib.sha256("\x1f".join((version, *parts)).encode()).hexdigest()[:24]


def shareable(response: AnyResponse, version: str, *parts: str, max_age: int = 300) -> AnyResponse:
    """Mark ``response`` as public, its ETag made from the version and ``parts`` (what
    tells this representation from the others: path, media type, language …)."""
    response.headers["ETag"] = f'"{etag_for(version, *parts)}"'
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


def holds(method: str, if_none_match: str | None, etag: str | None) -> bool:
    """Whether a client sending ``If-None-Match`` already holds the representation.

    Only GET and HEAD are conditional here; ``etag`` is the header value (quoted).

    >>> holds("GET", 'W/"a", "b"', '"a"'), holds("GET", "*", '"a"'), holds("POST", "*", '"a"')
    (True, True, False)
    """
    if not if_none_match or not etag or method not in CONDITIONAL_METHODS:
        return False
    return parse_etags(if_none_match).contains_weak(etag.strip('"'))


def not_modified(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The header fields of the 304 that stands for a 200 with ``headers``."""
    kept = list(headers)
    remove_entity_headers(kept)
    return kept


def finish(response: AnyResponse, request: Request, keep: Keep | None = None) -> AnyResponse:
    """``response`` with the headers every answer carries, offered to ``keep`` when it may
    be shared, and turned into a 304 when the client already holds it."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    if not present.isdisjoint(_CORS_LOWER):
        for name in _CORS_NAMES:
            headers.pop(name, None)
    added = [(name, value) for name, value in SECURITY if name.lower() not in present]
    if "content-security-policy" not in present and response.mimetype == "text/html":
        added.append(("Content-Security-Policy", CSP))
    added += CORS
    if request.method == "OPTIONS":
        added += PREFLIGHT
    headers._list.extend(added)  # constants, valid by construction: no re-validation
    etag = headers.get("ETag")
    if etag is None or response.status_code != 200:
        return response
    if keep is not None and request.method == "GET":
        keep(request, response)
    if holds(request.method, request.headers.get("If-None-Match"), etag):
        response.status_code = 304
        response.response = []
        remove_entity_headers(headers)
    return response
