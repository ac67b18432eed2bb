"""The one table of output formats, and content negotiation over it.

Every representation the engine writes is a :class:`Format` in :data:`FORMATS`: a short
name (used in ``format=`` parameters and between processes), the registered media type
(the only ``Content-Type`` ever sent for it), a file extension, the kind of answer it can
carry and the pyoxigraph format that writes it.  Kinds:

- ``"results"``: SELECT and ASK answers (SPARQL JSON, XML, CSV, TSV);
- ``"graph"``: CONSTRUCT and DESCRIBE answers and resource documents (RDF syntaxes);
- ``"both"``: HTML, which the web layer renders for either.

:func:`negotiate` picks one format for an answer of a given kind from a ``format``
parameter (which wins) or an ``Accept`` header (werkzeug's parser and ``best_match``,
q-values honoured; absent, empty or ``*/*`` gives the default of the kind).

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "results", None).name
'xml'
>>> negotiate(None, "graph", "ttl").media_type
'text/turtle'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..errors import NotAcceptable, ParameterError

KINDS = ("results", "graph")


@dataclass(frozen=True)
class Format:
    """One representation: names, registered media type, extension, kind, writer."""

    name: str
    media_type: str
    extension: str
    kind: str
    ox_format: ox.QueryResultsFormat | ox.RdfFormat | None
    aliases: tuple[str, ...] = ()
    """Other spellings accepted in a ``format`` parameter and in ``Accept`` (media types)."""

    def fits(self, kind: str) -> bool:
        """True if this format can carry an answer of ``kind`` ("results" or "graph")."""
        return self.kind in (kind, "both")


_R = ox.QueryResultsFormat
_G = ox.RdfFormat

FORMATS: tuple[Format, ...] = (
    # results, in order of preference (the first is the default for */*)
    Format(
        "json",
        "application/sparql-results+json",
        "json",
        "results",
        _R.JSON,
        ("srj", "application/json"),
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        "xml",
        "results",
        _R.XML,
        ("srx", "application/xml"),
    ),
    Format("csv", "text/csv", "csv", "results", _R.CSV),
    Format("tsv", "text/tab-separated-values", "tsv", "results", _R.TSV),
    # graphs, in order of preference
    Format("turtle", "text/turtle", "ttl", "graph", _G.TURTLE),
    Format(
        "jsonld",
        "application/ld+json",
        "jsonld",
        "graph",
        _G.JSON_LD,
        ("json-ld", "json", "application/json"),
    ),
    Format(
        "rdfxml",
        "application/rdf+xml",
        "rdf",
        "graph",
        _G.RDF_XML,
        ("rdf+xml", "xml", "application/xml"),
    ),
    Format("ntriples", "application/n-triples", "nt", "graph", _G.N_TRIPLES, ("n-triples",)),
    Format("nquads", "application/n-quads", "nq", "graph", _G.N_QUADS, ("n-quads",)),
    Format("trig", "application/trig", "trig", "graph", _G.TRIG),
    # both
    Format("html", "text/html", "html", "both", None, ("htm",)),
)

BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
"""Formats by short name (unique across kinds)."""

DEFAULT: dict[str, Format] = {"results": BY_NAME["json"], "graph": BY_NAME["turtle"]}


def _spellings(fmt: Format) -> tuple[str, ...]:
    return (fmt.name, fmt.extension, fmt.media_type, *fmt.aliases)


def _lookup_table(kind: str) -> dict[str, Format]:
    table: dict[str, Format] = {}
    for fmt in FORMATS:
        if fmt.fits(kind):
            for spelling in _spellings(fmt):
                if table.setdefault(spelling.lower(), fmt) is not fmt:
                    raise AssertionError(f"format spelling {spelling!r} is ambiguous")
    return table


_LOOKUP: dict[str, dict[str, Format]] = {kind: _lookup_table(kind) for kind in KINDS}
# Media types offered to best_match, registered ones first so wildcards pick them.
_OFFERED: dict[str, list[tuple[str, Format]]] = {
    kind: [(f.media_type, f) for f in FORMATS if f.fits(kind)]
    + [(a, f) for f in FORMATS if f.fits(kind) for a in f.aliases if "/" in a]
    for kind in KINDS
}


def formats_for(kind: str) -> list[Format]:
    """The formats that can carry an answer of ``kind``, in order of preference."""
    _check_kind(kind)
    return [f for f in FORMATS if f.fits(kind)]


def from_parameter(value: str, kind: str) -> Format:
    """The format a ``format`` parameter (name, extension or media type) names for ``kind``.

    An unknown value is a 400 naming the parameter; a known format that cannot carry
    this kind of answer (``csv`` for a CONSTRUCT) is a 406 listing what can.
    """
    _check_kind(kind)
    key = value.strip().lower()
    fmt = _LOOKUP[kind].get(key)
    if fmt is not None:
        return fmt
    other = next((t[key] for t in _LOOKUP.values() if key in t), None)
    if other is not None:
        raise NotAcceptable([f.media_type for f in formats_for(kind)])
    names = ", ".join(f.name for f in FORMATS)
    raise ParameterError("format", f"unknown format {value!r}; expected one of {names}")


def negotiate(accept_header: str | None, kind: str, format_param: str | None = None) -> Format:
    """Choose the format of an answer of ``kind`` ("results" or "graph").

    ``format_param`` overrides the header.  Otherwise the ``Accept`` header is parsed
    by werkzeug (a malformed header counts as absent; media-type parameters such as
    ``charset`` are ignored) and the best match by quality and specificity wins, ties
    going to the order of :data:`FORMATS`.  Nothing acceptable raises
    :class:`~emmd_kg.errors.NotAcceptable` listing the available media types.
    """
    _check_kind(kind)
    if format_param:
        return from_parameter(format_param, kind)
    return _by_accept(accept_header or "", kind)


@lru_cache(maxsize=256)
def _by_accept(accept_header: str, kind: str) -> Format:
    """The best format for an ``Accept`` header (clients send few distinct ones)."""
    accept = parse_accept_header(accept_header, MIMEAccept)
    if not accept:
        return DEFAULT[kind]
    # Drop media-type parameters (charset, profile): werkzeug would demand equal ones.
    accept = MIMEAccept([(value.split(";", 1)[0].strip(), q) for value, q in accept])
    offered = _OFFERED[kind]
    best = accept.best_match([media_type for media_type, _ in offered])
    if best is None:
        raise NotAcceptable([f.media_type for f in formats_for(kind)])
    return next(fmt for media_type, fmt in offered if media_type == best)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
