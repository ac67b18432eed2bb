"""What each route says of itself in the OpenAPI document, declared beside the view.

A view is marked with :func:`declare`: its OpenAPI operation objects by method, under a
tag.  ``/openapi.json`` (:mod:`..site.openapi`) walks Flask's URL map and asks every
rule's view for its declaration, so a route cannot be served without being described
(a test walks the map too).  A route that stands for many paths (one per saved query)
declares ``expand``, a function giving those path items.  The helpers build the usual
parts: responses in media types, problem documents, parameters.

>>> @declare("site", get=simple("ping", "Liveness", "application/json"))
... def ping(): ...
>>> ping.openapi.operations["get"]["operationId"]
'ping'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ...rdf.formats import formats_for

PROBLEM = {"$ref": "#/components/responses/Problem"}
RESULT_TYPES = [f.media_type for f in formats_for("results") if f.name != "html"]
GRAPH_TYPES = [f.media_type for f in formats_for("graph") if f.name != "html"]
RDF_PAGE_TYPES = ("text/html", *GRAPH_TYPES)
VERSION_HEADERS = {
    "Dataset-Version": {
        "description": "The dataset version answered from",
        "schema": {"type": "string"},
    },
    "ETag": {
        "description": "Changes with the dataset version and the representation",
        "schema": {"type": "string"},
    },
}

View = TypeVar("View", bound=Callable[..., Any])
PathItems = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Declaration:
    """A route's OpenAPI operations (by lower-case method), tag and expansion."""

    tag: str
    operations: dict[str, dict[str, Any]]
    expand: Callable[[], PathItems] | None = field(default=None)


def declare(
    tag: str, *, expand: Callable[[], PathItems] | None = None, **operations: dict[str, Any]
) -> Callable[[View], View]:
    """Mark a view with the OpenAPI operations it answers (``get=…``, ``post=…``)."""

    def mark(view: View) -> View:
        view.openapi = Declaration(tag, operations, expand)  # type: ignore[attr-defined]
        return view

    return mark


def content(*media_types: str) -> dict[str, Any]:
    """The ``content`` of a response in ``media_types`` (JSON ones with a schema)."""
    schemas = {
        "application/json": {"type": "object"},
        "application/sparql-results+json": {"$ref": "#/components/schemas/SparqlJson"},
    }
    other = {"type": "string"}
    return {t: {"schema": schemas.get(t, {} if t.endswith("json") else other)} for t in media_types}


def ok(
    description: str, *media_types: str, headers: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A 200 response, with the version headers every answer carries."""
    return {
        "description": description,
        "content": content(*media_types),
        "headers": {**VERSION_HEADERS, **(headers or {})},
    }


def errors(*statuses: str) -> dict[str, Any]:
    """Problem-document responses for ``statuses``."""
    return {status: PROBLEM for status in statuses}


def param(
    name: str, where: str, description: str, schema: dict[str, Any], **extra: object
) -> dict[str, Any]:
    """A parameter object."""
    return {"name": name, "in": where, "description": description, "schema": schema, **extra}


def simple(
    operation_id: str,
    summary: str,
    *media_types: str,
    parameters: list[dict[str, Any]] | None = None,
    statuses: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A GET operation answering ``media_types``, or a problem for ``statuses``."""
    return {
        "operationId": operation_id,
        "summary": summary,
        "parameters": parameters or [],
        "responses": {"200": ok(summary, *media_types), **errors(*statuses)},
    }


def see_other(operation_id: str, summary: str, *statuses: str) -> dict[str, Any]:
    """A GET operation answering 303 See Other."""
    return {
        "operationId": operation_id,
        "summary": summary,
        "parameters": [],
        "responses": {
            "303": {
                "description": summary,
                "headers": {"Location": {"schema": {"type": "string"}}},
            },
            **errors(*statuses),
        },
    }
