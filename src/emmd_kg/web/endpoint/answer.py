"""The answer to one gated SPARQL query: the engine's bytes with the endpoint's headers.

The body is what the query process wrote in the negotiated format (row cap included);
the header fields say its type, ``Vary: Accept``, the dataset version and whether it
was cut at the row cap.  A GET's answer is shareable, its ETag made from the dataset
version, the query, the format and the protocol dataset, so the response cache and
every HTTP cache on the way may keep it; a POST's is never stored.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from ...rdf.formats import Format
from ...sparql.results import Rendered
from ...sparql.service import run_query
from ..http.finish import shareable
from ..state import ServerState
from .operation import Operation

CACHED_METHODS = frozenset({"GET", "HEAD"})


def evaluate(st: ServerState, method: str, operation: Operation, fmt: Format) -> Rendered:
    """The gated query of ``operation`` rendered in ``fmt`` (not HTML); GET and HEAD go
    through the answer cache."""
    assert operation.gated is not None, "only an operation with a query is evaluated"
    protocol = operation.protocol
    return run_query(
        st.executor(),
        st.served.store.graph_names(),
        st.settings,
        operation.gated,
        fmt,
        protocol.default_graphs,
        protocol.named_graphs,
        None,
        st.answers if method in CACHED_METHODS else None,
    )


def answer(st: ServerState, method: str, path: str, operation: Operation, fmt: Format) -> Response:
    """The response to ``operation`` in ``fmt``, ready to be finished."""
    version = st.served.version
    rendered = evaluate(st, method, operation, fmt)
    headers = [
        ("Content-Type", _content_type(fmt)),
        ("Vary", "Accept"),
        ("Dataset-Version", version),
    ]
    if rendered.truncated:
        headers.append(("Result-Truncated", "true"))
    response = Response(rendered.body, headers=headers)
    if method not in CACHED_METHODS:
        response.headers["Cache-Control"] = "no-store"
        return response
    protocol = operation.protocol
    return shareable(
        response,
        version,
        path,
        fmt.media_type,
        protocol.query or "",
        fmt.name,
        repr(protocol.default_graphs),
        repr(protocol.named_graphs),
    )


def _content_type(fmt: Format) -> str:
    if fmt.media_type.startswith("text/"):
        return fmt.media_type + "; charset=utf-8"
    return fmt.media_type
