"""Substituting bound variables into query text, for engines that cannot pre-bind.

pyoxigraph binds variables through ``substitutions`` (SEP-0007); a remote SPARQL
endpoint cannot, so for it each occurrence of a bound variable is replaced by its term,
written by pyoxigraph from a validated RDF term (never request text), with the shape the
grammar wants where it stands: ``(term AS ?var)`` in a projection, ``(term)`` in GROUP
BY and ORDER BY, the bare term everywhere else.  The token stream is the gate's
(:mod:`emmd_kg.rdf.sparql_lexer`), so strings, IRIs and comments are never touched.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..rdf.sparql_lexer import decode_escapes, tokens
from .base import Term

_PROJECTION_ENDS = {"WHERE", "FROM"}


def substitute(query: str, bindings: Mapping[str, Term]) -> str:
    """``query`` with every bound variable replaced by its term."""
    if not bindings:
        return query
    text = decode_escapes(query)
    terms = {name: str(term) for name, term in bindings.items()}
    out: list[str] = []
    last = 0
    place = "body"  # "projection" after SELECT, "condition" after GROUP BY / ORDER BY
    for match in tokens(text):
        kind = match.lastgroup
        assert kind is not None  # every alternative of the token pattern is a named group
        token = match[kind]
        word = token.upper() if kind == "word" else ""
        if word == "SELECT":
            place = "projection"
        elif word in ("GROUP", "ORDER"):
            place = "condition"
        elif (place == "projection" and word in _PROJECTION_ENDS) or token == "{":
            place = "body"
        elif word in ("HAVING", "LIMIT", "OFFSET", "VALUES") or token == "}":
            place = "body"
        if kind != "var" or token[1:] not in terms:
            continue
        term = terms[token[1:]]
        if place == "projection":
            replacement = f"({term} AS ?{token[1:]})"
        elif place == "condition":
            replacement = f"({term})"
        else:
            replacement = term
        out.append(text[last : match.start(kind)])
        out.append(replacement)
        last = match.end(kind)
    out.append(text[last:])
    return "".join(out)
