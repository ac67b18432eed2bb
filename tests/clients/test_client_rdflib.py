"""rdflib's ``SPARQLStore`` against the real server: a graph whose store is the endpoint,
queried with every return format that can carry the query form, by GET, POST direct
and POST form; each answer the same as pyoxigraph's over the same dump.

rdflib asks for the format of ``returnFormat`` by ``Accept`` only and picks its parser
by the ``Content-Type`` it gets back.  CSV and TSV carry no boolean (rdflib reads none), so an
ASK is asked in XML and JSON only; a graph is asked in the RDF syntaxes rdflib can read.
"""

from __future__ import annotations

from collections import Counter

import pytest
import rdflib
from client_reference import (
    GRAPH_FORMS,
    QUERIES,
    parsed_results,
    reference,
    reference_csv,
    same_graph,
)
from rdflib.plugins.stores.sparqlstore import SPARQLStore

FITTING = {
    "SELECT": ("xml", "json", "csv", "tsv"),
    "ASK": ("xml", "json"),
    "CONSTRUCT": ("xml", "turtle", "json-ld"),
    "DESCRIBE": ("xml", "turtle", "json-ld"),
}
COMBINATIONS = [
    pytest.param(form, fmt, method, id=f"{form}-{fmt}-{method}")
    for form, formats in FITTING.items()
    for fmt in formats
    for method in ("GET", "POST", "POST_FORM")
]


def _comparable(result: rdflib.query.Result) -> object:
    """A SELECT or ASK result as rows or a boolean (through rdflib's JSON writer)."""
    body = result.serialize(format="json")
    assert isinstance(body, bytes)
    return parsed_results(body, "application/sparql-results+json")


@pytest.mark.parametrize("form, fmt, method", COMBINATIONS)
def test_rdflib_sparql_store_gets_the_reference_answer(server, artefact, form, fmt, method):
    store = SPARQLStore(server.url + "/sparql", returnFormat=fmt, method=method)
    result = rdflib.Graph(store=store).query(QUERIES[form])
    expected = reference(artefact.nquads, form)
    if form in GRAPH_FORMS:
        assert result.graph is not None and same_graph(result.graph, expected)
    elif fmt == "csv":
        # CSV keeps lexical forms only: rdflib reads every value back as a plain literal
        # (or an IRI), so the rows are compared by their values.
        ours = Counter(
            tuple(sorted((str(v), str(row[v] or "")) for v in result.vars)) for row in result
        )
        assert ours == reference_csv(artefact.nquads)
    else:
        assert _comparable(result) == expected
