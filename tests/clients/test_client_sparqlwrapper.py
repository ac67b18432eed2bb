"""SPARQLWrapper against the real server: every return format that fits a query form,
by GET, POST form and POST direct, with ``onlyConneg`` on and off, each answer (as
``convert()`` hands it to the user) the same as pyoxigraph's over the same dump.

With ``onlyConneg`` off SPARQLWrapper repeats the format in ``format``, ``output`` and
``results``, for TSV, JSON-LD and RDF/XML once as a short name and once as a media type
(or a list of them); with it on, only ``Accept`` says it.  A format SPARQLWrapper itself
warns about for a form (JSON for a CONSTRUCT: it then sends ``Accept: */*``) does not fit
and is not asked; the test suite turns warnings into failures, so a warning that the
endpoint answered another format than asked fails the test too.
"""

from __future__ import annotations

from xml.dom.minidom import Document

import pytest
import rdflib
import SPARQLWrapper as sw
from client_reference import (
    GRAPH_FORMS,
    QUERIES,
    RESULT_FORMS,
    parsed_csv,
    parsed_graph,
    parsed_json,
    parsed_results,
    reference,
    reference_csv,
    same_graph,
)

# SPARQLWrapper 2.0 builds its graphs as rdflib's deprecated ConjunctiveGraph: its warning,
# not the endpoint's.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

FITTING = {
    "SELECT": (sw.JSON, sw.XML, sw.CSV, sw.TSV),
    "ASK": (sw.JSON, sw.XML, sw.CSV, sw.TSV),
    "CONSTRUCT": (sw.TURTLE, sw.N3, sw.XML, sw.RDFXML, sw.JSONLD),
    "DESCRIBE": (sw.TURTLE, sw.N3, sw.XML, sw.RDFXML, sw.JSONLD),
}
METHODS = {"GET": (sw.GET, sw.URLENCODED), "POST form": (sw.POST, sw.URLENCODED)}
METHODS["POST direct"] = (sw.POST, sw.POSTDIRECTLY)
COMBINATIONS = [
    pytest.param(form, fmt, method, conneg, id=f"{form}-{fmt}-{method}-conneg={conneg}")
    for form, formats in FITTING.items()
    for fmt in formats
    for method in METHODS
    for conneg in (False, True)
]


def _comparable(converted: object, fmt: str, form: str) -> object:
    """What ``convert()`` returned, in the form the reference is compared in."""
    if fmt == sw.JSON:
        return parsed_json(converted)
    if fmt == sw.XML and form in RESULT_FORMS:
        assert isinstance(converted, Document)
        return parsed_results(converted.toxml("utf-8"), "application/sparql-results+xml")
    if fmt == sw.CSV:
        return parsed_csv(converted)
    if fmt == sw.TSV:
        return parsed_results(converted, "text/tab-separated-values")
    if fmt in (sw.TURTLE, sw.N3):
        return parsed_graph(converted, "turtle")
    assert isinstance(converted, rdflib.Graph), type(converted)
    return converted


@pytest.mark.parametrize("form, fmt, method, conneg", COMBINATIONS)
def test_sparqlwrapper_gets_the_reference_answer(server, artefact, form, fmt, method, conneg):
    client = sw.SPARQLWrapper(server.url + "/sparql")
    client.setQuery(QUERIES[form])
    client.setReturnFormat(fmt)
    client.setMethod(METHODS[method][0])
    client.setRequestMethod(METHODS[method][1])
    client.setOnlyConneg(conneg)
    ours = _comparable(client.query().convert(), fmt, form)
    if form in GRAPH_FORMS:
        assert same_graph(ours, reference(artefact.nquads, form))
    elif fmt == sw.CSV and form == "SELECT":
        assert ours == reference_csv(artefact.nquads)
    else:
        assert ours == reference(artefact.nquads, form)
