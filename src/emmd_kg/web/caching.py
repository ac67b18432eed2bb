"""HTTP caching: ETags derived from the dataset version and the representation, and 304s."""

from __future__ import annotations

import hashlib

from flask import Response, request


def etag_for(version: str, *parts: str) -> str:
    """A strong ETag value for one representation of one dataset version."""
    digest = hashlib.sha256("\x1f".join((version, *parts)).encode()).hexdigest()[:24]
    return digest


def conditional(response: Response, version: str, *parts: str, max_age: int = 300) -> Response:
    """Give ``response`` its ETag and Cache-Control; answer 304 if the client has it."""
    tag = etag_for(version, request.path, response.mimetype or "", *parts)
    response.set_etag(tag)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response.make_conditional(request)
