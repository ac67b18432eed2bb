"""The one layer in front of Flask's routing: refusals, replays and direct views.

Every request passes here first, in this order:

1. **Refusals** nothing downstream should see: a method that is not one of HTTP's
   (methods are case-sensitive, RFC 9110 9.1: ``get`` is not ``GET``; 501, while a
   known method a route does not allow is Flask's 405), a request line over the limit
   (414; long SPARQL queries must be POSTed), too many or too long header fields (431),
   an HTTP/1.1 request without ``Host`` (400, RFC 9112 3.2), a ``Host`` this server does
   not answer for (400; no URL is ever built from a foreign host; see :func:`host_name`),
   a query string whose percent-decoded bytes are not UTF-8 (400: never read with
   replacement characters).
2. **Replays**: a GET or HEAD whose finished answer is in the response cache gets it
   (or its 304) without entering the application: the precomputed header fields, the
   stored body.
3. **Direct views**: a few views that need no Flask context (a SPARQL query operation)
   are called here with the request; they may decline (``None``), and the request then
   goes on to Flask with what they learnt (see :mod:`..endpoint.operation`).
4. Everything else goes to Flask, whose ``after_request`` hook is the same
   :func:`~.finish.finish`.

Refusals and direct answers are finished by :func:`~.finish.finish` too, so every
response carries the same security, CORS and conditional behaviour whatever made it.
Once the server has decided to retire this worker (a reload), every answer says
``Connection: close`` so that clients move to the fresh workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import unquote, unquote_to_bytes

from werkzeug.wrappers import Request, Response

from .body import BodyReader
from .finish import finish, holds
from .problems import problem, problem_for
from .response_cache import ResponseCache

REQUEST_LINE_LIMIT = 8190  # bytes of path and query string
HEADER_FIELD_LIMIT = 8190  # bytes of one header field's value
HEADER_COUNT_LIMIT = 100
KNOWN_HOSTS = 256  # trusted Host values remembered, so the check runs once for each
METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}
)
"""HTTP's methods (RFC 9110 section 9, and PATCH), exactly as spelt there."""
_HTTP_1_0 = ("HTTP/1.0", "HTTP/1")  # granian says HTTP/1 for 1.0; it gives "" for no Host

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
DirectView = Callable[[Request], Response | None]
"""A view answering before Flask's routing; None lets the request go on to Flask."""


class Front:
    """WSGI middleware: refuse, replay or answer directly; hand the rest to ``app``."""

    def __init__(
        self,
        app: WSGIApp,
        *,
        trusted_hosts: Iterable[str],
        cache: ResponseCache,
        version: Callable[[], str],
        direct: Mapping[str, DirectView],
        body_limit: int,
        body_timeout: float = 10.0,
        closing: Callable[[], bool] = lambda: False,
    ) -> None:
        self.app = app
        self.trusted = frozenset(filter(None, map(host_name, trusted_hosts)))
        self.cache, self.version = cache, version
        self.direct = dict(direct)
        self.body_limit = body_limit
        self.body = BodyReader(body_limit, body_timeout)
        self.closing = closing
        self._answered: set[str] = set()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if self.closing():
            start_response = _closing(start_response)
        refusal = _unknown_method(environ) or _oversized(environ) or self._foreign(environ)
        refusal = refusal or _undecodable(environ)
        if refusal is not None:
            return self._send(refusal, Request(environ), environ, start_response)
        refusal = self.body.take(environ)
        if refusal is not None:  # the body is unread: the connection cannot be reused
            return self._send(refusal, Request(environ), environ, _closing(start_response))
        method = environ.get("REQUEST_METHOD")
        if method in ("GET", "HEAD"):
            stored = self.cache.find(self.version(), environ)
            if stored is not None:
                if holds(method, environ.get("HTTP_IF_NONE_MATCH"), stored.etag):
                    start_response("304 NOT MODIFIED", stored.not_modified)
                    return []
                start_response(stored.status, stored.headers)
                return [] if method == "HEAD" else [stored.body]
        view = self.direct.get(environ.get("PATH_INFO", ""))
        if view is not None:
            request = Request(environ)
            request.max_content_length = request.max_form_memory_size = self.body_limit
            try:
                response = view(request)
            except Exception as exc:
                response = problem_for(exc, request.method, request.path)
            if response is not None:
                return self._send(response, request, environ, start_response)
        return self.app(environ, start_response)

    def _send(
        self,
        response: Response,
        request: Request,
        environ: dict[str, Any],
        start_response: Callable[..., Any],
    ) -> Iterable[bytes]:
        finished = finish(response, request, self.keep)
        if finished.is_streamed or finished.direct_passthrough:
            return finished(environ, start_response)  # a file: werkzeug streams it
        return _send_bytes(finished, request.method, start_response)

    def keep(self, request: Request, response: Response) -> None:
        """Offer a finished, shareable answer to the cache under the served version."""
        self.cache.keep(self.version(), request, response)

    def _foreign(self, environ: dict[str, Any]) -> Response | None:
        host = environ.get("HTTP_HOST")
        if not host:  # HTTP/1.0 may omit it (and names no host to be poisoned by)
            if environ.get("SERVER_PROTOCOL") in _HTTP_1_0:
                return None
            return problem(400, "Bad Request", "An HTTP/1.1 request needs a Host header.")
        if host in self._answered:
            return None
        if host_name(host) not in self.trusted:
            return problem(400, "Bad Request", "This server does not answer for that Host.")
        if len(self._answered) < KNOWN_HOSTS:  # foreign hosts never fill it
            self._answered.add(host)
        return None


def _send_bytes(
    response: Response, method: str, start_response: Callable[..., Any]
) -> Iterable[bytes]:
    """A finished response whose body is in memory, sent as it is: its header fields and
    a Content-Length (none on a 304), no body for HEAD or 304."""
    headers = response.headers.to_wsgi_list()
    if response.status_code == 304:
        start_response(response.status, headers)
        return []
    body = response.get_data()
    if "Content-Length" not in response.headers:
        headers.append(("Content-Length", str(len(body))))
    start_response(response.status, headers)
    return [] if method == "HEAD" else [body]


def _closing(start_response: Callable[..., Any]) -> Callable[..., Any]:
    def closing(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        return start_response(status, [*headers, ("Connection", "close")], exc_info)

    return closing


def host_name(value: str) -> str | None:
    """The host of a ``Host`` value (or of a trusted host setting), as it is compared:
    without the port, in lower case, without one trailing dot; IPv6 literals keep their
    brackets.  None if the value is no host.

    >>> [host_name(v) for v in ("[::1]:5000", "LOCALHOST", "example.org.:80", "::1", "a:b")]
    ['[::1]', 'localhost', 'example.org', None, None]
    """
    value = value.strip().lower()
    if value.startswith("["):
        name, bracket, port = value.partition("]")
        name += bracket
        if not bracket or len(name) < 3:
            return None
    else:
        name, _, port = value.partition(":")
        port = f":{port}" if _ else ""
        if ":" in port[1:]:
            return None
    if port and not (port.startswith(":") and port[1:].isdigit()):
        return None
    name = name.removesuffix(".")
    return name or None


def _unknown_method(environ: dict[str, Any]) -> Response | None:
    if environ.get("REQUEST_METHOD") in METHODS:
        return None
    return problem(
        501,
        "Not Implemented",
        "Unknown method: methods are case-sensitive (GET, HEAD, POST, OPTIONS are answered).",
    )


def _undecodable(environ: dict[str, Any]) -> Response | None:
    query = environ.get("QUERY_STRING", "")
    if query.isascii() and "%" not in query:
        return None
    for field in query.split("&"):
        name, _, value = field.partition("=")
        if not (_is_utf8(name) and _is_utf8(value)):
            named = unquote(name.replace("+", " ")) if _is_utf8(name) else "?"
            return problem(
                400,
                "Bad Request",
                f"The value of parameter '{named}' in the query string is not UTF-8.",
                parameter=named,
            )
    return None


def _is_utf8(percent_encoded: str) -> bool:
    try:
        unquote_to_bytes(percent_encoded.encode("latin-1")).decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return False
    return True


def _oversized(environ: dict[str, Any]) -> Response | None:
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
