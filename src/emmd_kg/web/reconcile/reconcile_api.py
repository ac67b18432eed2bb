"""The reconciliation routes in the OpenAPI document, with the limits of the settings.

Each route declares ``expand``, so its operations are written when the document is
built, with the served settings: the batch limit, the longest query text and the most
candidates appear in the descriptions and schemas as they are enforced.  The JSON
shapes follow the Reconciliation Service API 0.2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..http.operations import PathItems, errors, ok, param
from ..state import state

TAG = "reconciliation"
JSON = "application/json"
_TYPE = {"type": "object", "required": ["id", "name"]}
_CANDIDATE = {
    "type": "object",
    "required": ["id", "name", "score", "match"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "type": {"type": "array", "items": _TYPE},
        "score": {"type": "number", "minimum": 0, "maximum": 100},
        "features": {"type": "array", "items": {"type": "object"}},
        "match": {"type": "boolean"},
    },
}
_RESULTS = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "required": ["result"],
        "properties": {"result": {"type": "array", "items": _CANDIDATE}},
    },
}
_EXTENSION = {"type": "object", "required": ["meta", "rows"]}
_SUGGESTIONS = {
    "type": "object",
    "required": ["result"],
    "properties": {"result": {"type": "array", "items": _TYPE}},
}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    answer = ok(description, JSON)
    answer["content"] = {JSON: {"schema": schema}}
    return answer


def _lang() -> dict[str, Any]:
    return param(
        "lang", "query", "Language of names (else Accept-Language)", {"enum": ["en", "de"]}
    )


def _operation(operation_id: str, summary: str, description: str, **extra: Any) -> dict[str, Any]:
    return {
        "tags": [TAG],
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        **extra,
    }


def service_paths() -> PathItems:
    """``/reconcile``: GET and POST."""
    settings = state().settings
    limits = (
        f"At most {settings.reconcile_batch_limit} queries per batch (413 beyond; setting "
        f"reconcile_batch_limit), query texts of at most {settings.reconcile_query_chars} "
        f"characters (setting reconcile_query_chars), limit at most "
        f"{settings.reconcile_max_limit}. Malformed JSON, an unknown type or property, and "
        "input that is not UTF-8 are 400 problems naming the parameter."
    )
    form_fields = {
        "queries": {"type": "string", "description": "A reconciliation query batch (JSON)"},
        "extend": {"type": "string", "description": "A data extension query (JSON)"},
    }
    responses = {
        "200": _json(
            "The manifest, a result batch or an extension answer",
            {"oneOf": [_RESULTS, _EXTENSION, {"type": "object"}]},
        ),
        **errors("400", "413"),
    }
    parameters = [
        param(name, "query", schema["description"], {"type": "string"})
        for name, schema in form_fields.items()
    ] + [_lang()]
    body = {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "properties": form_fields}
            }
        }
    }
    return {
        "/reconcile": {
            "get": _operation(
                "reconcile",
                "Reconciliation: the manifest without parameters, "
                "else a query batch or data extension",
                limits,
                parameters=parameters,
                responses=responses,
            ),
            "post": _operation(
                "reconcilePost",
                "Reconciliation: a query batch or data extension as a form",
                limits,
                parameters=[_lang()],
                requestBody=body,
                responses=responses,
            ),
        }
    }


def _suggest_paths(kind: str) -> PathItems:
    max_chars = state().settings.reconcile_query_chars
    parameters = [
        param(
            "prefix",
            "query",
            "What was typed so far",
            {"type": "string", "maxLength": max_chars},
            required=True,
        ),
        param(
            "cursor",
            "query",
            "Suggestions to skip",
            {"type": "integer", "minimum": 0, "maximum": 1000},
        ),
        _lang(),
    ]
    if kind != "type":
        parameters.append(
            param("type", "query", "Only of this type (IRI or CURIE)", {"type": "string"})
        )
    return {
        f"/reconcile/suggest/{kind}": {
            "get": _operation(
                f"suggest{kind.title()}",
                f"Suggest {kind} names as the user types",
                f"Prefixes of at most {max_chars} characters.",
                parameters=parameters,
                responses={"200": _json("Suggestions", _SUGGESTIONS), **errors("400")},
            )
        }
    }


def suggest_paths(kind: str) -> Callable[[], PathItems]:
    """The suggest route of ``kind`` (entity, type, property)."""
    return lambda: _suggest_paths(kind)


def properties_paths() -> PathItems:
    """``/reconcile/properties``: proposals for data extension."""
    most = state().settings.reconcile_max_limit
    parameters = [
        param("type", "query", "The type (IRI or CURIE)", {"type": "string"}, required=True),
        param(
            "limit",
            "query",
            "Most properties",
            {"type": "integer", "minimum": 1, "maximum": most, "default": 20},
        ),
        _lang(),
    ]
    schema = {"type": "object", "required": ["properties"]}
    return {
        "/reconcile/properties": {
            "get": _operation(
                "proposeProperties",
                "Properties to fetch for entities of a type",
                "The properties the type's instances use, most used first.",
                parameters=parameters,
                responses={"200": _json("Proposed properties", schema), **errors("400")},
            )
        }
    }


def _entity_paths(path: str, operation_id: str, summary: str, answer: dict[str, Any]):
    parameters = [
        param("id", "query", "The entity's IRI", {"type": "string"}, required=True),
        _lang(),
    ]
    return {
        path: {
            "get": _operation(
                operation_id,
                summary,
                summary,
                parameters=parameters,
                responses={**answer, **errors("400", "404")},
            )
        }
    }


def preview_paths() -> PathItems:
    """``/reconcile/preview``: the HTML card."""
    answer = {
        "200": {
            "description": "A small HTML card",
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
    }
    return _entity_paths(
        "/reconcile/preview",
        "reconcilePreview",
        "An entity's preview card (HTML, for a frame)",
        answer,
    )


def view_paths() -> PathItems:
    """``/reconcile/view``: 303 to the document."""
    answer = {
        "303": {
            "description": "See the entity's document",
            "headers": {"Location": {"schema": {"type": "string"}}},
        }
    }
    return _entity_paths(
        "/reconcile/view", "reconcileView", "303 See Other to the entity's document", answer
    )
