"""The outermost WSGI layer: what every request and every response passes through.

Before anything else looks at a request (the front cache included), three refusals,
each a problem document: a request line over the limit (414; long SPARQL queries must
be POSTed), too many or too long header fields (431), and a ``Host`` the server does not
answer for (400; nothing downstream ever builds a URL from a foreign host).  Every
response, replayed ones included, leaves with the security headers (CSP on HTML) and
CORS for any origin without credentials: the data is public and read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Response
from werkzeug.sansio.utils import host_is_trusted

from .errors import problem

REQUEST_LINE_LIMIT = 8190  # bytes of path and query string
HEADER_FIELD_LIMIT = 8190  # bytes of one header field's value
HEADER_COUNT_LIMIT = 100
KNOWN_HOSTS = 256  # trusted Host values remembered, so the check runs once for each

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
    ("Access-Control-Allow-Headers", "Accept, Accept-Language, Content-Type, If-None-Match"),
    ("Access-Control-Max-Age", "86400"),
)
_REPLACED = frozenset(name.lower() for name, _ in (*CORS, *PREFLIGHT)) | {
    "access-control-allow-credentials"
}


class Edge:
    """WSGI middleware: refuse what must not reach ``app``; finish every response's headers."""

    def __init__(self, app: Callable, trusted_hosts: Iterable[str]) -> None:
        self.app = app
        self.trusted = list(trusted_hosts)
        self._answered: set[str] = set()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        preflight = environ.get("REQUEST_METHOD") == "OPTIONS"

        def finish(status: str, headers: list, exc_info=None):
            return start_response(status, finished(headers, preflight=preflight), exc_info)

        refusal = _oversized(environ) or self._foreign(environ)
        if refusal is not None:
            return refusal(environ, finish)
        return self.app(environ, finish)

    def _foreign(self, environ: dict) -> Response | None:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if host in self._answered:
            return None
        if not host_is_trusted(host, self.trusted):
            return problem(400, "Bad Request", "This server does not answer for that Host.")
        if len(self._answered) < KNOWN_HOSTS:  # foreign hosts never fill it
            self._answered.add(host)
        return None


def finished(headers: list[tuple[str, str]], *, preflight: bool) -> list[tuple[str, str]]:
    """``headers`` with the security headers it lacks and this server's CORS headers."""
    present = {name.lower(): value for name, value in headers}
    out = [header for header in headers if header[0].lower() not in _REPLACED]
    out += [header for header in SECURITY if header[0].lower() not in present]
    if "content-security-policy" not in present and present.get("content-type", "").startswith(
        "text/html"
    ):
        out.append(("Content-Security-Policy", CSP))
    out += CORS
    if preflight:
        out += PREFLIGHT
    return out


def _oversized(environ: dict) -> Response | None:
    line = len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", ""))
    if line > REQUEST_LINE_LIMIT:
        return problem(
            414,
            "URI Too Long",
            f"The request line is over {REQUEST_LINE_LIMIT} bytes: POST long SPARQL queries.",
        )
    fields = [value for key, value in environ.items() if key.startswith("HTTP_")]
    if len(fields) > HEADER_COUNT_LIMIT or any(len(v) > HEADER_FIELD_LIMIT for v in fields):
        return problem(
            431,
            "Request Header Fields Too Large",
            f"At most {HEADER_COUNT_LIMIT} header fields of at most "
            f"{HEADER_FIELD_LIMIT} bytes each.",
        )
    return None
