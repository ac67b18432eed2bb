"""The SPARQL 1.1 Protocol endpoint ``/sparql``.

A query operation (GET, POST form, POST direct) is answered by :func:`query_operation`
in the negotiated data format; the front layer calls it before Flask's routing (it needs
no Flask context), the view below calls it too, so both give the same answer.  Without
a query, ``/sparql`` is the service description (RDF by content negotiation) or, for a
browser, the query editor; a query asked for as HTML is the editor with its results.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from werkzeug.wrappers import Request
from werkzeug.wrappers import Response as BaseResponse

from ...errors import EmmdError, QueryError
from ...rdf.negotiation import negotiate
from ..documents.rdf_bodies import render_triples
from ..http.finish import shareable
from ..http.operations import GRAPH_TYPES, RESULT_TYPES, declare, errors, ok, param
from ..state import ServerState, state
from .answer import answer
from .editor import editor
from .operation import Operation, operation_of, protocol_of
from .service_description import description

blueprint = Blueprint("sparql", __name__)
PATH = "/sparql"
QUERY_METHODS = frozenset({"GET", "HEAD", "POST"})


def query_operation(st: ServerState, req: Request) -> BaseResponse | None:
    """The answer to ``req``'s query in a data format; None when it asks for a page (no
    query: the service description or the editor; HTML: the editor with the results).

    Needs no Flask context: the front layer calls it before routing."""
    if req.method not in QUERY_METHODS:
        return None  # OPTIONS: Flask's own answer, finished like any other
    try:
        operation = operation_of(req, st)
    except EmmdError:
        if wants_page(req):
            return None  # the editor shows the refusal beside the query
        raise
    if operation.gated is None:
        return None
    kind = operation.gated.kind
    fmt = negotiate(req.headers.get("Accept"), kind, operation.protocol.format_for(kind))
    if fmt.name == "html":
        return None
    return answer(st, req.method, req.path, operation, fmt)


_GRAPHS = [
    param(
        name,
        "query",
        f"{name}: a graph of this dataset (protocol dataset)",
        {"type": "array", "items": {"type": "string"}},
        style="form",
        explode=True,
    )
    for name in ("default-graph-uri", "named-graph-uri")
]
_ANSWER = {
    "200": ok(
        "The answer, the service description or the editor",
        *RESULT_TYPES,
        *GRAPH_TYPES,
        "text/html",
    ),
    **errors("400", "403", "406", "413", "415", "503"),
}
_FORM = {
    "type": "object",
    "properties": {
        "query": {"type": "string"},
        "default-graph-uri": {"type": "string"},
        "named-graph-uri": {"type": "string"},
    },
    "required": ["query"],
}


def wants_page(req: Request) -> bool:
    """Whether ``req`` asks for its answer as a page (the plain form does): a refused
    query is then shown in the editor, at its line and column, not as a problem document."""
    try:
        wanted = protocol_of(req).format_for("results")
        return negotiate(req.headers.get("Accept"), "results", wanted).name == "html"
    except EmmdError:
        return False


@blueprint.route(PATH, methods=sorted(QUERY_METHODS))
@declare(
    "sparql",
    get={
        "operationId": "sparqlGet",
        "summary": "SPARQL 1.1 query (GET)",
        "parameters": [
            param(
                "query",
                "query",
                "A SPARQL 1.1 query (without it: the service description, or the editor)",
                {"type": "string"},
            ),
            *_GRAPHS,
            param("format", "query", "Answer format (overrides Accept)", {"type": "string"}),
        ],
        "responses": _ANSWER,
    },
    post={
        "operationId": "sparqlPost",
        "summary": "SPARQL 1.1 query (POST form or direct)",
        "parameters": _GRAPHS,
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {"schema": _FORM},
                "application/sparql-query": {"schema": {"type": "string"}},
            },
        },
        "responses": _ANSWER,
    },
)
def endpoint() -> BaseResponse:
    """One SPARQL protocol operation, or the service description / editor without a query."""
    st = state()
    answered = query_operation(st, request)
    if answered is not None:
        return answered
    try:
        operation = operation_of(request, st)
    except EmmdError as refusal:
        if not wants_page(request):
            raise
        return editor(st, request.method, Operation(protocol_of(request), None), refusal)
    if operation.gated is not None:
        return editor(st, request.method, operation)
    if request.method == "POST":
        raise QueryError("the request carries no query")
    fmt = negotiate(request.headers.get("Accept"), "graph", operation.protocol.format_for("graph"))
    if fmt.name == "html":
        return editor(st, request.method, operation)
    triples = description(st.settings, request.base_url, st.served.store.graph_names())
    response = Response(render_triples(triples, fmt, st.served), mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return shareable(response, st.served.version, PATH, fmt.media_type, request.base_url)
