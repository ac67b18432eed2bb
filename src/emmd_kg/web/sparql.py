"""The SPARQL 1.1 Protocol endpoint ``/sparql``, its service description and its editor.

GET without ``query`` answers the service description (RDF by content negotiation) or,
for browsers, the query editor.  Every query passes the gate, runs in this worker's
executor (time, memory and row caps) and is answered in the negotiated format by
:func:`~.query_answer.answer`.  Queries in a data format are answered by the query lane
in front of Flask (:mod:`.query_lane`) and reach this blueprint only when it is not
installed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request

from ..errors import EmmdError, QueryError
from ..rdf.formats import BY_NAME, formats_for, negotiate
from ..sparql import gate
from .caching import conditional
from .protocol import ProtocolRequest, read
from .query_answer import respond, run
from .render import render_triples
from .service_description import description, limits_text
from .state import state
from .tables import graph_table, table

blueprint = Blueprint("sparql", __name__)

EXAMPLES = (
    (
        "Classes and how many instances each has",
        "SELECT ?class (COUNT(?s) AS ?instances)\nWHERE { ?s a ?class }\nGROUP BY ?class\n"
        "ORDER BY DESC(?instances)",
    ),
    (
        "Named graphs and their sizes",
        "SELECT ?graph (COUNT(*) AS ?triples)\n"
        "WHERE { GRAPH ?graph { ?s ?p ?o } }\nGROUP BY ?graph",
    ),
    (
        "Everything with a German label",
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nSELECT ?thing ?label\n"
        'WHERE { ?thing skos:prefLabel ?label FILTER(LANG(?label) = "de") }\nORDER BY ?label',
    ),
)
DEFAULT_QUERY = "SELECT ?s ?p ?o\nWHERE { ?s ?p ?o }\nLIMIT 25\n"


@blueprint.route("/sparql", methods=["GET", "HEAD", "POST"])
def endpoint() -> Response:
    """One SPARQL protocol operation, or the service description / editor without a query."""
    st = state()
    result = respond(st, request)
    if result is not None:
        return result.response()
    operation = read(request)
    if operation.query is None:
        if request.method == "POST":
            raise QueryError("the request carries no query")
        return _without_query(operation)
    return _editor(
        operation, gate.inspect(operation.query, st.settings, st.published.store.graph_names())
    )


def _without_query(operation: ProtocolRequest) -> Response:
    """The service description, or the editor page for a browser."""
    fmt = negotiate(request.headers.get("Accept"), "graph", operation.format)
    if fmt.name == "html":
        return _editor(operation, None)
    st = state()
    endpoint_url = request.base_url
    triples = description(st.settings, endpoint_url, st.published.store.graph_names())
    body = render_triples(triples, fmt)
    response = Response(body, mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return conditional(response, st.published.version, endpoint_url)


def _editor(operation: ProtocolRequest, inspected: gate.GateResult | None) -> Response:
    """The editor page; with a query, its results rendered as a table below it."""
    st = state()
    base = st.settings.base_iri
    result, error = None, None
    query = operation.query or DEFAULT_QUERY
    downloads = []
    kind = inspected.kind if inspected is not None else None
    if inspected is not None and kind is not None:
        params = {"query": operation.query}
        downloads = [
            (f.name.upper(), "/sparql?" + urlencode({**params, "format": f.name}))
            for f in formats_for(kind)
            if f.name != "html"
        ]
        try:
            if kind == "results":
                rendered = run(st, request.method, operation, inspected, BY_NAME["json"])
                result = table(rendered.body, base)
            else:
                rendered = run(st, request.method, operation, inspected, BY_NAME["ntriples"])
                result = graph_table(rendered.body)
            result["truncated"] = rendered.truncated
        except EmmdError as exc:
            error = exc
    chosen = operation.format or "html"
    formats = [("html", "Table (HTML)")] + [
        (f.name, f"{f.name.upper()} ({f.media_type})")
        for f in formats_for(kind or "results")
        if f.name != "html"
    ]
    page = render_template(
        "sparql.html",
        site_title="SPARQL",
        version=st.published.version,
        query=query,
        examples=EXAMPLES,
        graphs=sorted(st.published.store.graph_names()),
        limits="; ".join(limits_text(st.settings)),
        formats=formats,
        chosen=chosen,
        result=result,
        error=error,
        permalink="/sparql?" + urlencode({"query": operation.query or ""}),
        downloads=downloads,
    )
    response = Response(page, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    if error is not None:
        response.status_code = error.status
    return response
