"""Both embedded backends give identical answers: pyoxigraph (default) and rdflib."""

from __future__ import annotations

import json

import httpx
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


def answer(store, query: str):
    result = store.query(query)
    if "CONSTRUCT" in query:
        return sorted(str(t) for t in result)
    body = json.loads(render(result, BY_NAME["json"], 100_000).body)
    if "boolean" in body:
        return body["boolean"]
    bindings = body["results"]["bindings"]
    return sorted(json.dumps(b, sort_keys=True) for b in bindings)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_both_backends_answer_identically(store: MemoryStore, rdflib_store, name):
    assert answer(store, QUERIES[name]) == answer(rdflib_store, QUERIES[name])


def test_both_backends_hold_the_same_graphs(store, rdflib_store):
    assert store.graph_names() == rdflib_store.graph_names()


def test_the_rdflib_backend_is_selectable_for_the_server(settings, artefact, server):
    rdflib_server = RunningServer(settings.artefact_dir, workers=2, store="rdflib")
    try:
        for name in ("tree", "figures", "ask"):
            params = {"query": QUERIES[name]}
            ours = httpx.get(rdflib_server.url + "/sparql", params=params, timeout=30).json()
            default = httpx.get(server.url + "/sparql", params=params, timeout=30).json()
            if "boolean" in ours:
                assert ours == default
            else:
                rows = lambda body: sorted(map(str, body["results"]["bindings"]))  # noqa: E731
                assert rows(ours) == rows(default)
    finally:
        rdflib_server.stop()
