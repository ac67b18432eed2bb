"""The reference every client's answer is compared with, and the readers that compare.

The reference is pyoxigraph itself, over the same dump the server loads (the artefact's
``dataset.nq`` in a fresh ``pyoxigraph.Store``, the default graph the union of all
graphs, as the endpoint answers).  Answers are compared by meaning, never by bytes:

- a SELECT as a multiset of rows, each row its bound variables and their terms in
  N-Triples (blank-node labels erased); CSV, which keeps only the lexical forms, as a
  multiset of rows of those forms;
- an ASK as its boolean;
- a CONSTRUCT or DESCRIBE as a graph, compared up to blank-node renaming (rdflib's
  isomorphism).

``QUERIES`` holds one query of each form over the project's data; each touches IRIs,
language-tagged and typed literals, and (the SELECT) an unbound variable.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
import rdflib.compare

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX emmd: <https://w3id.org/emmd/def/emmd#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
QUERIES = {
    "SELECT": PREFIXES
    + """SELECT ?organisation ?label ?parent ?length WHERE {
  ?organisation a org:Organization ; skos:prefLabel ?label .
  OPTIONAL { ?organisation org:subOrganizationOf ?parent }
  BIND (STRLEN(?label) AS ?length)
}""",
    "ASK": PREFIXES + "ASK { ?state a emmd:State ; skos:prefLabel ?label }",
    "CONSTRUCT": PREFIXES
    + """CONSTRUCT { ?organisation skos:prefLabel ?label ; a ?type } WHERE {
  ?organisation a emmd:StateMinistry , ?type ; skos:prefLabel ?label
}""",
    "DESCRIBE": "DESCRIBE <https://w3id.org/emmd/id/state/sachsen>",
}
RESULT_FORMS = ("SELECT", "ASK")
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")

Rows = Counter[tuple[tuple[str, str], ...]]


@lru_cache(maxsize=2)
def reference_store(nquads: Path) -> ox.Store:
    """A pyoxigraph store holding the dump ``nquads`` (loaded once per test process)."""
    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    return store


def reference(nquads: Path, form: str) -> Rows | bool | rdflib.Graph:
    """pyoxigraph's answer to ``QUERIES[form]`` over the dump, in the compared form."""
    answer = reference_store(nquads).query(QUERIES[form], use_default_graph_as_union=True)
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        return rows(answer)
    graph = rdflib.Graph()
    body = ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES)
    return graph.parse(data=body, format="nt") if body else graph


def reference_csv(nquads: Path) -> Counter[tuple[tuple[str, str], ...]]:
    """The reference SELECT as CSV keeps it: each bound value's lexical form only."""
    answer = reference_store(nquads).query(QUERIES["SELECT"], use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    variables = [v.value for v in answer.variables]
    found: Counter[tuple[tuple[str, str], ...]] = Counter()
    for solution in answer:
        cells = [(name, _lexical(solution[name])) for name in variables]
        found[tuple(sorted(cells))] += 1
    return found


def _lexical(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    return "_:" if isinstance(term, ox.BlankNode) else term.value


def _ntriples(term: object) -> str:
    return "_:" if isinstance(term, ox.BlankNode) else str(term)


def rows(solutions: ox.QuerySolutions) -> Rows:
    """A SELECT answer as a multiset of rows (bound variables only, blank nodes erased)."""
    variables = [v.value for v in solutions.variables]
    found: Rows = Counter()
    for solution in solutions:
        bound = [(name, _ntriples(solution[name])) for name in variables if solution[name]]
        found[tuple(sorted(bound))] += 1
    return found


def parsed_results(body: bytes, media_type: str) -> Rows | bool:
    """A SPARQL results document (JSON, XML or TSV) as rows or a boolean."""
    formats = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    answer = ox.parse_query_results(body, format=formats[media_type])
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    return rows(answer)


def parsed_json(document: dict) -> Rows | bool:
    """A SPARQL JSON document already read by a client (a dict)."""
    return parsed_results(json.dumps(document).encode(), "application/sparql-results+json")


def parsed_csv(body: bytes) -> Counter[tuple[tuple[str, str], ...]] | bool:
    """A CSV answer: rows of lexical forms, or (an ASK) the word true or false."""
    text = body.decode("utf-8")
    if text.strip() in ("true", "false"):
        return text.strip() == "true"
    lines = list(csv.reader(io.StringIO(text, newline="")))
    header = lines[0]
    found: Counter[tuple[tuple[str, str], ...]] = Counter()
    for line in lines[1:]:
        cells = ["_:" if c.startswith("_:") else c for c in line]
        found[tuple(sorted(zip(header, cells, strict=True)))] += 1
    return found


def parsed_graph(body: bytes | str, rdflib_format: str) -> rdflib.Graph:
    """An RDF answer parsed by rdflib (JSON-LD's context is inline: nothing is fetched)."""
    return rdflib.Graph().parse(data=body, format=rdflib_format)


def same_graph(ours: rdflib.Graph, theirs: rdflib.Graph) -> bool:
    """True if the two graphs are the same up to blank-node labels."""
    return rdflib.compare.isomorphic(_plain(ours), _plain(theirs))


def _plain(graph: rdflib.Graph) -> rdflib.Graph:
    """The triples of ``graph`` in a fresh graph (a client may hand back a Conjunctive or
    Dataset view; only the triples are compared)."""
    plain = rdflib.Graph()
    for triple in graph.triples((None, None, None)):
        plain.add(triple)
    return plain
