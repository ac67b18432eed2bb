"""Suggest (type-ahead) for entities, types and properties, and property proposals.

``/reconcile/suggest/entity?prefix=`` asks the full-text index in its type-ahead mode
(the last word a prefix), optionally of a ``type``; types and properties are few, and
are matched here: a type or property is suggested when every word of the prefix
starts a word of one of its names (normalised as the index does), or when its IRI or
CURIE starts with the prefix.  ``cursor`` skips that many suggestions.
``/reconcile/properties?type=`` proposes the properties the instances of the type
use, most used first, for data extension.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, Response, request

from ...errors import ParameterError
from ...search.reconcile_graph import GraphFacts, local_name
from ..http.operations import declare
from ..state import state
from . import reconcile_api
from . import reconcile_context as held
from .extension import proposals
from .query_batch import parameters, query_text, read_types
from .reconcile_views import json_answer
from .service_manifest import type_object

blueprint = Blueprint("reconcile_suggest", __name__)
PAGE = 10


def _number(given: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    text = given.get(name, "")
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise ParameterError(name, f"must be a whole number from {low} to {high}")
    return int(text)


def _prefix(given: dict[str, str]) -> str:
    if "callback" in given:
        raise ParameterError("callback", "JSONP is not offered: every answer allows any origin")
    text = query_text(given.get("prefix", ""), "prefix", state().settings)
    if not text.strip():
        raise ParameterError("prefix", "give the text typed so far")
    return text


def _typed_so_far() -> tuple[dict[str, str], str, int]:
    """The request's parameters, the text typed so far and the page's cursor."""
    given = parameters(request)
    return given, _prefix(given), _number(given, "cursor", 0, 0, 1000)


@blueprint.get("/reconcile/suggest/entity")
@declare(reconcile_api.TAG, expand=reconcile_api.suggest_paths("entity"))
def suggest_entity() -> Response:
    """Entities whose names start with what was typed."""
    given, prefix, cursor = _typed_so_far()
    facts = held.facts()
    types = read_types(given.get("type") or None, "type", facts, held.expand)
    lang = held.language()
    hits = held.index().suggest(prefix, types=types, limit=cursor + PAGE)[cursor:]
    result = [
        {"id": h.iri, "name": h.label, "notable": [type_object(t, facts, lang) for t in h.types]}
        for h in hits
    ]
    return json_answer({"result": result})


@blueprint.get("/reconcile/suggest/type")
@declare(reconcile_api.TAG, expand=reconcile_api.suggest_paths("type"))
def suggest_type() -> Response:
    """Types (classes with instances) whose names start with what was typed."""
    _, prefix, cursor = _typed_so_far()
    facts, lang = held.facts(), held.language()
    found = _matching(prefix, facts.classes(), facts)[cursor : cursor + PAGE]
    return json_answer({"result": [type_object(t, facts, lang) for t in found]})


@blueprint.get("/reconcile/suggest/property")
@declare(reconcile_api.TAG, expand=reconcile_api.suggest_paths("property"))
def suggest_property() -> Response:
    """Properties whose names start with what was typed (of a ``type``'s instances)."""
    given, prefix, cursor = _typed_so_far()
    facts, lang = held.facts(), held.language()
    types = read_types(given.get("type") or None, "type", facts, held.expand)
    pool = facts.proposals(types[0]) if types else facts.predicates()
    found = _matching(prefix, pool, facts)[cursor : cursor + PAGE]
    return json_answer({"result": [{"id": p, "name": facts.name(p, lang)} for p in found]})


@blueprint.get("/reconcile/properties")
@declare(reconcile_api.TAG, expand=reconcile_api.properties_paths)
def propose_properties() -> Response:
    """The properties to offer for data extension of a type's entities."""
    given = parameters(request)
    if not given.get("type"):
        raise ParameterError("type", "give the type whose properties are wanted")
    facts = held.facts()
    (class_iri,) = read_types(given["type"], "type", facts, held.expand)
    limit = _number(given, "limit", 20, 1, state().settings.reconcile_max_limit)
    return json_answer(proposals(class_iri, limit, facts, held.language()))


def _matching(prefix: str, pool: Iterable[str], facts: GraphFacts) -> list[str]:
    """The IRIs of ``pool`` (in its order) that ``prefix`` starts a name, IRI or CURIE of."""
    index = held.index()
    wanted = index.normalise(prefix).split()
    found = []
    for iri in pool:
        if iri.startswith(prefix) or held.compact(iri).startswith(prefix):
            found.append(iri)
            continue
        for name in (*(n for _, n, _ in facts.names(iri)), local_name(iri)):
            words = index.normalise(name).split()
            if wanted and all(any(w.startswith(p) for w in words) for p in wanted):
                found.append(iri)
                break
    return found
