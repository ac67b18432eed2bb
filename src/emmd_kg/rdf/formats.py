"""The one table of output formats.

Every representation the engine writes is a :class:`Format` in :data:`FORMATS`: a short
name (used in ``format=`` parameters and between processes), the registered media type
(the only ``Content-Type`` ever sent for it), a file extension, the kind of answer it can
carry and the pyoxigraph format that writes it.  Kinds:

- ``"results"``: SELECT and ASK answers (SPARQL JSON, XML, CSV, TSV);
- ``"graph"``: CONSTRUCT and DESCRIBE answers and resource documents (RDF syntaxes);
- ``"both"``: HTML, which the web layer renders for either.

Choosing one of them for a request is :mod:`.negotiation`'s job.

>>> [f.name for f in formats_for("results")]
['json', 'xml', 'csv', 'tsv', 'html']
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

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
    # Turtle is N3 without N3's extensions: a request for N3 is answered in Turtle.
    Format("turtle", "text/turtle", "ttl", "graph", _G.TURTLE, ("n3", "text/n3")),
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


def formats_for(kind: str) -> list[Format]:
    """The formats that can carry an answer of ``kind``, in order of preference."""
    _check_kind(kind)
    return [f for f in FORMATS if f.fits(kind)]


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
