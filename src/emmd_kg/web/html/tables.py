"""SPARQL answers as the rows of an HTML table, every cell made readable by
:mod:`.terms` (labels, compact names, notes, links that stay on this server)."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

from ..state import Served
from .terms import Term, term_view


def _binding_term(binding: dict[str, str] | None) -> Term | None:
    if binding is None:
        return None
    kind = {"uri": "uri", "bnode": "bnode"}.get(binding["type"], "literal")
    return Term(kind, binding["value"], binding.get("xml:lang"), binding.get("datatype"))


def _ox_term(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    assert isinstance(term, ox.Literal)
    return Term("literal", term.value, term.language, term.datatype.value)


def table(body: bytes, served: Served, lang: str) -> dict[str, Any]:
    """A SPARQL JSON answer as the template's table: variables, rows of cells, boolean."""
    data = json.loads(body)
    names = data["head"].get("vars", [])
    terms = [
        [_binding_term(binding.get(name)) for name in names]
        for binding in data.get("results", {}).get("bindings", [])
    ]
    return _laid_out(names, terms, served, lang, data.get("boolean"))


def graph_table(body: bytes, served: Served, lang: str) -> dict[str, Any]:
    """An N-Triples answer as a table of subject, predicate and object."""
    triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
    terms: list[list[Term | None]] = [
        [_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)] for t in triples
    ]
    return _laid_out(["subject", "predicate", "object"], terms, served, lang, None)


def _laid_out(
    names: list[str], terms: list[list[Term | None]], served: Served, lang: str, boolean: Any
) -> dict[str, Any]:
    view = term_view(served, lang, (t for row in terms for t in row if t is not None))
    rows = [[view.cell(t) for t in row] for row in terms]
    return {"variables": names, "rows": rows, "boolean": boolean}
