"""The query editor at ``/sparql``: a form, examples, and a query's results as a table.

The page is a plain HTML form that works without script: the query, the format to
answer in, examples, the dataset's graphs and limits.  With a query it shows the
results below (run in SPARQL JSON or N-Triples and laid out as a readable table), a
share link and download links for every data format; a refused or failed query shows
its problem, with its status and, when the gate or the engine knows it, the line and
column of the fault.  The editor script (CodeMirror, bundled from ``editor/`` into
``static/editor/``) turns the form into an editor when the bundle is there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Response, render_template, request

from ...errors import EmmdError
from ...rdf.formats import BY_NAME, formats_for
from ..html.tables import graph_table, table
from ..html.titles import page_language, site_title
from ..state import ServerState
from .answer import evaluate
from .operation import Operation
from .service_description import limits_text

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
_RAW = {"results": "json", "graph": "turtle"}
"""The format of the raw view of an answer, by kind."""
DEFAULT_QUERY = "SELECT ?s ?p ?o\nWHERE { ?s ?p ?o }\nLIMIT 25\n"
BUNDLE = Path(__file__).resolve().parent.parent / "static" / "editor" / "editor.js"
"""The editor script, built by ``./run`` and the package build (absent: the plain form)."""


def _results(st: ServerState, method: str, operation: Operation, lang: str) -> dict[str, Any]:
    """The operation's answer as the template's table (raises the query's refusal)."""
    assert operation.gated is not None
    if operation.gated.kind == "results":
        rendered = evaluate(st, method, operation, BY_NAME["json"])
        result = table(rendered.body, st.served, lang)
    else:
        rendered = evaluate(st, method, operation, BY_NAME["ntriples"])
        result = graph_table(rendered.body, st.served, lang)
    result["truncated"] = rendered.truncated
    return result


def editor(
    st: ServerState, method: str, operation: Operation, refusal: EmmdError | None = None
) -> Response:
    """The editor page; with a query, its results rendered as a table below it, or the
    ``refusal`` the gate gave it."""
    query = operation.protocol.query
    kind = operation.gated.kind if operation.gated is not None else "results"
    lang = page_language(request)
    result, error, downloads, raw = None, refusal, [], None
    if operation.gated is not None:
        downloads = [
            (f.name.upper(), "/sparql?" + urlencode({"query": query, "format": f.name}))
            for f in formats_for(kind)
            if f.name != "html"
        ]
        raw = "/sparql?" + urlencode({"query": query, "format": _RAW[kind]})
        try:
            result = _results(st, method, operation, lang)
        except EmmdError as exc:
            error = exc
    formats = [("html", "Table (HTML)")] + [
        (f.name, f"{f.name.upper()} ({f.media_type})")
        for f in formats_for(kind)
        if f.name != "html"
    ]
    page = render_template(
        "sparql.html",
        site_title=site_title(lang, st.served),
        lang=lang,
        script=BUNDLE.exists(),
        version=st.served.version,
        query=query or DEFAULT_QUERY,
        examples=EXAMPLES,
        graphs=sorted(st.served.store.graph_names()),
        limits="; ".join(limits_text(st.settings)),
        formats=formats,
        chosen=operation.protocol.format or "html",
        result=result,
        error=error,
        permalink="/sparql?" + urlencode({"query": query or ""}),
        downloads=downloads,
        raw=raw,
    )
    response = Response(page, mimetype="text/html", status=error.status if error else 200)
    response.headers["Vary"] = "Accept"
    return response
