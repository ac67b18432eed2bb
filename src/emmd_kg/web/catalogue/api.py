"""The saved queries in the OpenAPI document: one operation per query.

Each query's parameters are given as JSON Schema (types, bounds, patterns, defaults,
and the allowed values, those of a values query resolved through the engine), with
``format`` and, for a SELECT, ``page`` and ``page_size``.
"""

from __future__ import annotations

import re
from typing import Any

from ...queries.params import json_schema
from ...queries.run import allowed_values
from ...queries.saved import SavedQuery
from ...rdf.formats import formats_for
from ..http.operations import GRAPH_TYPES, RESULT_TYPES, PathItems, errors, ok, param
from ..state import state
from .registry import catalogue, engine

_PAGING_HEADERS = {
    "Query-Version": {"description": "Hash of the query file", "schema": {"type": "string"}},
    "Link": {"description": "first, prev, next and last pages", "schema": {"type": "string"}},
}


def _declared_parameters(query: SavedQuery) -> list[dict[str, Any]]:
    run = engine()
    out = []
    for declared in query.parameters:
        allowed = allowed_values(declared, run) if declared.enumerated else None
        schema = json_schema(declared, None if allowed is None else [t.value for t, _ in allowed])
        entry = param(
            declared.name,
            "query",
            declared.description or declared.label or declared.name,
            schema,
            required=declared.required,
        )
        if declared.multiple:
            entry.update(style="form", explode=True)
        out.append(entry)
    return out


def _request_parameters(query: SavedQuery) -> list[dict[str, Any]]:
    kind_formats = [f.name for f in formats_for(query.kind) if f.name != "html"]
    out = [
        param(
            "format",
            "query",
            "Answer format (overrides Accept)",
            {"type": "string", "enum": ["html", *kind_formats]},
        )
    ]
    if query.form == "SELECT":
        settings = state().settings
        out += [
            param(
                "page",
                "query",
                "Page number (1 is the first)",
                {"type": "integer", "minimum": 1, "maximum": 10**9, "default": 1},
            ),
            param(
                "page_size",
                "query",
                "Rows per page",
                {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": settings.max_rows,
                    "default": settings.page_size,
                },
            ),
        ]
    return out


def _operation(query: SavedQuery) -> dict[str, Any]:
    types = RESULT_TYPES if query.kind == "results" else GRAPH_TYPES
    described = (
        " RDF media types give the query's own description." if query.kind == "results" else ""
    )
    extension = ", ".join(f".{f.extension}" for f in formats_for(query.kind))
    return {
        "operationId": "query_" + re.sub(r"\W", "_", query.name),
        "summary": query.text_in(query.title),
        "description": f"{query.text_in(query.description)}\n\nAlso at /queries/{query.name}"
        f"{{{extension}}}.{described}",
        "tags": ["queries", *query.tags],
        "parameters": _declared_parameters(query) + _request_parameters(query),
        "responses": {
            "200": ok(
                "The answer (one page of rows), or the form",
                "text/html",
                *types,
                *(GRAPH_TYPES if query.kind == "results" else ()),
                headers=_PAGING_HEADERS,
            ),
            "400": {"$ref": "#/components/responses/BadParameter"},
            **errors("406", "503"),
        },
    }


def saved_query_paths() -> PathItems:
    """A path item per saved query, at ``/queries/{name}``."""
    return {f"/queries/{query.name}": {"get": _operation(query)} for query in catalogue()}
