"""HTTP caching: ETags derived from the dataset version and the representation, and 304s."""

from __future__ import annotations

import hashlib

from flask import Response, request
from werkzeug.http import parse_etags


def etag_for(version: str, *parts: str) -> str:
    """A strong ETag value for one representation of one dataset version."""
    digest = hashlib.sha256("\x1f".join((version, *parts)).encode()).hexdigest()[:24]
    return digest


def validators(tag: str, max_age: int = 300) -> list[tuple[str, str]]:
    """The header fields that let caches keep a public answer and revalidate it."""
    return [("ETag", f'"{tag}"'), ("Cache-Control", f"public, max-age={max_age}")]


def not_modified(method: str, if_none_match: str | None, tag: str) -> bool:
    """Whether a GET or HEAD whose ``If-None-Match`` is given already has ``tag``.

    Compared weakly (RFC 9110, 13.1.2), ``*`` included.
    """
    return (
        bool(if_none_match)
        and method in ("GET", "HEAD")
        and parse_etags(if_none_match).contains_weak(tag)
    )


def conditional(response: Response, version: str, *parts: str, max_age: int = 300) -> Response:
    """Give ``response`` its ETag and Cache-Control; answer 304 if the client has it.

    The 304 keeps the headers a cache needs (ETag, Cache-Control, Vary, Link, …) and no
    body.
    """
    tag = etag_for(version, request.path, response.mimetype or "", *parts)
    headers = response.headers
    for name, value in validators(tag, max_age):
        headers[name] = value
    if not_modified(request.method, request.headers.get("If-None-Match"), tag):
        response.status_code = 304
        response.set_data(b"")
        headers.pop("Content-Length", None)
    return response
