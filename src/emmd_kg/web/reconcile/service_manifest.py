"""The service manifest: what ``GET /reconcile`` without a query answers.

Absolute URLs are built on the configured base (the server is published at the base
IRI), never on the request's Host.  Identifiers are IRIs, so the view and preview
templates carry them as a query parameter (OpenRefine percent-encodes ``{{id}}``).
The default types are the setting ``reconcile_types`` (those that are classes with
instances), else the five classes with the most instances.
"""

from __future__ import annotations

from typing import Any

from ...config import Settings
from ...search.reconcile_graph import GraphFacts
from . import reconcile_context as held

PREVIEW_WIDTH = 400
PREVIEW_HEIGHT = 160
DEFAULT_TYPE_COUNT = 5
SERVICE_PATH = "reconcile"


def default_types(settings: Settings, facts: GraphFacts) -> list[str]:
    """The class IRIs the manifest offers as default types."""
    configured = [held.expand(t, "reconcile_types") for t in settings.reconcile_types]
    chosen = [iri for iri in configured if facts.is_class(iri)]
    return chosen or list(facts.classes())[:DEFAULT_TYPE_COUNT]


def type_object(iri: str, facts: GraphFacts, lang: str) -> dict[str, str]:
    """A type as the API gives it: id and name."""
    return {"id": iri, "name": facts.name(iri, lang)}


def manifest(settings: Settings, facts: GraphFacts, title: str, lang: str) -> dict[str, Any]:
    """The manifest of the served version."""
    base = held.base()
    service = f"{base}{SERVICE_PATH}"
    suggest = {
        kind: {"service_url": service, "service_path": f"/suggest/{kind}"}
        for kind in ("entity", "type", "property")
    }
    return {
        "versions": ["0.2"],
        "name": f"{title} reconciliation",
        "identifierSpace": f"{base}id/",
        "schemaSpace": f"{base}def/",
        "documentation": f"{base}openapi.json",
        "batchSize": settings.reconcile_batch_limit,
        "defaultTypes": [type_object(t, facts, lang) for t in default_types(settings, facts)],
        "view": {"url": f"{service}/view?id={{{{id}}}}"},
        "preview": {
            "url": f"{service}/preview?id={{{{id}}}}",
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": suggest,
        "extend": {
            "propose_properties": {"service_url": service, "service_path": "/properties"},
            "property_settings": [],
        },
    }
