"""HTTP caching: ETags derived from the dataset version and the representation, and 304s."""

from __future__ import annotations

import hashlib

from flask import Response, request
from werkzeug.http import parse_etags


def etag_for(version: str, *parts: str) -> str:
    """A strong ETag value for one representation of one dataset version."""
    digest = hashlib.sha256("\x1f".join((version, *parts)).encode()).hexdigest()[:24]
    return digest


def conditional(response: Response, version: str, *parts: str, max_age: int = 300) -> Response:
    """Give ``response`` its ETag and Cache-Control; answer 304 if the client has it.

    ``If-None-Match`` is compared weakly (RFC 9110, 13.1.2), ``*`` included; the 304
    keeps the headers a cache needs (ETag, Cache-Control, Vary, Link, …) and no body.
    """
    tag = etag_for(version, request.path, response.mimetype or "", *parts)
    headers = response.headers
    headers["ETag"] = f'"{tag}"'
    headers["Cache-Control"] = f"public, max-age={max_age}"
    wanted = request.headers.get("If-None-Match")
    if wanted and request.method in ("GET", "HEAD") and parse_etags(wanted).contains_weak(tag):
        response.status_code = 304
        response.set_data(b"")
        headers.pop("Content-Length", None)
    return response
