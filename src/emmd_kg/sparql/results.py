"""Serialise one query answer to bytes in one :class:`~emmd_kg.rdf.formats.Format`.

The row cap is applied while reading: at most ``max_rows + 1`` solutions (or triples)
are taken from the engine, so a huge answer never sits in memory, and when there were
more the first ``max_rows`` are written and ``Rendered.truncated`` is set (the web layer
turns it into ``Result-Truncated: true``).  The body says so too where the format has a
place for it:

- SPARQL JSON: ``head.link`` holds :data:`TRUNCATED_LINK` (the spec's member for
  links to metadata) and a top-level ``"truncated": true`` sits before ``results``
  (standard parsers, pyoxigraph's and rdflib's included, ignore it there);
- SPARQL XML: a ``<link href>`` with :data:`TRUNCATED_LINK` in ``<head>``;
- Turtle, TriG, N-Triples, N-Quads, RDF/XML: a comment at the top;
- CSV, TSV and JSON-LD have no such place: the HTTP header is the only signal.

SELECT answers are written here, to the W3C specs (JSON: ``datatype``, ``xml:lang``,
``bnode``; CSV: plain values, CRLF, RFC 4180 quoting; TSV: N-Triples terms with
integers, decimals, doubles and booleans abbreviated when their lexical form is valid
Turtle).  Blank-node labels are renumbered ``b0, b1, …`` per answer.  ASK answers are
written by pyoxigraph (CSV and TSV: the bare word ``true`` or ``false``, as Oxigraph and
Fuseki do).  Graphs are written by pyoxigraph, except JSON-LD with a context, which is
compacted against that context by :func:`emmd_kg.rdf.jsonld.compact` (pyld, with every
document fetch refused); without a context JSON-LD comes out expanded.
HTML is not written here: the web layer renders it from JSON results or a graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from ..rdf.formats import Format
from ..rdf.jsonld import compact
from ..store.base import QueryResult

TRUNCATED_LINK = "urn:emmd-kg:result-truncated"
"""The link an answer cut at the row cap carries in its head (JSON and XML)."""

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_TURTLE_NUMBER = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
# XML 1.0 cannot carry most C0 controls, even as references: they become U+FFFD.
_XML_INVALID: dict[str | int, str] = {c: "\ufffd" for c in range(32) if c not in (9, 10, 13)}
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"} | _XML_INVALID)
_XML_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;"} | _XML_INVALID)


@dataclass(frozen=True)
class Rendered:
    """An answer ready to send: bytes, their media type and how much was written."""

    body: bytes
    media_type: str
    truncated: bool
    """True if the answer had more than ``max_rows`` rows (or triples)."""
    rows: int
    """Solutions or triples written (an ASK answer counts as 1)."""
    version: str | None = None
    """The dataset version the answer was computed from (set by the executor)."""


def render(
    result: QueryResult | Iterable[ox.Triple],
    fmt: Format,
    max_rows: int,
    *,
    prefixes: dict[str, str] | None = None,
    jsonld_context: dict | None = None,
) -> Rendered:
    """Write ``result`` in ``fmt``, cut at ``max_rows``; ``fmt`` must fit the result's kind.

    ``result`` is a store's answer, or any iterable of triples (a graph).
    """
    if not isinstance(result, QueryResult):
        result = QueryResult.of_triples(result)
    if result.kind == "boolean":
        _require(fmt, "results")
        assert isinstance(result.native, ox.QueryBoolean)
        assert isinstance(fmt.ox_format, ox.QueryResultsFormat)
        body = result.native.serialize(format=fmt.ox_format)
        assert body is not None  # written to no output: returned
        return Rendered(body, fmt.media_type, False, 1)
    if result.kind == "solutions":
        _require(fmt, "results")
        names = list(result.variables)
        rows = list(islice(result.solutions(), max_rows + 1))
        truncated = len(rows) > max_rows
        del rows[max_rows:]
        body = _SOLUTION_WRITERS[fmt.name](names, [tuple(r) for r in rows], truncated)
        return Rendered(body, fmt.media_type, truncated, len(rows))
    _require(fmt, "graph")
    triples = list(islice(result.triples(), max_rows + 1))
    truncated = len(triples) > max_rows
    del triples[max_rows:]
    body = _write_graph(triples, fmt, prefixes, jsonld_context)
    if truncated:
        body = _mark_truncated(body, fmt, max_rows)
    return Rendered(body, fmt.media_type, truncated, len(triples))


def _require(fmt: Format, kind: str) -> None:
    if fmt.kind != kind:
        raise ValueError(f"format {fmt.name!r} cannot carry {kind}; negotiate first")


class _BlankLabels(dict):
    """Renumbers blank nodes b0, b1, … in order of appearance within one answer."""

    def __missing__(self, key: str) -> str:
        label = self[key] = f"b{len(self)}"
        return label


def _json_term(term: object, blanks: _BlankLabels) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": blanks[term.value]}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    assert isinstance(term, ox.Triple)  # an RDF 1.2 triple term
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject, blanks),
            "predicate": _json_term(term.predicate, blanks),
            "object": _json_term(term.object, blanks),
        },
    }


def _write_json(names: list[str], rows: list[tuple], truncated: bool) -> bytes:
    blanks = _BlankLabels()
    head: dict = {"vars": names}
    doc: dict = {"head": head}
    if truncated:
        head["link"] = [TRUNCATED_LINK]
        doc["truncated"] = True
    doc["results"] = {
        "bindings": [
            {
                name: _json_term(value, blanks)
                for name, value in zip(names, row, strict=True)
                if value is not None
            }
            for row in rows
        ]
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_term(term: object, blanks: _BlankLabels) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{term.value.translate(_XML_TEXT)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{blanks[term.value]}</bnode>"
    if isinstance(term, ox.Literal):
        value = term.value.translate(_XML_TEXT)
        if term.language:
            return f'<literal xml:lang="{term.language.translate(_XML_ATTR)}">{value}</literal>'
        if term.datatype.value != _XSD_STRING:
            datatype = term.datatype.value.translate(_XML_ATTR)
            return f'<literal datatype="{datatype}">{value}</literal>'
        return f"<literal>{value}</literal>"
    assert isinstance(term, ox.Triple)
    parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
    return (
        "<triple>" + "".join(f"<{p}>{_xml_term(t, blanks)}</{p}>" for p, t in parts) + ("</triple>")
    )


def _write_xml(names: list[str], rows: list[tuple], truncated: bool) -> bytes:
    blanks = _BlankLabels()
    attrs = [name.translate(_XML_ATTR) for name in names]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>'
    ]
    out.extend(f'<variable name="{name}"/>' for name in attrs)
    if truncated:
        out.append(f'<link href="{TRUNCATED_LINK}"/>')
    out.append("</head>\n<results>\n")
    for row in rows:
        out.append("<result>")
        out.extend(
            f'<binding name="{name}">{_xml_term(value, blanks)}</binding>'
            for name, value in zip(attrs, row, strict=True)
            if value is not None
        )
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode()


def _csv_field(term: object, blanks: _BlankLabels) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + blanks[term.value]
    value = term.value if isinstance(term, ox.NamedNode | ox.Literal) else _tsv_term(term, blanks)
    if any(c in value for c in '",\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _write_csv(names: list[str], rows: list[tuple], truncated: bool) -> bytes:
    blanks = _BlankLabels()
    lines = [",".join(names)]
    lines.extend(",".join(_csv_field(value, blanks) for value in row) for row in rows)
    return ("\r\n".join(lines) + "\r\n").encode()


def _tsv_term(term: object, blanks: _BlankLabels) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return "_:" + blanks[term.value]
    if isinstance(term, ox.Literal):
        if term.language:
            return f'"{term.value.translate(_TSV_ESCAPES)}"@{term.language}'
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return f'"{term.value.translate(_TSV_ESCAPES)}"'
        number = _TURTLE_NUMBER.get(datatype)
        if number is not None and number.fullmatch(term.value):
            return term.value
        return f'"{term.value.translate(_TSV_ESCAPES)}"^^<{datatype}>'
    assert isinstance(term, ox.Triple)
    parts = (term.subject, term.predicate, term.object)
    return "<<( " + " ".join(_tsv_term(t, blanks) for t in parts) + " )>>"


def _write_tsv(names: list[str], rows: list[tuple], truncated: bool) -> bytes:
    blanks = _BlankLabels()
    lines = ["\t".join("?" + name for name in names)]
    lines.extend("\t".join(_tsv_term(value, blanks) for value in row) for row in rows)
    return ("\n".join(lines) + "\n").encode()


_SOLUTION_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv}


def _write_graph(
    triples: list[ox.Triple], fmt: Format, prefixes: dict[str, str] | None, context: dict | None
) -> bytes:
    if fmt.name == "jsonld" and context is not None:
        return _compact_jsonld(triples, context)
    assert isinstance(fmt.ox_format, ox.RdfFormat)
    statements: list[ox.Triple] | list[ox.Quad] = triples
    if fmt.ox_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        statements = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    if fmt.ox_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        prefixes = None
    body = ox.serialize(statements, format=fmt.ox_format, prefixes=prefixes)
    assert body is not None  # written to no output: returned
    return body


def _compact_jsonld(triples: list[ox.Triple], context: dict) -> bytes:
    document = compact(((t.subject, t.predicate, t.object) for t in triples), context)
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _mark_truncated(body: bytes, fmt: Format, max_rows: int) -> bytes:
    note = f"truncated: only the first {max_rows} triples are shown".encode()
    if fmt.ox_format == ox.RdfFormat.RDF_XML:
        declaration, newline, rest = body.partition(b"\n")
        return declaration + newline + b"<!-- " + note + b" -->\n" + rest
    if fmt.name == "jsonld":
        return body
    return b"# " + note + b"\n" + body
