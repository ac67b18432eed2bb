"""The W3C SPARQL 1.1 test suite, run against the real server process.

Every query case of ``protocol/`` is sent as the manifest spells it (method, path,
headers, body) and must get the expected status, result format and boolean; every
update case must be refused with a 4xx, the data unchanged.  All cases of
``service-description/`` run on GET without a query.  The ``json-res/`` and
``csv-tsv-res/`` queries run over their data (each data file is a named graph,
selected with ``default-graph-uri``) and the server's answers are compared with the
expected files.  The server holds exactly the graphs the manifests name.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from artefacts import write_artefact
from conftest import RunningServer
from w3c import CNT, HT, MF, UT, entries, manifest, result_entries, table

BASE = "http://w3c.test/"
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
PROTOCOL = manifest("protocol")
RESULT_CASES = [("json-res", *c) for c in result_entries("json-res")] + [
    ("csv-tsv-res", *c) for c in result_entries("csv-tsv-res")
]
RESULT_MEDIA = {
    ".srj": "application/sparql-results+json",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
}
BOOLEAN_FORMATS = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_FORMATS = BOOLEAN_FORMATS | {"text/csv", "text/tab-separated-values"}
RDF_FORMATS = {"text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json"}


def data_graph(folder: str, path: Path) -> str:
    return f"{BASE}{folder}/{path.name}"


def requests_of(entry) -> list:
    head = PROTOCOL.value(PROTOCOL.value(entry, MF.action), HT.requests)
    return list(rdflib.collection.Collection(PROTOCOL, head))


def _quads() -> list[ox.Quad]:
    """The graphs the protocol manifest loads (and names), and the result-format data."""
    quads: list[ox.Quad] = []
    named: set[str] = set()
    for data in PROTOCOL.objects(None, UT.graphData):
        iri = str(PROTOCOL.value(data, rdflib.RDFS.label))
        if iri in named:
            continue
        named.add(iri)
        path = Path(str(PROTOCOL.value(data, UT.graph)).removeprefix("file://"))
        quads += [
            ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(iri))
            for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        ]
    # data0.rdf is named by several cases but never given: hold it with one triple.
    data0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"
    quads.append(
        ox.Quad(
            ox.NamedNode(data0),
            ox.NamedNode(str(rdflib.RDF.type)),
            ox.NamedNode("http://xmlns.com/foaf/0.1/Document"),
            ox.NamedNode(data0),
        )
    )
    for folder, _, _, data, _ in RESULT_CASES:
        graph = ox.NamedNode(data_graph(folder, data))
        quads += [
            ox.Quad(q.subject, q.predicate, q.object, graph)
            for q in ox.parse(path=str(data), format=ox.RdfFormat.TURTLE, base_iri=data.as_uri())
        ]
    return quads


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory):
    build_dir = tmp_path_factory.mktemp("w3c-build")
    write_artefact(build_dir, _quads(), BASE)
    running = RunningServer(build_dir, base_iri=BASE, workers=2)
    yield running
    running.stop()


def count_quads(server) -> int:
    response = httpx.get(
        server.url + "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
    )
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def send(server, request) -> httpx.Response:
    path = str(PROTOCOL.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers = {}
    header_list = PROTOCOL.value(request, HT.headers)
    if header_list is not None:
        for header in rdflib.collection.Collection(PROTOCOL, header_list):
            headers[str(PROTOCOL.value(header, HT.fieldName))] = str(
                PROTOCOL.value(header, HT.fieldValue)
            )
    body = PROTOCOL.value(request, HT.body)
    content = None
    if body is not None:
        encoding = str(PROTOCOL.value(body, CNT.characterEncoding) or "UTF-8")
        content = str(PROTOCOL.value(body, CNT.chars)).encode(encoding.lower())
    method = str(PROTOCOL.value(request, HT.methodName))
    return httpx.request(method, server.url + path, headers=headers, content=content, timeout=20)


def expected_statuses(response_node) -> set[int]:
    return {
        int(str(s).removeprefix(HTS)[0]) for s in PROTOCOL.objects(response_node, MF.expectedStatus)
    }


def parse_boolean(response: httpx.Response) -> bool:
    if response.headers["content-type"].startswith("application/sparql-results+json"):
        return response.json()["boolean"]
    return b"<boolean>true</boolean>" in response.content


def is_update(entry) -> bool:
    return str(entry).rsplit("#", 1)[-1].startswith(("update_", "bad_update"))


QUERY_CASES = [e for e in entries(PROTOCOL) if not is_update(e)]
UPDATE_CASES = [e for e in entries(PROTOCOL) if is_update(e)]


def case_id(entry) -> str:
    return str(entry).rsplit("#", 1)[-1]


@pytest.mark.parametrize("entry", QUERY_CASES, ids=case_id)
def test_protocol_query_case(w3c_server, entry):
    for request in requests_of(entry):
        response = send(w3c_server, request)
        expected = PROTOCOL.value(request, HT.resp)
        assert response.status_code // 100 in expected_statuses(expected), response.text
        media_type = response.headers.get("content-type", "").split(";")[0]
        kind = PROTOCOL.value(expected, MF.expectedFormat)
        if kind is not None:
            allowed = {"boolean": BOOLEAN_FORMATS, "tabular": TABULAR_FORMATS, "RDF": RDF_FORMATS}[
                str(kind)
            ]
            assert media_type in allowed
        boolean = PROTOCOL.value(expected, MF.expectedBoolean)
        if boolean is not None:
            assert parse_boolean(response) == boolean.toPython()
        if response.status_code >= 400:
            assert media_type == "application/problem+json"


@pytest.mark.parametrize("entry", UPDATE_CASES, ids=case_id)
def test_protocol_update_case_is_refused_and_changes_nothing(w3c_server, entry):
    before = count_quads(w3c_server)
    first = requests_of(entry)[0]
    response = send(w3c_server, first)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert count_quads(w3c_server) == before


SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SD_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def service_description(server, accept: str) -> rdflib.Graph:
    response = httpx.get(server.url + "/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    return rdflib.Graph().parse(data=response.content, format=SD_FORMATS[accept])


@pytest.mark.parametrize("accept", sorted(SD_FORMATS))
def test_service_description_returns_rdf(w3c_server, accept):
    assert len(service_description(w3c_server, accept)) > 0


def test_service_description_has_a_matching_endpoint(w3c_server):
    graph = service_description(w3c_server, "text/turtle")
    assert rdflib.URIRef(w3c_server.url + "/sparql") in set(graph.objects(None, SD.endpoint))


def test_service_description_conforms_to_the_schema(w3c_server):
    graph = service_description(w3c_server, "text/turtle")
    (service,) = set(graph.subjects(rdflib.RDF.type, SD.Service))
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert graph.value(service, SD.defaultDataset) is not None
    named = {graph.value(n, SD.name) for n in graph.objects(None, SD.namedGraph)}
    assert rdflib.URIRef("http://kasei.us/2009/09/sparql/data/data1.rdf") in named


@pytest.mark.parametrize(
    "folder, name, query, data, expected", RESULT_CASES, ids=[c[1] for c in RESULT_CASES]
)
def test_result_format_case(w3c_server, folder, name, query, data, expected):
    media_type = RESULT_MEDIA[expected.suffix]
    response = httpx.get(
        w3c_server.url + "/sparql",
        params={
            "query": query.read_text(encoding="utf-8"),
            "default-graph-uri": data_graph(folder, data),
        },
        headers={"Accept": media_type},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    if expected.suffix == ".srj":
        ours, theirs = response.json(), json.loads(expected.read_text(encoding="utf-8"))
        ours.pop("truncated", None)
        assert sorted(ours["head"].pop("vars", [])) == sorted(theirs["head"].pop("vars", []))
        assert ours == theirs
    else:
        kind = expected.suffix[1:]
        assert table(response.text, kind) == table(expected.read_text(encoding="utf-8"), kind)
