"""Reasoning: owlrl over the curated axioms, returning only the inferences worth keeping.

owlrl runs over the ontology and the part of the data its axioms can touch (triples
whose predicate an axiom mentions, and ``rdf:type``); labels and descriptions never
reach it, which keeps it fast at scale.  Its output is filtered by an allow-list: the
properties the axioms mention and ``rdf:type`` to classes outside RDF/RDFS/OWL; never a
literal subject, a blank node, ``owl:sameAs`` or a reflexive triple: the noise owlrl emits
even from a curated axiom set.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator

import owlrl
import pyoxigraph as ox
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import BuildError
from ..rdf.convert import rdflib_graph, to_oxigraph, to_rdflib
from ..sources import Triple
from .rules import closure

SCHEMA_PREDICATES = {OWL.inverseOf, RDFS.subPropertyOf, OWL.equivalentProperty}
PROPERTY_TYPES = {OWL.TransitiveProperty, OWL.SymmetricProperty}
SYSTEM_NAMESPACES = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")


def axiom_properties(ontology: rdflib.Graph) -> set[rdflib.URIRef]:
    """The properties the ontology's axioms say something about."""
    found: set[rdflib.URIRef] = set()
    for predicate in SCHEMA_PREDICATES:
        for s, o in ontology.subject_objects(predicate):
            found.update(t for t in (s, o) if isinstance(t, rdflib.URIRef))
    for kind in PROPERTY_TYPES:
        found.update(s for s in ontology.subjects(RDF.type, kind) if isinstance(s, rdflib.URIRef))
    return found


def _keep(triple: tuple, allowed: set[rdflib.URIRef]) -> bool:
    s, p, o = triple
    if not isinstance(s, rdflib.URIRef) or isinstance(o, rdflib.BNode) or s == o:
        return False
    if p == RDF.type:
        return isinstance(o, rdflib.URIRef) and not str(o).startswith(SYSTEM_NAMESPACES)
    return p in allowed


class _Budget:
    """Interrupts reasoning past ``seconds`` (only possible from the main thread)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.active = threading.current_thread() is threading.main_thread() and seconds > 0

    def _expired(self, signum, frame):
        raise BuildError(
            f"reasoning took longer than its budget of {self.seconds:g} s "
            '(for large data set reasoner = "rules", or raise reasoning_budget)'
        )

    def __enter__(self) -> None:
        if self.active:
            self._previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)


def infer(
    ontology: Iterable[Triple], data: Iterable[Triple], budget: float, reasoner: str = "owlrl"
) -> list[Triple]:
    """The inferred triples (not already asserted) that pass the allow-list, sorted.

    ``reasoner`` is ``"owlrl"`` (the reference) or ``"rules"`` (the same closure for the
    curated axiom patterns, computed by :mod:`.rules` on pyoxigraph, for large data).
    """
    if reasoner == "rules":
        return _infer_with_rules(list(ontology), list(data), budget)
    if reasoner != "owlrl":
        raise BuildError(f"setting 'reasoner': expected owlrl or rules, got {reasoner!r}")
    schema = rdflib_graph(ontology)
    allowed = axiom_properties(schema)
    touched = [
        t for t in data if rdflib.URIRef(t[1].value) in allowed or t[1].value == str(RDF.type)
    ]
    graph = schema + rdflib_graph(touched)
    asserted = set(graph)
    with _Budget(budget):
        owlrl.DeductiveClosure(
            owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
        ).expand(graph)
    # Every triple the allow-list admits has an allowed predicate or rdf:type, and all
    # asserted triples of that kind were given to owlrl: ``asserted`` is the whole check.
    fresh = (t for t in graph if t not in asserted and _keep(t, allowed))
    return sorted(_to_ox(fresh), key=lambda t: (t[0].value, t[1].value, str(t[2])))


def _infer_with_rules(ontology: list[Triple], data: list[Triple], budget: float) -> list[Triple]:
    allowed = {str(p) for p in axiom_properties(rdflib_graph(ontology))}
    touched = [t for t in data if t[1].value in allowed or t[1].value == str(RDF.type)]
    asserted = set(touched)
    with _Budget(budget):
        entailed = closure(ontology, touched)
    keep = {rdflib.URIRef(p) for p in allowed}
    fresh = [t for t in entailed - asserted if _keep(tuple(to_rdflib(x) for x in t), keep)]
    return sorted(fresh, key=lambda t: (t[0].value, t[1].value, str(t[2])))


def _to_ox(triples: Iterable[tuple[rdflib.term.Node, ...]]) -> Iterator[Triple]:
    """Kept inferences as pyoxigraph triples (``_keep`` admits IRI subjects only)."""
    for s, p, o in triples:
        yield ox.NamedNode(str(s)), ox.NamedNode(str(p)), to_oxigraph(o)
