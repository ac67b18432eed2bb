"""The saved queries the search index answers (``answered_by = "search-index"``).

Such a query's parameters are ``text`` and ``lang``; its answer has the columns of its
SPARQL text (``thing``, ``label``, ``text``, ``lang``): every preferred or alternative
name of a resource that meets every word of the text by the index's analysis (so
``Strassenbau`` finds ``Straßenbau``), ordered as the SPARQL orders it.  The answer is
written by the same result writer as the engine's, so formats, caps and pages match.
Both the server and ``emmd-kg query run`` wrap their engine with :func:`answering`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

import pyoxigraph as ox

from ..rdf.formats import Format
from ..sparql.results import Rendered, render
from ..store.base import QueryResult, Term
from .hits import Hit
from .matching import Query
from .text_index import SearchIndex

Engine = Callable[[str, Format, Mapping[str, Term]], Rendered]
"""Runs query text with bound values (the shape of ``emmd_kg.queries.run.Engine``)."""


def rows(index: SearchIndex, text: str, lang: str | None, cap: int) -> list[tuple[str, str, str]]:
    """(IRI, name, language) of every name meeting ``text``, in the SPARQL's order."""
    query = Query.of(text)
    candidates = index.search(text, limit=cap).hits
    found = _met(index, candidates, query, lang, fuzzy=False)
    if not found:
        found = _met(index, candidates, query, lang, fuzzy=True)
    return sorted(found, key=lambda row: (row[1].lower(), row[2], row[0]))[:cap]


def _met(
    index: SearchIndex, candidates: list[Hit], query: Query, lang: str | None, fuzzy: bool
) -> set[tuple[str, str, str]]:
    found = set()
    for hit in candidates:
        record = index.record(hit.iri)
        for name in record.names if record else ():
            if name.field in ("name", "alt") and (lang is None or name.lang == lang):
                if query.meets(name.text, fuzzy=fuzzy):
                    found.add((hit.iri, name.text, name.lang))
    return found


def answering(saved_text: str, index: SearchIndex, engine: Engine, cap: int) -> Engine:
    """``engine``, with the saved query's own text ``saved_text`` answered from ``index``."""

    def run(text: str, fmt: Format, bindings: Mapping[str, Term]) -> Rendered:
        if text != saved_text or "text" not in bindings:
            return engine(text, fmt, bindings)
        lang = bindings["lang"].value if "lang" in bindings else None
        found = rows(index, bindings["text"].value, lang, cap)
        variables = ["thing", "label", "text", "lang"]
        bound = {"text": {"type": "literal", "value": bindings["text"].value}}
        if lang is not None:
            bound["lang"] = {"type": "literal", "value": lang}
        table = [
            {
                "thing": {"type": "uri", "value": iri},
                "label": {"type": "literal", "value": name, **({"xml:lang": lng} if lng else {})},
                **bound,
            }
            for iri, name, lng in found
        ]
        doc = {"head": {"vars": variables}, "results": {"bindings": table}}
        solutions = ox.parse_query_results(
            json.dumps(doc).encode(), format=ox.QueryResultsFormat.JSON
        )
        return render(QueryResult.of(solutions), fmt, cap)

    return run
