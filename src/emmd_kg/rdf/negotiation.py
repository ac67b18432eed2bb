"""Content negotiation, in one place: formats by ``Accept`` or parameter, languages.

Every choice of a representation goes through here, always with werkzeug's parsers and
``best_match`` (q-values honoured, specificity first, ties to the order offered), never
by splitting header text by hand.  A malformed header counts as absent; media-type
parameters (``charset``, ``profile``) are ignored, since werkzeug would demand equal
ones; absent, empty or ``*/*`` gives the default.

- :func:`negotiate` picks the :class:`~.formats.Format` of an answer of one kind
  ("results" or "graph"); a ``format`` parameter wins over the header;
- :func:`best_media_type` picks among any offered media types (the catalogue's JSON,
  HTML and RDF listing);
- :func:`prefers` tells whether one media type ranks above another (plain JSON over
  JSON-LD);
- :func:`best_language` picks the page language from ``?lang=`` or ``Accept-Language``.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "results", None).name
'xml'
>>> negotiate(None, "graph", "ttl").media_type
'text/turtle'
>>> best_language(None, "de-DE,de;q=0.9,en;q=0.5", ("en", "de"))
'de'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from werkzeug.datastructures import LanguageAccept, MIMEAccept
from werkzeug.http import parse_accept_header

from ..errors import NotAcceptable, ParameterError
from .formats import FORMATS, KINDS, Format, formats_for

DEFAULT: dict[str, Format] = {kind: formats_for(kind)[0] for kind in KINDS}


def _spellings(fmt: Format) -> tuple[str, ...]:
    return (fmt.name, fmt.extension, fmt.media_type, *fmt.aliases)


def _lookup_table(kind: str) -> dict[str, Format]:
    table: dict[str, Format] = {}
    for fmt in formats_for(kind):
        for spelling in _spellings(fmt):
            if table.setdefault(spelling.lower(), fmt) is not fmt:
                raise AssertionError(f"format spelling {spelling!r} is ambiguous")
    return table


_LOOKUP: dict[str, dict[str, Format]] = {kind: _lookup_table(kind) for kind in KINDS}
# Media types offered to best_match, registered ones first so wildcards pick them.
_OFFERED: dict[str, list[tuple[str, Format]]] = {
    kind: [(f.media_type, f) for f in formats_for(kind)]
    + [(a, f) for f in formats_for(kind) for a in f.aliases if "/" in a]
    for kind in KINDS
}


def from_parameter(value: str, kind: str) -> Format:
    """The format a ``format`` parameter (name, extension or media type) names for ``kind``.

    An unknown value is a 400 naming the parameter; a known format that cannot carry
    this kind of answer (``csv`` for a CONSTRUCT) is a 406 listing what can.
    """
    key = value.strip().lower()
    fmt = _LOOKUP[_checked(kind)].get(key)
    if fmt is not None:
        return fmt
    if any(key in table for table in _LOOKUP.values()):
        raise NotAcceptable([f.media_type for f in formats_for(kind)])
    names = ", ".join(f.name for f in FORMATS)
    raise ParameterError("format", f"unknown format {value!r}; expected one of {names}")


def agreed_format(values: Sequence[str], kind: str) -> str | None:
    """The one format that every value of the format parameters names for ``kind``.

    Clients spell the choice in several parameters at once (SPARQLWrapper sends
    ``format``, ``output`` and ``results``, each with a short name and again with a media
    type, or a comma-separated list of media types).  Empty values count as absent; in a
    list, spellings nobody knows are passed over as long as one is known.  Values that
    name different formats are a 400 naming them; None when no value is given.

    >>> agreed_format(["tsv", "text/tab-separated-values", ""], "results")
    'tsv'
    >>> agreed_format(["json-ld", "application/ld+json,application/x-json+ld"], "graph")
    'jsonld'
    >>> agreed_format(["xml"], "graph"), agreed_format(["xml"], "results")
    ('rdfxml', 'xml')
    """
    named: dict[str, list[str]] = {}
    for value in values:
        spellings = [s.strip() for s in value.split(",") if s.strip()]
        known = [s for s in spellings if _known(s)]
        for spelling in known or spellings:
            names = named.setdefault(from_parameter(spelling, kind).name, [])
            if value not in names:
                names.append(value)
    if len(named) > 1:
        shown = "; ".join(f"{', '.join(map(repr, v))} for {n}" for n, v in named.items())
        raise ParameterError("format", f"the format parameters disagree: {shown}")
    return next(iter(named), None)


def _known(spelling: str) -> bool:
    """True if ``spelling`` names a format of any kind."""
    return any(spelling.lower().strip() in table for table in _LOOKUP.values())


def negotiate(accept_header: str | None, kind: str, format_param: str | None = None) -> Format:
    """Choose the format of an answer of ``kind`` ("results" or "graph").

    ``format_param`` overrides the header; nothing acceptable raises
    :class:`~emmd_kg.errors.NotAcceptable` listing the available media types.
    """
    if format_param:
        return from_parameter(format_param, kind)
    return _by_accept(accept_header or "", _checked(kind))


@lru_cache(maxsize=256)
def _by_accept(accept_header: str, kind: str) -> Format:
    """The best format for an ``Accept`` header (clients send few distinct ones)."""
    offered = _OFFERED[kind]
    best = best_media_type(accept_header, tuple(media_type for media_type, _ in offered))
    if best is None:
        raise NotAcceptable([f.media_type for f in formats_for(kind)])
    return next(fmt for media_type, fmt in offered if media_type == best)


def _accept(accept_header: str | None) -> MIMEAccept:
    parsed = parse_accept_header(accept_header or "", MIMEAccept)
    return MIMEAccept([(value.split(";", 1)[0].strip(), q) for value, q in parsed])


def best_media_type(accept_header: str | None, offered: Sequence[str]) -> str | None:
    """The best of ``offered`` for the header (the first without one), None if none fits.

    >>> best_media_type("text/html;q=0.9, application/json", ("text/html", "application/json"))
    'application/json'
    """
    accept = _accept(accept_header)
    if not accept:
        return offered[0]
    return accept.best_match(list(offered))


def prefers(accept_header: str | None, first: str, over: str) -> bool:
    """True if the header ranks the media type ``first`` above ``over``.

    >>> prefers("application/json", "application/json", "application/ld+json")
    True
    """
    accept = _accept(accept_header)
    return accept.quality(first) > accept.quality(over)


def best_language(asked: str | None, accept_language: str | None, languages: Sequence[str]) -> str:
    """``asked`` if it is one of ``languages``, else the best for ``Accept-Language``,
    else the first."""
    if asked in languages:
        return asked  # type: ignore[return-value]
    parsed = parse_accept_header(accept_language or "", LanguageAccept)
    return parsed.best_match(list(languages), default=languages[0]) or languages[0]


def _checked(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return kind
