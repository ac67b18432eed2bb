"""Data extension: property values of entities, and property proposals per type.

An extension query ``{"ids": [...], "properties": [{"id": ...}]}`` is answered with
``meta`` (each property with its name) and ``rows`` (id → property → values).  Values
come from the graph: an IRI is ``{"id", "name"}``; an ``xsd:dateTime`` or ``xsd:date``
is ``{"date"}`` in ISO form (a date at midnight); integers are ``{"int"}``, decimals,
floats and doubles ``{"float"}``; every other literal is ``{"str"}``.  An id the graph
does not describe gets empty lists; an unknown property is a 400 naming it.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pyoxigraph as ox

from ...config import Settings
from ...errors import ParameterError, QueryTooLarge
from ...rdf.namespaces import PREFIXES
from ...search.reconcile_graph import GraphFacts, Value
from . import reconcile_context as held
from .query_batch import parse_json

XSD = PREFIXES["xsd"]
INTEGERS = frozenset(
    XSD + t
    for t in (
        "integer int long short byte nonNegativeInteger positiveInteger "
        "nonPositiveInteger negativeInteger unsignedInt unsignedLong unsignedShort unsignedByte"
    ).split()
)
FLOATS = frozenset(XSD + t for t in ("decimal", "float", "double"))
_DATE = re.compile(r"-?\d{4,}-\d\d-\d\d")
_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def read_extension(text: str, settings: Settings, facts: GraphFacts) -> tuple[list[str], list[str]]:
    """The (ids, property IRIs) of an extension query, checked."""
    query = parse_json(text, "extend")
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list):
        raise ParameterError("extend", "must be an object with ids and properties")
    ids, props = query["ids"], query.get("properties")
    if not isinstance(props, list):
        raise ParameterError("extend.properties", "must be a list of {id} objects")
    limit = settings.reconcile_batch_limit
    for name, listed in (("ids", ids), ("properties", props)):
        if len(listed) > limit:
            raise QueryTooLarge(
                f"parameter 'extend': {len(listed)} {name}, at most {limit} "
                "(setting reconcile_batch_limit)",
                parameter=f"extend.{name}",
                limit=limit,
            )
    iris = []
    for n, each in enumerate(ids):
        if not isinstance(each, str):
            raise ParameterError(f"extend.ids[{n}]", "must be an entity id")
        iris.append(held.expand(each, f"extend.ids[{n}]"))
    pids = []
    for n, each in enumerate(props):
        where = f"extend.properties[{n}].id"
        if not isinstance(each, dict) or not isinstance(each.get("id"), str):
            raise ParameterError(where, "each property must be an object with an id")
        pid = held.expand(each["id"], where)
        if not facts.has_property(pid):
            raise ParameterError(where, f"unknown property {each['id']!r}: no statement uses it")
        pids.append(pid)
    return iris, pids


def extend(ids: list[str], pids: list[str], facts: GraphFacts, lang: str) -> dict[str, Any]:
    """The extension answer for ``ids`` × ``pids``."""
    meta = [{"id": pid, "name": facts.name(pid, lang)} for pid in pids]
    rows = {
        iri: {pid: [rendered(v, facts, lang) for v in facts.values(iri, pid)] for pid in pids}
        for iri in ids
    }
    return {"meta": meta, "rows": rows}


def rendered(value: Value, facts: GraphFacts, lang: str) -> dict[str, Any]:
    """One value as the extension response gives it."""
    term = value.term
    if isinstance(term, ox.NamedNode):
        name = value.name(lang)
        return {
            "id": term.value,
            "name": name if name is not None else facts.name(term.value, lang),
        }
    if not isinstance(term, ox.Literal):
        return {"str": str(term)}
    datatype = term.datatype.value
    text = term.value.strip()
    if datatype == XSD + "dateTime" and _DATETIME.fullmatch(text):
        return {"date": text}
    if datatype == XSD + "date" and _DATE.fullmatch(text[:10]) and len(text) == 10:
        return {"date": f"{text}T00:00:00"}
    try:
        if datatype in INTEGERS:
            return {"int": int(text)}
        if datatype in FLOATS and math.isfinite(float(text)):
            return {"float": float(text)}
    except ValueError:
        pass
    return {"str": term.value}


def proposals(class_iri: str, limit: int, facts: GraphFacts, lang: str) -> dict[str, Any]:
    """The property proposal answer for a type."""
    found = facts.proposals(class_iri)[:limit]
    return {
        "type": class_iri,
        "limit": limit,
        "properties": [{"id": pid, "name": facts.name(pid, lang)} for pid in found],
    }
