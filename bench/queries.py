"""The query mix of the endpoint benchmark, fitted to one built artefact.

Five queries, each measured on its own: a lookup (labels of one IRI), a property path
(the transitive sub-organisations of the state that has most), a text filter (REGEX
over all preferred labels), an aggregate (instances per class) and a CONSTRUCT (the
description of one IRI).  The IRIs are picked from the artefact with pyoxigraph, so
every query has a non-empty answer at every size.  :func:`doc_paths` lists resources
for the linked-data document rate, with the CONSTRUCT that stands for ``/doc`` on a
plain SPARQL server (the resource, its incoming links, the labels of both ends).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

SELECT_JSON = "application/sparql-results+json"
GRAPH_NT = "application/n-triples"
PREFIXES = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX org: <http://www.w3.org/ns/org#>\n"
)


@dataclass(frozen=True)
class Query:
    """One query of the mix and the media type its answer is asked in."""

    name: str
    text: str
    accept: str

    def rows(self, body: bytes) -> int:
        """How many rows (SELECT) or triples (CONSTRUCT) an answer holds."""
        if self.accept == SELECT_JSON:
            return len(json.loads(body)["results"]["bindings"])
        return sum(1 for line in body.splitlines() if line.strip())


def _one(store: ox.Store, sparql: str) -> str:
    for solution in store.query(sparql, use_default_graph_as_union=True):
        return solution[0].value
    raise RuntimeError(f"the artefact has no answer to:\n{sparql}")


def load(nquads: Path) -> ox.Store:
    """An in-memory store holding the artefact's ``dataset.nq``."""
    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    return store


def mix(store: ox.Store, base: str) -> list[Query]:
    """The five queries, their IRIs taken from ``store``."""
    emmd = f"<{base}def/emmd#"
    ministry = _one(store, f"SELECT ?m WHERE {{ ?m a {emmd}StateMinistry> }} ORDER BY ?m LIMIT 1")
    state = _one(
        store,
        PREFIXES + f"SELECT ?s (COUNT(?o) AS ?n) WHERE {{ ?s a {emmd}State> . "
        "?o org:subOrganizationOf+ ?s } GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 1",
    )
    return [
        Query(
            "lookup",
            PREFIXES
            + f"SELECT ?label WHERE {{ <{ministry}> skos:prefLabel|skos:altLabel ?label }}",
            SELECT_JSON,
        ),
        Query(
            "path",
            PREFIXES + f"SELECT ?org WHERE {{ ?org org:subOrganizationOf+ <{state}> }}",
            SELECT_JSON,
        ),
        Query(
            "text",
            PREFIXES + "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label "
            'FILTER(REGEX(STR(?label), "verkehr", "i")) }',
            SELECT_JSON,
        ),
        Query(
            "aggregate",
            "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } "
            "GROUP BY ?class ORDER BY DESC(?n)",
            SELECT_JSON,
        ),
        Query(
            "construct",
            f"CONSTRUCT {{ <{ministry}> ?p ?o . ?s ?q <{ministry}> }} "
            f"WHERE {{ {{ <{ministry}> ?p ?o }} UNION {{ ?s ?q <{ministry}> }} }}",
            GRAPH_NT,
        ),
    ]


def doc_construct(iri: str) -> str:
    """What ``/doc`` answers for ``iri``, as one CONSTRUCT for a plain SPARQL server."""
    return (
        PREFIXES + f"CONSTRUCT {{ <{iri}> ?p ?o . ?o skos:prefLabel ?ol . "
        f"?s ?q <{iri}> . ?s skos:prefLabel ?sl }} WHERE {{ "
        f"{{ <{iri}> ?p ?o OPTIONAL {{ ?o skos:prefLabel ?ol }} }} UNION "
        f"{{ ?s ?q <{iri}> OPTIONAL {{ ?s skos:prefLabel ?sl }} }} }}"
    )


def doc_resources(store: ox.Store, base: str, limit: int = 200) -> list[str]:
    """Up to ``limit`` resources under ``{base}id/``, spread evenly over the dump."""
    found = sorted(
        {
            q.subject.value
            for q in store.quads_for_pattern(None, None, None)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(base + "id/")
        }
    )
    step = max(1, len(found) // limit)
    return found[::step][:limit]


def doc_path(iri: str, base: str) -> str:
    """The JSON-LD document path of ``iri`` on our server (``/doc/{path}.jsonld``)."""
    return "/doc/" + iri[len(base) :] + ".jsonld"
