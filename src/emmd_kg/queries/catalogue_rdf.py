"""The catalogue as RDF, in the named graph ``{base}graph/queries`` and at ``/queries``.

Vocabulary (standard terms only, no SPIN):

- the catalogue ``{base}queries`` is a ``dcat:Catalog`` whose ``dcat:service`` are the
  queries;
- each query ``{base}queries/{name}`` is a ``dcat:DataService`` (its ``dcat:endpointURL``
  is itself, ``dcat:endpointDescription`` the OpenAPI document, ``dcat:servesDataset`` the
  dataset) and a SHACL-AF executable (``sh:SPARQLSelectExecutable`` with ``sh:select``,
  or ``sh:SPARQLAskExecutable`` / ``sh:SPARQLConstructExecutable``), with ``dct:title``,
  ``dct:description``, ``dcat:keyword`` per tag, ``dcat:version`` (the file's hash) and a
  ``skos:example`` link per example run;
- each parameter ``{query}#parameter-{name}`` is an ``sh:Parameter`` (``sh:path``
  ``{query}#{name}``, whose local name is the variable, as SHACL-AF has it) with
  ``sh:name``, ``sh:description``, ``sh:order``, ``sh:optional``, ``sh:maxCount 1``
  unless multi-valued, ``sh:nodeKind sh:IRI`` or ``sh:datatype``, ``sh:class``,
  ``sh:pattern`` (namespace), ``sh:minInclusive`` / ``sh:maxInclusive``,
  ``sh:maxLength``, ``sh:defaultValue`` and ``sh:in`` (a list whose nodes are IRIs
  ``{parameter}-in-{n}``, so the graph has no blank nodes and the build stays
  deterministic).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES
from .params import XSD, Parameter, to_term
from .saved import Catalogue, SavedQuery

SH, DCAT, DCT, RDF = PREFIXES["sh"], PREFIXES["dcat"], PREFIXES["dct"], PREFIXES["rdf"]
SKOS = PREFIXES["skos"]
EXECUTABLE = {
    "SELECT": "SPARQLSelectExecutable",
    "ASK": "SPARQLAskExecutable",
    "CONSTRUCT": "SPARQLConstructExecutable",
}
DATATYPE = {
    "string": XSD + "string",
    "langString": RDF + "langString",
    "integer": XSD + "integer",
    "decimal": XSD + "decimal",
    "date": XSD + "date",
    "boolean": XSD + "boolean",
    "language": XSD + "string",
}

Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _texts(texts: dict[str, str]) -> list[ox.Literal]:
    return [
        ox.Literal(text, language=lang) if lang else ox.Literal(text)
        for lang, text in sorted(texts.items())
    ]


def query_iri(base: str, name: str) -> str:
    """The IRI of the saved query ``name`` (also its URL when served under the base)."""
    return f"{base}queries/{name}"


def example_iri(base: str, query: SavedQuery, number: int) -> str:
    """The IRI (and URL) of a run of ``query`` with the parameters of its example."""
    pairs = [(n, v) for n, values in query.examples[number].parameters.items() for v in values]
    iri = query_iri(base, query.name)
    return f"{iri}?{urlencode(pairs)}" if pairs else iri


def _in_list(node: str, terms: list) -> list[Triple]:
    """An RDF list of ``terms`` whose cells are IRIs ``{node}-in-{n}``."""
    cells = [_n(f"{node}-in-{n}") for n in range(len(terms))]
    out: list[Triple] = []
    for number, (cell, term) in enumerate(zip(cells, terms, strict=True)):
        rest = cells[number + 1] if number + 1 < len(cells) else _n(RDF + "nil")
        out += [(cell, _n(RDF + "first"), term), (cell, _n(RDF + "rest"), rest)]
    return out


def _parameter(query: str, order: int, param: Parameter) -> list[Triple]:
    node = f"{query}#parameter-{param.name}"
    s = _n(node)
    out: list[Triple] = [
        (_n(query), _n(SH + "parameter"), s),
        (s, _n(RDF + "type"), _n(SH + "Parameter")),
        (s, _n(SH + "path"), _n(f"{query}#{param.name}")),
        (s, _n(SH + "name"), ox.Literal(param.label or param.name)),
        (s, _n(SH + "order"), ox.Literal(str(order), datatype=_n(XSD + "integer"))),
        (
            s,
            _n(SH + "optional"),
            ox.Literal("false" if param.required else "true", datatype=_n(XSD + "boolean")),
        ),
    ]
    if param.description:
        out.append((s, _n(SH + "description"), ox.Literal(param.description)))
    if not param.multiple:
        out.append((s, _n(SH + "maxCount"), ox.Literal("1", datatype=_n(XSD + "integer"))))
    if param.type == "iri":
        out.append((s, _n(SH + "nodeKind"), _n(SH + "IRI")))
    else:
        out.append((s, _n(SH + "datatype"), _n(DATATYPE[param.type])))
    if param.class_iri:
        out.append((s, _n(SH + "class"), _n(param.class_iri)))
    if param.namespace:
        out.append((s, _n(SH + "pattern"), ox.Literal("^" + re.escape(param.namespace))))
    for key, bound in (("minInclusive", param.minimum), ("maxInclusive", param.maximum)):
        if bound is not None:
            out.append((s, _n(SH + key), to_term(param, bound)))
    if param.type in ("string", "langString"):
        out.append(
            (
                s,
                _n(SH + "maxLength"),
                ox.Literal(str(param.max_length), datatype=_n(XSD + "integer")),
            )
        )
    out += [(s, _n(SH + "defaultValue"), to_term(param, value)) for value in param.default]
    if param.allowed:
        terms = [to_term(param, value) for value, _ in param.allowed]
        out.append((s, _n(SH + "in"), _n(f"{node}-in-0")))
        out += _in_list(node, terms)
    return out


def describe_query(base: str, query: SavedQuery) -> list[Triple]:
    """The triples describing one saved query and its parameters."""
    iri = query_iri(base, query.name)
    q = _n(iri)
    out: list[Triple] = [
        (q, _n(RDF + "type"), _n(DCAT + "DataService")),
        (q, _n(RDF + "type"), _n(SH + EXECUTABLE[query.form])),
        (q, _n(DCT + "identifier"), ox.Literal(query.name)),
        (q, _n(DCAT + "endpointURL"), q),
        (q, _n(DCAT + "endpointDescription"), _n(f"{base}openapi.json")),
        (q, _n(DCAT + "servesDataset"), _n(f"{base}dataset")),
        (q, _n(DCAT + "version"), ox.Literal(query.version)),
        (q, _n(DCT + "conformsTo"), _n("https://www.w3.org/TR/sparql11-query/")),
        (q, _n(SH + query.form.lower()), ox.Literal(query.text)),
    ]
    out += [(q, _n(DCT + "title"), text) for text in _texts(query.title)]
    out += [(q, _n(DCT + "description"), text) for text in _texts(query.description)]
    out += [(q, _n(DCAT + "keyword"), ox.Literal(tag)) for tag in query.tags]
    out += [
        (q, _n(SKOS + "example"), _n(example_iri(base, query, n)))
        for n in range(len(query.examples))
    ]
    for order, param in enumerate(query.parameters):
        out += _parameter(iri, order, param)
    return out


def describe(base: str, catalogue: Catalogue) -> list[Triple]:
    """The triples describing the catalogue and every query in it."""
    node = _n(f"{base}queries")
    out: list[Triple] = [
        (node, _n(RDF + "type"), _n(DCAT + "Catalog")),
        (node, _n(DCT + "title"), ox.Literal("Saved queries", language="en")),
        (node, _n(DCT + "title"), ox.Literal("Gespeicherte Abfragen", language="de")),
        (
            node,
            _n(DCT + "description"),
            ox.Literal(
                "Parameterised SPARQL queries over the dataset, runnable over HTTP and the CLI.",
                language="en",
            ),
        ),
    ]
    for query in catalogue:
        out.append((node, _n(DCAT + "service"), _n(query_iri(base, query.name))))
        out += describe_query(base, query)
    return out
