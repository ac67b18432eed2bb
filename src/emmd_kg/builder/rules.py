"""A rule engine for the curated axioms, on pyoxigraph: the reasoner for large data.

The curated axiom set uses six patterns only: ``owl:inverseOf``, ``rdfs:subPropertyOf``,
``owl:equivalentProperty``, ``owl:TransitiveProperty``, ``owl:SymmetricProperty`` and
``rdfs:subClassOf``.  Each becomes a SPARQL Update over an in-memory pyoxigraph store,
repeated until nothing new appears.  It computes the same closure owlrl computes for
these axioms (the tests compare both on the real data) in time that grows with the
data, not with owlrl's pure-Python rule matching: the path to millions of triples
(``reasoner = "rules"``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES, RDF_TYPE
from ..sources import Triple

OWL, RDFS = PREFIXES["owl"], PREFIXES["rdfs"]
MAX_ROUNDS = 64


def _pairs(ontology: list[Triple], predicate: str) -> list[tuple[str, str]]:
    return [
        (s.value, o.value)
        for s, p, o in ontology
        if p.value == predicate and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)
    ]


def _typed(ontology: list[Triple], kind: str) -> list[str]:
    return [
        s.value
        for s, p, o in ontology
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value == kind
    ]


def updates(ontology: list[Triple]) -> list[str]:
    """One SPARQL Update per axiom; IRIs come from parsed ontology terms only."""
    rules: list[str] = []
    for p, q in _pairs(ontology, OWL + "inverseOf"):
        rules.append(f"INSERT {{ ?y <{q}> ?x }} WHERE {{ ?x <{p}> ?y }}")
        rules.append(f"INSERT {{ ?y <{p}> ?x }} WHERE {{ ?x <{q}> ?y }}")
    for p, q in _pairs(ontology, RDFS + "subPropertyOf"):
        rules.append(f"INSERT {{ ?x <{q}> ?y }} WHERE {{ ?x <{p}> ?y }}")
    for p, q in _pairs(ontology, OWL + "equivalentProperty"):
        rules.append(f"INSERT {{ ?x <{q}> ?y }} WHERE {{ ?x <{p}> ?y }}")
        rules.append(f"INSERT {{ ?x <{p}> ?y }} WHERE {{ ?x <{q}> ?y }}")
    for p in _typed(ontology, OWL + "TransitiveProperty"):
        rules.append(f"INSERT {{ ?x <{p}> ?z }} WHERE {{ ?x <{p}> ?y . ?y <{p}>+ ?z }}")
    for p in _typed(ontology, OWL + "SymmetricProperty"):
        rules.append(f"INSERT {{ ?y <{p}> ?x }} WHERE {{ ?x <{p}> ?y }}")
    for c, d in _pairs(ontology, RDFS + "subClassOf"):
        rules.append(f"INSERT {{ ?x a <{d}> }} WHERE {{ ?x a <{c}> }}")
    return rules


def closure(ontology: list[Triple], data: Iterable[Triple]) -> set[tuple]:
    """Every triple entailed by the rules from ``data`` (asserted ones included)."""
    store = ox.Store()
    store.extend(ox.Quad(s, p, o) for s, p, o in data)
    rules = updates(ontology)
    size, rounds = -1, 0
    while len(store) != size and rounds < MAX_ROUNDS:
        size, rounds = len(store), rounds + 1
        for rule in rules:
            store.update(rule)
    return {(q.subject, q.predicate, q.object) for q in store}
