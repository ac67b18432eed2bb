"""What reconciliation asks of the graph: types, properties, their names and values.

Reconciliation finds candidates in the full-text index; everything else it says about
them comes from the store: the classes a query may name (with their names and instance
counts), whether a property exists, the properties used by the instances of a type,
and the values of a property of an entity (an IRI with its names, or a literal).
The queries are fixed texts; every IRI from a request is pre-bound through the
engine (``bindings``), never pasted into the text.  What does not change within a
dataset version (classes, names, proposals, known properties) is kept per instance;
the web layer holds one instance per served version.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pyoxigraph as ox

from ..rdf.labels import choose
from ..rdf.namespaces import PREFIXES
from ..store.base import Store, Term

NAME_PREDICATES = (
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["rdfs"] + "label",
    PREFIXES["skos"] + "altLabel",
    PREFIXES["skos"] + "notation",
)
"""The predicates whose values name a thing, most preferred first."""

_RANKED_NAMES = " ".join(f"(<{p}> {n})" for n, p in enumerate(NAME_PREDICATES))
_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class FILTER(isIRI(?class)) }
GROUP BY ?class ORDER BY DESC(?n) ?class"""
_NAMES = f"""
SELECT ?this ?name ?rank WHERE {{ VALUES (?p ?rank) {{ {_RANKED_NAMES} }} ?this ?p ?name }}"""
_DESCRIPTION = """
SELECT ?this ?text WHERE {
  VALUES ?p {
    <http://purl.org/dc/terms/description> <http://www.w3.org/2004/02/skos/core#definition>
  }
  ?this ?p ?text
}"""
_HAS_PROPERTY = "ASK { ?s ?p ?o }"
_IS_CLASS = "ASK { ?s a ?class }"
_PREDICATES = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"
_PROPOSALS = """
SELECT ?class ?p (COUNT(*) AS ?n) WHERE { ?s a ?class ; ?p ?o }
GROUP BY ?class ?p ORDER BY DESC(?n) ?p"""
_VALUES = f"""
SELECT ?this ?p ?o ?name ?rank WHERE {{
  ?this ?p ?o
  OPTIONAL {{ VALUES (?np ?rank) {{ {_RANKED_NAMES} }} ?o ?np ?name FILTER(isIRI(?o)) }}
}}"""
_TYPES = "SELECT ?this ?class WHERE { ?this a ?class FILTER(isIRI(?class)) } ORDER BY ?class"


@dataclass(frozen=True)
class Value:
    """One value of a property of an entity: a literal, or an IRI with its names
    as (language, text, rank) triples, best rank first."""

    term: Term
    names: tuple[tuple[str, str, int], ...] = ()

    def name(self, lang: str) -> str | None:
        """The name to show in ``lang`` of an IRI value (None for a nameless one)."""
        best = min((rank for _, _, rank in self.names), default=None)
        return choose(((la, t) for la, t, r in self.names if r == best), lang)


class GraphFacts:
    """The graph as reconciliation sees it, for one store (one dataset version)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._classes: dict[str, int] | None = None
        self._predicates: tuple[str, ...] | None = None
        self._names: dict[str, tuple[tuple[str, str, int], ...]] = {}
        self._known: dict[str, bool] = {}
        self._proposals: dict[str, tuple[str, ...]] = {}

    def classes(self) -> dict[str, int]:
        """Every class with instances → how many, most instances first."""
        if self._classes is None:
            rows = self.store.query(_CLASSES)
            found = {row["class"].value: int(row["n"].value) for row in rows}
            with self._lock:
                self._classes = found
        return self._classes

    def is_class(self, iri: str) -> bool:
        """Whether ``iri`` is a class with instances."""
        return iri in self.classes()

    def has_property(self, iri: str) -> bool:
        """Whether some statement uses the property ``iri``."""
        known = self._known.get(iri)
        if known is None:
            node = ox.NamedNode(iri)
            known = self.store.query(_HAS_PROPERTY, bindings={"p": node}).boolean
            with self._lock:
                self._known[iri] = known
        return known

    def predicates(self) -> tuple[str, ...]:
        """Every property the graph uses."""
        if self._predicates is None:
            found = tuple(sorted(row["p"].value for row in self.store.query(_PREDICATES)))
            with self._lock:
                self._predicates = found
        return self._predicates

    def names(self, iri: str) -> tuple[tuple[str, str, int], ...]:
        """The names of ``iri`` as (language, text, rank), best rank first."""
        found = self._names.get(iri)
        if found is None:
            rows = self.store.query(_NAMES, bindings={"this": ox.NamedNode(iri)})
            found = tuple(
                sorted(
                    (
                        (r["name"].language or "", r["name"].value, int(r["rank"].value))
                        for r in rows
                    ),
                    key=lambda n: (n[2], n[0], n[1]),
                )
            )
            with self._lock:
                if len(self._names) < 100_000:
                    self._names[iri] = found
        return found

    def name(self, iri: str, lang: str) -> str:
        """What ``iri`` is called in ``lang`` (its best-ranked name), else its local name."""
        value = Value(ox.NamedNode(iri), self.names(iri)).name(lang)
        return value if value is not None else local_name(iri)

    def description(self, iri: str, lang: str) -> str | None:
        """The description or definition of ``iri`` in ``lang``."""
        rows = self.store.query(_DESCRIPTION, bindings={"this": ox.NamedNode(iri)})
        return choose(sorted((r["text"].language or "", r["text"].value) for r in rows), lang)

    def types(self, iri: str) -> tuple[str, ...]:
        """The classes ``iri`` is an instance of (asserted and inferred)."""
        rows = self.store.query(_TYPES, bindings={"this": ox.NamedNode(iri)})
        return tuple(row["class"].value for row in rows)

    def proposals(self, class_iri: str) -> tuple[str, ...]:
        """The properties the instances of ``class_iri`` use, most used first."""
        found = self._proposals.get(class_iri)
        if found is None:
            rows = self.store.query(_PROPOSALS, bindings={"class": ox.NamedNode(class_iri)})
            found = tuple(row["p"].value for row in rows)
            with self._lock:
                self._proposals[class_iri] = found
        return found

    def values(self, iri: str, prop: str) -> list[Value]:
        """The values of ``prop`` on ``iri``, in a stable order, each IRI with its names."""
        bindings = {"this": ox.NamedNode(iri), "p": ox.NamedNode(prop)}
        gathered: dict[Term, list[tuple[str, str, int]]] = {}
        for row in self.store.query(_VALUES, bindings=bindings):
            names = gathered.setdefault(row["o"], [])
            if row["name"] is not None:
                names.append(
                    (row["name"].language or "", row["name"].value, int(row["rank"].value))
                )
        return [
            Value(term, tuple(sorted(names, key=lambda n: (n[2], n[0], n[1]))))
            for term, names in sorted(gathered.items(), key=lambda item: str(item[0]))
        ]


def local_name(iri: str) -> str:
    """The last segment of ``iri`` (after ``#`` or ``/``), or the IRI itself.

    >>> local_name("http://www.w3.org/ns/org#subOrganizationOf")
    'subOrganizationOf'
    """
    tail = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return tail or iri
