"""``/openapi.json``: an OpenAPI 3.1 description of the whole HTTP API.

The fixed routes (SPARQL protocol, linked data, dataset, dumps, health …) are described
from DESIGN.md section 6; every saved query is an operation of its own at
``/queries/{name}``, its parameters given as JSON Schema (types, bounds, patterns,
defaults, and the allowed values, those of a values query resolved through the engine).
The document is built once per dataset version and process.  The server URL is
relative (``/``): absolute URLs are never built from the request's Host header.
"""

from __future__ import annotations

import json
import re
import threading

from flask import Blueprint, Response, current_app

from ..queries.params import json_schema
from ..queries.run import allowed_values
from ..queries.saved import SavedQuery
from ..rdf.formats import formats_for
from . import openapi_fixed as parts
from .caching import conditional
from .edge import REQUEST_LINE_LIMIT
from .errors import PROBLEM
from .queries import catalogue, engine
from .resources import site_title
from .state import state

blueprint = Blueprint("openapi", __name__)
_LOCK = threading.Lock()


def _query_parameters(query: SavedQuery) -> list[dict]:
    run = engine()
    out = []
    for param in query.parameters:
        allowed = allowed_values(param, run) if param.enumerated else None
        schema = json_schema(param, None if allowed is None else [t.value for t, _ in allowed])
        entry = parts.param(
            param.name,
            "query",
            param.description or param.label or param.name,
            schema,
            required=param.required,
        )
        if param.multiple:
            entry.update(style="form", explode=True)
        out.append(entry)
    kind_formats = [f.name for f in formats_for(query.kind) if f.name != "html"]
    out.append(
        parts.param(
            "format",
            "query",
            "Answer format (overrides Accept)",
            {"type": "string", "enum": ["html", *kind_formats]},
        )
    )
    if query.form == "SELECT":
        settings = state().settings
        out += [
            parts.param(
                "page",
                "query",
                "Page number (1 is the first)",
                {"type": "integer", "minimum": 1, "maximum": 10**9, "default": 1},
            ),
            parts.param(
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


def _query_path(query: SavedQuery) -> dict:
    types = parts.RESULT_TYPES if query.kind == "results" else parts.GRAPH_TYPES
    described = (
        " RDF media types give the query's own description." if query.kind == "results" else ""
    )
    headers = {
        **parts.VERSION_HEADERS,
        "Query-Version": {"description": "Hash of the query file", "schema": {"type": "string"}},
        "Link": {"description": "first, prev, next and last pages", "schema": {"type": "string"}},
    }
    extension = ", ".join(f".{f.extension}" for f in formats_for(query.kind))
    return {
        "get": {
            "operationId": "query_" + re.sub(r"\W", "_", query.name),
            "summary": query.text_in(query.title),
            "description": f"{query.text_in(query.description)}\n\nAlso at /queries/{query.name}"
            f"{{{extension}}}.{described}",
            "tags": ["queries", *query.tags],
            "parameters": _query_parameters(query),
            "responses": {
                "200": parts.ok(
                    "The answer (one page of rows), or the form",
                    "text/html",
                    *types,
                    *(parts.GRAPH_TYPES if query.kind == "results" else ()),
                    headers=headers,
                ),
                "400": {"$ref": "#/components/responses/BadParameter"},
                **parts.errors("406", "503"),
            },
        }
    }


def document() -> dict:
    """The OpenAPI document of the served version."""
    published = state().published
    paths = parts.fixed_paths()
    for query in catalogue():
        paths[f"/queries/{query.name}"] = _query_path(query)
    for operations in paths.values():  # the WSGI server's own limit, on every route
        for operation in operations.values():
            operation["responses"]["414"] = {"$ref": "#/components/responses/TooLong"}
    problem = {
        "type": "object",
        "required": ["title", "status"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{site_title('en')}: HTTP API",
            "version": published.version,
            "description": "SPARQL 1.1 endpoint, linked data and saved queries. "
            "Errors are RFC 9457 problem documents.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": {"Problem": problem, "SparqlJson": {"type": "object", "required": ["head"]}},
            "responses": {
                "TooLong": {
                    "description": f"The request line is over {REQUEST_LINE_LIMIT} bytes: "
                    "POST long SPARQL queries",
                    "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                },
                "BadParameter": {
                    "description": "A parameter is unknown, missing or bad: a problem document, "
                    "or the form with the message for browsers",
                    "content": {
                        "application/problem+json": {
                            "schema": {"$ref": "#/components/schemas/Problem"}
                        },
                        "text/html": {"schema": {"type": "string"}},
                    },
                },
                "Problem": {
                    "description": "A problem document (RFC 9457)",
                    "content": {
                        "application/problem+json": {
                            "schema": {"$ref": "#/components/schemas/Problem"}
                        }
                    },
                },
            },
        },
    }


@blueprint.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document."""
    version = state().published.version
    held = current_app.extensions.get("emmd_kg.openapi")
    if held is None or held[0] != version:
        with _LOCK:
            held = (version, json.dumps(document(), ensure_ascii=False, indent=1))
            current_app.extensions["emmd_kg.openapi"] = held
    response = Response(held[1], mimetype="application/json")
    return conditional(response, version)
