"""The description of one document: what a harvester gets from one fetch.

For each IRI the document describes (itself and its hash IRIs, see :mod:`.index`) the
description holds

- its own statements, asserted and inferred (role ``"out"``),
- the statements pointing at it, at most ``max_incoming`` of them (role ``"in"``),
- the labels (``skos:prefLabel``, ``rdfs:label``, ``dct:title``) of every IRI those statements link
  to, of their predicates and of the named graphs they come from (role ``"label"``),
  so a harvester gets names without a second fetch,
- and the statements of every blank node reached, recursively (role ``"out"``).

Every statement keeps its named graph: TriG and N-Quads show where each fact comes
from, and the page shows which are inferred.  The queries are fixed texts; the IRI
is pre-bound through the engine (``bindings``), never pasted into the text.  The
store's named graphs are read (the engine's artefacts put every triple in one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES
from ..store.base import Store, Term

LABEL_PREDICATES = (
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["rdfs"] + "label",
    PREFIXES["dct"] + "title",
)
MAX_BLANK_NODES = 1000
"""Blank nodes followed per document (a guard against pathological data)."""

_OUT = "SELECT ?this ?p ?o ?g WHERE { GRAPH ?g { ?this ?p ?o } }"
_IN = "SELECT ?this ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?this } }"
_LABELS = f"""
SELECT ?this ?p ?o ?g WHERE {{
  VALUES ?p {{ {" ".join(f"<{p}>" for p in LABEL_PREDICATES)} }}
  GRAPH ?g {{ ?this ?p ?o }}
}}"""

Node = ox.NamedNode | ox.BlankNode


@dataclass(frozen=True)
class Statement:
    """One quad of a description and why it is there: ``"out"``, ``"in"`` or ``"label"``."""

    subject: Node
    predicate: ox.NamedNode
    object: Term
    graph: ox.NamedNode
    role: str


@dataclass(frozen=True)
class Description:
    """What one document says: its statements, in a stable order."""

    document: str
    """The document IRI (no fragment)."""
    subjects: tuple[str, ...]
    """The IRIs described: the document itself (if the data mentions it) and its hash IRIs."""
    statements: tuple[Statement, ...]
    truncated: bool
    """True if some IRI had more incoming statements than the cap."""

    def triples(self) -> list[ox.Triple]:
        """The distinct triples (the union of the graphs), sorted."""
        unique = {ox.Triple(s.subject, s.predicate, s.object) for s in self.statements}
        return sorted(unique, key=str)

    def quads(self) -> list[ox.Quad]:
        """The distinct quads, each in the named graph it comes from, sorted."""
        unique = {ox.Quad(s.subject, s.predicate, s.object, s.graph) for s in self.statements}
        return sorted(unique, key=str)


def describe(
    store: Store, document: str, subjects: Iterable[str], max_incoming: int
) -> Description:
    """Describe ``document``, which describes the IRIs ``subjects`` (see :mod:`.index`)."""
    described = tuple(subjects)
    found: dict[tuple, Statement] = {}
    truncated = False
    for iri in described:
        node = ox.NamedNode(iri)
        _add(found, _outgoing(store, node))
        incoming = list(islice(_incoming(store, node), max_incoming + 1))
        truncated |= len(incoming) > max_incoming
        _add(found, incoming[:max_incoming])
    _close_blank_nodes(store, found)
    own = set(described)
    for iri in sorted(_linked(found.values()) - own, key=str):
        _add(found, _labels(store, iri))
    ordered = sorted(
        found.values(),
        key=lambda s: (s.role, str(s.subject), str(s.predicate), str(s.object), str(s.graph)),
    )
    return Description(document, described, tuple(ordered), truncated)


def _add(found: dict[tuple, Statement], statements: Iterable[Statement]) -> None:
    for s in statements:
        found.setdefault((s.subject, s.predicate, s.object, s.graph), s)


def _outgoing(store: Store, node: Node) -> Iterable[Statement]:
    for row in store.query(_OUT, bindings={"this": node}):
        yield Statement(node, row["p"], row["o"], row["g"], "out")


def _incoming(store: Store, node: ox.NamedNode) -> Iterable[Statement]:
    for row in store.query(_IN, bindings={"this": node}):
        yield Statement(row["s"], row["p"], node, row["g"], "in")


def _labels(store: Store, iri: str) -> Iterable[Statement]:
    node = ox.NamedNode(iri)
    for row in store.query(_LABELS, bindings={"this": node}):
        yield Statement(node, row["p"], row["o"], row["g"], "label")


def _close_blank_nodes(store: Store, found: dict[tuple, Statement]) -> None:
    """Add the statements of every blank node reached (at most MAX_BLANK_NODES of them)."""
    done: set[ox.BlankNode] = set()
    pending = _blank_nodes(found.values())
    while pending and len(done) < MAX_BLANK_NODES:
        node = pending.pop()
        done.add(node)
        statements = list(_outgoing(store, node))
        _add(found, statements)
        pending |= _blank_nodes(statements) - done


def _blank_nodes(statements: Iterable[Statement]) -> set[ox.BlankNode]:
    nodes: set[ox.BlankNode] = set()
    for s in statements:
        nodes.update(t for t in (s.subject, s.object) if isinstance(t, ox.BlankNode))
    return nodes


def _linked(statements: Iterable[Statement]) -> set[str]:
    """The IRIs the statements link to: objects, subjects, predicates and graphs."""
    linked: set[str] = set()
    for s in statements:
        for term in (s.subject, s.predicate, s.object, s.graph):
            if isinstance(term, ox.NamedNode):
                linked.add(term.value)
    return linked
