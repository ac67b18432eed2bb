"""The two embedded backends, pyoxigraph (the default) and rdflib: identical answers, and
a server started with ``store = "rdflib"`` really queries rdflib."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest

from conftest import RunningServer
from emmd_kg.rdf.formats import BY_NAME
from emmd_kg.sparql.results import render
from emmd_kg.store.memory import MemoryStore
from emmd_kg.store.rdflib_store import RdflibStore

P = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX emmd: <https://w3id.org/emmd/def/emmd#> PREFIX schema: <http://schema.org/>
PREFIX void: <http://rdfs.org/ns/void#> PREFIX prov: <http://www.w3.org/ns/prov#>
"""
QUERIES = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "labels": P + "SELECT ?s ?l WHERE { ?s skos:prefLabel ?l FILTER(LANG(?l) = 'en') }",
    "tree": P + "SELECT ?a ?b WHERE { ?a org:subOrganizationOf+ ?b }",
    "transitive": P + "SELECT ?a ?b WHERE { ?a org:transitiveSubOrganizationOf ?b }",
    "purposes": P + "SELECT ?org ?purpose ?label WHERE { ?org org:purpose ?purpose . "
    "?purpose skos:prefLabel ?label FILTER(LANG(?label) = 'de') }",
    "search": P + "SELECT ?s WHERE { ?s skos:prefLabel ?l FILTER(CONTAINS(LCASE(?l), 'minist')) }",
    "regex": P + "SELECT ?s WHERE { ?s skos:prefLabel ?l FILTER(REGEX(?l, '^Landes', 'i')) }",
    "optional": P + "SELECT ?o ?date WHERE { ?o a org:Organization "
    "OPTIONAL { ?o schema:foundingDate ?date } }",
    "ask": P + "ASK { ?o schema:foundingDate ?d }",
    "figures": P + "SELECT ?n ?v WHERE { ?n emmd:memberCount/schema:value ?v }",
    "named": "SELECT ?s WHERE { GRAPH <https://w3id.org/emmd/graph/inferred> { ?s ?p ?o } }",
    "void": P + "SELECT ?t WHERE { ?d void:triples ?t }",
    "construct": P + "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s a org:Organization ; "
    "skos:prefLabel ?l }",
    "values": P + "SELECT ?s ?l WHERE { VALUES ?s { <https://w3id.org/emmd/id/organisation/smr> "
    "<https://w3id.org/emmd/id/network/ikm> } ?s skos:prefLabel ?l }",
    "distinct": "SELECT DISTINCT ?p WHERE { ?s ?p ?o }",
}


@pytest.fixture(scope="module")
def rdflib_store(artefact):
    return RdflibStore(artefact.nquads, artefact.version)


@pytest.fixture(scope="module")
def rdflib_server(settings, artefact):
    running = RunningServer(settings.artefact_dir, workers=2, store="rdflib")
    yield running
    running.stop()


def answer(store, query: str):
    result = store.query(query)
    if "CONSTRUCT" in query:
        return sorted(str(t) for t in result)
    body = json.loads(render(result, BY_NAME["json"], 100_000).body)
    if "boolean" in body:
        return body["boolean"]
    bindings = body["results"]["bindings"]
    return sorted(json.dumps(b, sort_keys=True) for b in bindings)


def http_answer(server, query: str):
    response = httpx.get(server.url + "/sparql", params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    if "boolean" in body:
        return body["boolean"]
    return sorted(json.dumps(b, sort_keys=True) for b in body["results"]["bindings"])


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_both_backends_answer_identically(store: MemoryStore, rdflib_store, name):
    ours = answer(store, QUERIES[name])
    assert ours, "an empty answer (or false) cannot tell the backends apart"
    assert ours == answer(rdflib_store, QUERIES[name])


def test_both_backends_hold_the_graphs_of_the_artefact(store, rdflib_store, artefact):
    quads = ox.parse(path=artefact.nquads, format=ox.RdfFormat.N_QUADS)
    named = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert len(named) > 1
    assert set(store.graph_names()) == named
    assert set(rdflib_store.graph_names()) == named


def test_the_store_setting_makes_the_server_query_rdflib(
    store, rdflib_store, rdflib_server, server
):
    """A decimal division tells the engines apart: rdflib keeps 28 digits, pyoxigraph 18."""
    third = "SELECT (1.0/3 AS ?x) {}"
    assert answer(rdflib_store, third) != answer(store, third)
    assert http_answer(rdflib_server, third) == answer(rdflib_store, third)
    assert http_answer(server, third) == answer(store, third)


def test_a_syntax_error_is_a_400_problem_on_the_rdflib_server(rdflib_server):
    response = httpx.get(
        rdflib_server.url + "/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"}, timeout=30
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
