"""What a ``/search`` request asks, read and checked once.

``q`` (at most ``search_query_chars`` characters), ``type`` (CURIE or IRI, repeatable:
each must be a type some named resource has; CURIEs
by the prefixes of the dataset's JSON-LD context), ``lang`` (``de`` or ``en``), ``limit``
(1 to ``search_max_limit``, default 20) and ``offset`` (0 to 10,000).  Every refusal is
a :class:`~emmd_kg.errors.ParameterError` naming the parameter; a value that is not
UTF-8 is refused the same way rather than read with replacement characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from ...config import Settings
from ...errors import ParameterError
from ...search import SearchIndex

LANGS = ("de", "en")
MAX_OFFSET = 10_000
KNOWN = ("q", "type", "lang", "limit", "offset", "format")


@dataclass(frozen=True)
class SearchRequest:
    """A checked ``/search`` request."""

    q: str
    types: tuple[str, ...]
    lang: str | None
    limit: int
    offset: int
    format: str | None


def _decoded(query_string: bytes) -> list[tuple[str, str]]:
    """The (name, value) pairs of the query string, strictly UTF-8."""
    pairs = []
    for name, value in parse_qsl(
        query_string.decode("latin-1"), keep_blank_values=True, encoding="latin-1"
    ):
        try:
            key = name.encode("latin-1").decode("utf-8")
            pairs.append((key, value.encode("latin-1").decode("utf-8")))
        except UnicodeDecodeError:
            raise ParameterError(name[:40], "not UTF-8 text") from None
    return pairs


def _integer(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise ParameterError(name, f"expected an integer from {low} to {high}, got {raw[:40]!r}")
    return int(raw)


def _type_iri(raw: str, prefixes: dict[str, str], index: SearchIndex) -> str:
    prefix, colon, rest = raw.partition(":")
    iri = prefixes[prefix] + rest if colon and prefix in prefixes else raw
    if iri not in index.types:
        raise ParameterError("type", f"no named resource has the type {raw[:200]!r}")
    return iri


def read_search(
    query_string: bytes, settings: Settings, index: SearchIndex, prefixes: dict[str, str]
) -> SearchRequest:
    """The request in ``query_string``, checked (see the module doc)."""
    pairs = _decoded(query_string)
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        if name not in KNOWN:
            raise ParameterError(name[:40], f"unknown; /search takes {', '.join(KNOWN)}")
        values.setdefault(name, []).append(value)
    for name, given in values.items():
        if name != "type" and len(given) > 1:
            raise ParameterError(name, f"given {len(given)} times; send it once")
    q = values.get("q", [""])[0].strip()
    if len(q) > settings.search_query_chars:
        raise ParameterError("q", f"at most {settings.search_query_chars} characters, got {len(q)}")
    lang = values.get("lang", [""])[0] or None
    if lang is not None and lang not in LANGS:
        raise ParameterError("lang", f"expected one of {', '.join(LANGS)}, got {lang[:20]!r}")
    fmt = values.get("format", [""])[0] or None
    if fmt not in (None, "json", "html"):
        raise ParameterError("format", f"expected json or html, got {fmt[:20]!r}")
    types = tuple(_type_iri(t, prefixes, index) for t in values.get("type", []) if t)
    limit = _integer("limit", values.get("limit", [None])[0], 20, 1, settings.search_max_limit)
    offset = _integer("offset", values.get("offset", [None])[0], 0, 0, MAX_OFFSET)
    return SearchRequest(q, types, lang, limit, offset, fmt)
