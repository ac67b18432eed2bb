"""The outermost WSGI layer: refuse requests whose line or headers are too large.

The HTTP server reads generous buffers; these limits are the application's own, checked
before anything else (the front cache included) looks at the request, and answered with
a problem document: 414 for a long request line (long SPARQL queries must be POSTed),
431 for too many or too long header fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Response

from .errors import problem

REQUEST_LINE_LIMIT = 8190  # bytes of path and query string
HEADER_FIELD_LIMIT = 8190  # bytes of one header field's value
HEADER_COUNT_LIMIT = 100


class RequestLimits:
    """WSGI middleware answering oversized requests before ``app`` sees them."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        refusal = _refusal(environ)
        if refusal is None:
            return self.app(environ, start_response)
        return refusal(environ, start_response)


def _refusal(environ: dict) -> Response | None:
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
