"""Headers every response gets: security headers, CORS without credentials, Vary."""

from __future__ import annotations

from flask import Flask, Response, request

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def _add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", CSP)
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = (
        "ETag, Link, Location, Content-Location, Retry-After, Result-Truncated, "
        "Dataset-Version, Query-Version"
    )
    headers.pop("Access-Control-Allow-Credentials", None)
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
        headers["Access-Control-Allow-Headers"] = (
            "Accept, Accept-Language, Content-Type, If-None-Match"
        )
        headers["Access-Control-Max-Age"] = "86400"
    return response


def register(app: Flask) -> None:
    """Install the header hook on ``app``."""
    app.after_request(_add_headers)
