"""The answer to one SPARQL query operation: status, header fields and body.

Both ways a query reaches the server end here: the query lane in front of Flask and
the ``/sparql`` blueprint.  The answer is the executor's bytes in
the negotiated format with ``Vary: Accept`` and the dataset version; a GET's answer is
public with an ETag from dataset version, query, format and dataset (304 when the
client has it), a POST's is never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Response
from werkzeug.wrappers import Request

from ..rdf.formats import Format, negotiate
from ..sparql import gate
from ..sparql.results import Rendered
from ..sparql.service import run_query
from .caching import etag_for, not_modified, validators
from .protocol import ProtocolRequest, read
from .state import ServerState

_ENTITY = frozenset({"content-type", "content-length"})  # never on a 304
_LINES = {200: "200 OK", 304: "304 Not Modified"}  # the statuses an answer has


@dataclass(frozen=True)
class Answer:
    """A finished answer; call it as a WSGI application or turn it into a Response."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        line = _LINES[self.status]
        if self.status == 304:
            start_response(line, [h for h in self.headers if h[0].lower() not in _ENTITY])
            return []
        start_response(line, [*self.headers, ("Content-Length", str(len(self.body)))])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [self.body]

    def response(self) -> Response:
        """The same answer as a Flask response."""
        return Response(self.body, status=self.status, headers=self.headers)


def respond(st: ServerState, request: Request) -> Answer | None:
    """The answer to ``request``'s query operation, or None when it asks for a page (no
    query: the service description or the editor; HTML: the editor with the results)."""
    operation = read(request)
    if operation.query is None:
        return None
    inspected = gate.inspect(operation.query, st.settings, st.published.store.graph_names())
    fmt = negotiate(request.headers.get("Accept"), inspected.kind, operation.format)
    if fmt.name == "html":
        return None
    tag = request.headers.get("If-None-Match")
    return answer(st, request.method, request.path, tag, operation, inspected, fmt)


def answer(
    st: ServerState,
    method: str,
    path: str,
    if_none_match: str | None,
    operation: ProtocolRequest,
    inspected: gate.GateResult,
    fmt: Format,
) -> Answer:
    """Run the gated query of ``operation`` and answer it in ``fmt`` (not HTML)."""
    version = st.published.version
    cached = method in ("GET", "HEAD")
    rendered = run(st, method, operation, inspected, fmt)
    content_type = fmt.media_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    headers = [("Content-Type", content_type), ("Vary", "Accept"), ("Dataset-Version", version)]
    if rendered.truncated:
        headers.append(("Result-Truncated", "true"))
    if not cached:
        headers.append(("Cache-Control", "no-store"))
        return Answer(200, headers, rendered.body)
    key = (
        operation.query or "",
        fmt.name,
        repr(operation.default_graphs),
        repr(operation.named_graphs),
    )
    tag = etag_for(version, path, fmt.media_type, *key)
    headers += validators(tag)
    if not_modified(method, if_none_match, tag):
        return Answer(304, headers, b"")
    return Answer(200, headers, rendered.body)


def run(
    st: ServerState,
    method: str,
    operation: ProtocolRequest,
    inspected: gate.GateResult,
    fmt: Format,
) -> Rendered:
    """The gated query of ``operation`` rendered in ``fmt`` (GET and HEAD: through the
    answer cache)."""
    return run_query(
        st.executor(),
        st.published.store.graph_names(),
        st.settings,
        inspected,
        fmt,
        operation.default_graphs,
        operation.named_graphs,
        None,
        st.cache if method in ("GET", "HEAD") else None,
    )
