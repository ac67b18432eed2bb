"""``/openapi.json``: an OpenAPI 3.1 description of the whole HTTP API, from the routes.

The paths are Flask's URL map: every rule's view declares its operations
(:func:`~..http.operations.declare`), path parameters are read off the rule, and a rule
standing for many paths (``/queries/{name}``) expands into one operation per saved
query.  A rule whose view declares nothing is an error, so no route goes undescribed.
The document is built once per dataset version and process.  The server URL is
relative (``/``): absolute URLs are never built from the request's Host header.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any

from flask import Blueprint, Flask, Response, current_app
from werkzeug.routing import Rule

from ..html.titles import site_title
from ..http.finish import shareable
from ..http.front import REQUEST_LINE_LIMIT
from ..http.operations import Declaration, PathItems, declare, simple
from ..http.problems import PROBLEM
from ..state import state

blueprint = Blueprint("openapi", __name__)
_LOCK = threading.Lock()
_KEY = "emmd_kg.openapi"
_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
_PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
    },
}


class Undescribed(LookupError):
    """A route whose view declares no OpenAPI operations."""


def declaration(app: Flask, rule: Rule) -> Declaration:
    """The declaration of ``rule``'s view; :class:`Undescribed` when it has none."""
    found = getattr(app.view_functions[rule.endpoint], "openapi", None)
    if not isinstance(found, Declaration):
        raise Undescribed(f"route {rule.rule} ({rule.endpoint}) declares no OpenAPI operation")
    return found


def _path_item(rule: Rule, declared: Declaration) -> dict[str, Any]:
    arguments = [
        {"name": n, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        for n in _ARGUMENT.findall(rule.rule)
    ]
    item = {}
    for method, operation in declared.operations.items():
        if method.upper() not in (rule.methods or ()):
            raise Undescribed(f"route {rule.rule} does not answer {method.upper()}")
        described = {"tags": [declared.tag], **operation}
        described["parameters"] = [*arguments, *operation.get("parameters", [])]
        described["operationId"] = _unique_id(operation["operationId"], rule)
        item[method] = described
    return item


def _unique_id(operation_id: str, rule: Rule) -> str:
    """Two rules of one view (``/dataset`` and ``/dataset.<extension>``) get two ids."""
    return operation_id + ("Format" if ".<" in rule.rule else "")


def paths(app: Flask) -> PathItems:
    """Every route's path item, saved queries expanded."""
    found: PathItems = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        declared = declaration(app, rule)
        if declared.expand is not None:
            found.update(declared.expand())
        else:
            found[_ARGUMENT.sub(r"{\1}", rule.rule)] = _path_item(rule, declared)
    for item in found.values():  # the request-line limit holds on every route
        for operation in item.values():
            operation["responses"]["414"] = {"$ref": "#/components/responses/TooLong"}
    return found


def _problem_response(description: str, *extra_types: str) -> dict[str, Any]:
    content = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    content.update({t: {"schema": {"type": "string"}} for t in extra_types})
    return {"description": description, "content": content}


def document(app: Flask) -> dict[str, Any]:
    """The OpenAPI document of the served version."""
    served = state().served
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{site_title('en', served)}: HTTP API",
            "version": served.version,
            "description": "SPARQL 1.1 endpoint, linked data and saved queries. "
            "Errors are RFC 9457 problem documents.",
        },
        "servers": [{"url": "/"}],
        "paths": paths(app),
        "components": {
            "schemas": {
                "Problem": _PROBLEM_SCHEMA,
                "SparqlJson": {"type": "object", "required": ["head"]},
            },
            "responses": {
                "TooLong": _problem_response(
                    f"The request line is over {REQUEST_LINE_LIMIT} bytes: POST long SPARQL queries"
                ),
                "BadParameter": _problem_response(
                    "A parameter is unknown, missing or bad: a problem document, "
                    "or the form with the message for browsers",
                    "text/html",
                ),
                "Problem": _problem_response("A problem document (RFC 9457)"),
            },
        },
    }


@blueprint.get("/openapi.json")
@declare("site", get=simple("openapi", "This OpenAPI 3.1 document", "application/json"))
def openapi() -> Response:
    """The OpenAPI 3.1 document."""
    version = state().served.version
    held = current_app.extensions.get(_KEY)
    if held is None or held[0] != version:
        with _LOCK:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            held = (version, json.dumps(document(app), ensure_ascii=False, indent=1))
            current_app.extensions[_KEY] = held
    response = Response(held[1], mimetype="application/json")
    return shareable(response, version, "/openapi.json", "application/json")
