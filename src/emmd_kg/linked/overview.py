"""The two overview pictures of the home page, chosen from the data by vocabulary.

**Organisation tree.**  Its edges are ``org:subOrganizationOf`` (the hierarchy),
``org:memberOf`` (memberships) and every property declared ``rdfs:subPropertyOf+
org:linkedTo`` outside the ORG namespace (partnerships such as a project's own
"partner of").  The hierarchy's roots are the organisations that are no one's
sub-organisation; organisations outside the hierarchy (a hub and the networks it
belongs to) form a row of their own.

**Responsibility matrix.**  Rows are the concepts of one SKOS scheme, columns the
instances of one class, and a cell names the organisations below the column's
organisation (``org:subOrganizationOf+``) whose ``org:purpose`` maps to the row's concept
(``skos:closeMatch``, ``exactMatch``, ``broadMatch`` or ``narrowMatch``), each with its
own wording.  Unless configured (settings ``matrix_scheme``, ``matrix_class``), the
scheme is the one most organisations' purposes map into (from another scheme), and the
class is the most specific class of the organisations those organisations are
sub-organisations of.  Nothing here names an organisation or a scheme of the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES
from ..store.base import Store

_HEAD = "\n".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in ("org", "rdfs", "skos")) + "\n"
_MATCH = "skos:closeMatch|skos:exactMatch|skos:broadMatch|skos:narrowMatch"
TREE = (
    _HEAD
    + """
SELECT ?a ?relation ?b WHERE {
  { ?a org:subOrganizationOf ?b BIND("hierarchy" AS ?relation) }
  UNION { ?a org:memberOf ?b BIND("member" AS ?relation) }
  UNION {
    ?p rdfs:subPropertyOf+ org:linkedTo . ?a ?p ?b
    FILTER(!STRSTARTS(STR(?p), STR(org:)))
    BIND("partner" AS ?relation)
  }
  FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b)
}"""
)
SCHEME = (
    _HEAD
    + f"""
SELECT ?scheme (COUNT(DISTINCT ?organisation) AS ?n) WHERE {{
  ?organisation org:purpose ?wording .
  ?wording {_MATCH} ?concept .
  ?concept skos:inScheme ?scheme .
  FILTER NOT EXISTS {{ ?wording skos:inScheme ?scheme }}
}} GROUP BY ?scheme ORDER BY DESC(?n) STR(?scheme) LIMIT 1"""
)
CLASS = (
    _HEAD
    + f"""
SELECT ?scheme ?class (COUNT(DISTINCT ?column) AS ?hits) (COUNT(DISTINCT ?other) AS ?size)
WHERE {{
  ?organisation org:purpose/({_MATCH})/skos:inScheme ?scheme ;
                org:subOrganizationOf ?column .
  ?column a ?class .
  ?other a ?class .
}} GROUP BY ?scheme ?class ORDER BY DESC(?hits) ?size STR(?class) LIMIT 1"""
)
ROWS = _HEAD + "SELECT ?scheme ?concept WHERE { ?concept skos:inScheme ?scheme }"
COLUMNS = "SELECT ?class ?column WHERE { ?column a ?class }"
CELLS = (
    _HEAD
    + f"""
SELECT ?scheme ?class ?concept ?column ?organisation ?wording WHERE {{
  ?concept skos:inScheme ?scheme .
  ?column a ?class .
  ?organisation org:subOrganizationOf+ ?column ; org:purpose ?wording .
  ?wording {_MATCH} ?concept .
}}"""
)
NAMES = (
    _HEAD
    + """
SELECT ?this ?p ?name WHERE {
  VALUES ?p { skos:prefLabel rdfs:label skos:altLabel }
  ?this ?p ?name
}"""
)


@dataclass(frozen=True)
class Edge:
    """One relation of the tree: ``source`` → ``target``, ``kind`` hierarchy/member/partner."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class Cell:
    """One responsible organisation in a matrix cell, with its own wording."""

    organisation: str
    wording: str


@dataclass(frozen=True)
class Matrix:
    """Rows (concepts), columns (organisations) and cells keyed by (row, column)."""

    scheme: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], tuple[Cell, ...]]


def tree_edges(store: Store) -> list[Edge]:
    """Every edge of the organisation tree, sorted."""
    edges = {Edge(r["a"].value, r["b"].value, r["relation"].value) for r in store.query(TREE)}
    return sorted(edges, key=lambda e: (e.kind, e.source, e.target))


def matrix(store: Store, scheme: str = "", cls: str = "") -> Matrix | None:
    """The responsibility matrix, or None if the data has no such mapping."""
    if not scheme:
        best = next(iter(store.query(SCHEME)), None)
        if best is None:
            return None
        scheme = best["scheme"].value
    bound = {"scheme": ox.NamedNode(scheme)}
    if not cls:
        best = next(iter(store.query(CLASS, bindings=bound)), None)
        if best is None:
            return None
        cls = best["class"].value
    bound["class"] = ox.NamedNode(cls)
    rows = {r["concept"].value for r in store.query(ROWS, bindings={"scheme": bound["scheme"]})}
    columns = {r["column"].value for r in store.query(COLUMNS, bindings={"class": bound["class"]})}
    cells: dict[tuple[str, str], set[Cell]] = {}
    for r in store.query(CELLS, bindings=bound):
        key = (r["concept"].value, r["column"].value)
        cells.setdefault(key, set()).add(Cell(r["organisation"].value, r["wording"].value))
    return Matrix(
        scheme,
        tuple(sorted(rows)),
        tuple(sorted(columns)),
        {
            key: tuple(sorted(found, key=lambda c: (c.organisation, c.wording)))
            for key, found in cells.items()
        },
    )


def names(store: Store, iris: set[str]) -> dict[str, dict[str, dict[str, list[str]]]]:
    """``{iri: {language: {"pref"|"alt": [names]}}}`` for ``iris`` (labels and acronyms)."""
    out: dict[str, dict[str, dict[str, list[str]]]] = {}
    for iri in sorted(iris):
        by_lang: dict[str, dict[str, list[str]]] = {}
        for r in store.query(NAMES, bindings={"this": ox.NamedNode(iri)}):
            literal = r["name"]
            kind = "alt" if r["p"].value.endswith("altLabel") else "pref"
            by_lang.setdefault(literal.language or "", {}).setdefault(kind, []).append(
                literal.value
            )
        out[iri] = by_lang
    return out
