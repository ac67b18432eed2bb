"""Reading trusted query files: IRIs moved to the configured base, the query form, terms.

These helpers read the text of the project's own ``.rq`` files (never a request) on the
tokens of :mod:`emmd_kg.rdf.sparql_lexer`, which tell strings, comments and IRIs apart:
IRIs move from the source base to the configured base, and a top-level ``ORDER BY`` is
found in code only (the query form is :func:`~emmd_kg.rdf.sparql_lexer.query_form`).
Expected answers in examples are Turtle terms, parsed by pyoxigraph with the query's
prefixes.

>>> rebase_query('ASK { <https://a/x> ?p "https://a/y" }', "https://a/", "https://b/")
'ASK { <https://b/x> ?p "https://a/y" }'
>>> has_top_level_order("SELECT ?s { { SELECT ?s {} ORDER BY ?s } } # ORDER BY ?s")
False
>>> has_top_level_order("SELECT ?s { ?s ?p '}' } ORDER BY ?s")
True
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..rdf.sparql_lexer import tokens
from ..store.base import Term

_PREFIX = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>")
_SUBJECT, _PREDICATE = "<urn:emmd-kg:s>", "<urn:emmd-kg:p>"


def rebase_iri(iri: str, source_base: str, base: str) -> str:
    """``iri`` moved from the source base to ``base`` (unchanged if not under it)."""
    if source_base != base and iri.startswith(source_base):
        return base + iri[len(source_base) :]
    return iri


def rebase_query(text: str, source_base: str, base: str) -> str:
    """SPARQL ``text`` with every IRI reference under the source base moved to ``base``."""
    if source_base == base:
        return text
    out: list[str] = []
    last = 0
    for match in tokens(text):
        if match.lastgroup == "iri":
            start, end = match.span("iri")
            iri = rebase_iri(text[start + 1 : end - 1], source_base, base)
            out += (text[last:start], "<", iri, ">")
            last = end
    out.append(text[last:])
    return "".join(out)


def has_top_level_order(text: str) -> bool:
    """True if SPARQL ``text`` has an ``ORDER BY`` outside every group (the query's own)."""
    depth = 0
    for match in tokens(text):
        kind = match.lastgroup
        if kind == "bracket":
            token = match["bracket"]
            depth += 1 if token == "{" else -1 if token == "}" else 0
        elif kind == "word" and depth == 0 and match["word"].upper() == "ORDER":
            return True
    return False


def prefixes_of(text: str) -> dict[str, str]:
    """The prefixes a query declares (``PREFIX p: <iri>``)."""
    return {m[1] or "": m[2] for m in _PREFIX.finditer(text)}


def _move_iri(node: ox.NamedNode, source_base: str, base: str) -> ox.NamedNode:
    return ox.NamedNode(rebase_iri(node.value, source_base, base))


def _move(term: Term | ox.Triple, source_base: str, base: str) -> Term | ox.Triple:
    if isinstance(term, ox.NamedNode):
        return _move_iri(term, source_base, base)
    if isinstance(term, ox.Literal) and not term.language and term.value.startswith(source_base):
        return ox.Literal(rebase_iri(term.value, source_base, base), datatype=term.datatype)
    return term


def _parse(statement: str, prefixes: dict[str, str]) -> ox.Triple:
    declarations = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())
    quads = list(ox.parse(declarations + statement + " .\n", format=ox.RdfFormat.TURTLE))
    if len(quads) != 1:
        raise ValueError(f"expected one term or triple, got {statement!r}")
    return quads[0].triple


def parse_term(
    text: str, prefixes: dict[str, str], source_base: str, base: str
) -> Term | ox.Triple:
    """The term written ``text`` in Turtle (``ex:a``, ``<iri>``, ``"x"@de``, ``42``)."""
    triple = _parse(f"{_SUBJECT} {_PREDICATE} {text}", prefixes)
    return _move(triple.object, source_base, base)


def parse_triple(text: str, prefixes: dict[str, str], source_base: str, base: str) -> ox.Triple:
    """The triple written ``text`` in Turtle (without the final dot)."""
    triple = _parse(text, prefixes)
    subject = triple.subject
    if isinstance(subject, ox.NamedNode):
        subject = _move_iri(subject, source_base, base)
    predicate = _move_iri(triple.predicate, source_base, base)
    return ox.Triple(subject, predicate, _move(triple.object, source_base, base))
