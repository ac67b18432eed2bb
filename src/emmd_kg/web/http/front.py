"""The one layer in front of Flask's routing: refusals, replays and direct views.

Every request passes here first, in this order:

1. **Refusals** nothing downstream should see: a request line over the limit (414; long
   SPARQL queries must be POSTed), too many or too long header fields (431), a ``Host``
   this server does not answer for (400; no URL is ever built from a foreign host).
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

from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wrappers import Request, Response

from .finish import finish, holds
from .problems import problem, problem_for
from .response_cache import ResponseCache

REQUEST_LINE_LIMIT = 8190  # bytes of path and query string
HEADER_FIELD_LIMIT = 8190  # bytes of one header field's value
HEADER_COUNT_LIMIT = 100
KNOWN_HOSTS = 256  # trusted Host values remembered, so the check runs once for each

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
        closing: Callable[[], bool] = lambda: False,
    ) -> None:
        self.app = app
        self.trusted = list(trusted_hosts)
        self.cache, self.version = cache, version
        self.direct = dict(direct)
        self.body_limit = body_limit
        self.closing = closing
        self._answered: set[str] = set()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if self.closing():
            start_response = _closing(start_response)
        refusal = _oversized(environ) or self._foreign(environ)
        if refusal is not None:
            return self._send(refusal, Request(environ), environ, start_response)
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
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if host in self._answered:
            return None
        if not host_is_trusted(host, self.trusted):
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
