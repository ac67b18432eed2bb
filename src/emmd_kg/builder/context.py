"""The project's JSON-LD context, derived from the data so that it covers every term.

Each property becomes a term named by its local name (prefixed when two vocabularies
share a local name); IRI-valued properties get ``"@type": "@id"``, properties whose
values are all language-tagged get a language map, single-datatype properties their
datatype.  There is no ``@vocab``: a misspelt key must not become a triple.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from ..rdf.convert import RDF_LANGSTRING, XSD_STRING
from ..rdf.namespaces import RDF_TYPE, all_prefixes
from ..sources import Triple

CONTEXT_VERSION = 1.1


def _split(iri: str, prefixes: dict[str, str]) -> tuple[str, str] | None:
    best = max((ns for ns in prefixes.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return None
    name = next(k for k, v in prefixes.items() if v == best)
    return name, iri[len(best) :]


def _value_kind(objects: set[tuple[str, str | None]]) -> dict[str, str]:
    kinds = {kind for kind, _ in objects}
    if kinds == {"iri"}:
        return {"@type": "@id"}
    if kinds == {"lang"}:
        return {"@container": "@language"}
    datatypes = {dt for kind, dt in objects if kind == "typed" and dt is not None}
    if kinds == {"typed"} and len(datatypes) == 1:
        (datatype,) = datatypes
        return {} if datatype == XSD_STRING else {"@type": datatype}
    return {}


def build_context(triples: Iterable[Triple], base: str, extra: dict[str, str]) -> dict:
    """The JSON-LD context for ``triples`` (a dict, ready to be written or inlined)."""
    prefixes = {**all_prefixes(base), **extra}
    objects: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for _, p, o in triples:
        if p.value == RDF_TYPE:
            continue
        if isinstance(o, ox.Literal):
            dt = o.datatype.value
            objects[p.value].add(("lang", None) if dt == RDF_LANGSTRING else ("typed", dt))
        else:
            objects[p.value].add(("iri", None))
    by_local: dict[str, list[str]] = defaultdict(list)
    for iri in objects:
        split = _split(iri, prefixes)
        if split and split[1].isidentifier():
            by_local[split[1]].append(iri)
    context: dict[str, object] = {"@version": CONTEXT_VERSION}
    context.update(dict(sorted(prefixes.items())))
    for local, iris in sorted(by_local.items()):
        for iri in sorted(iris):
            prefix, _ = _split(iri, prefixes)  # type: ignore[misc]
            term = local if len(iris) == 1 and local not in context else f"{prefix}_{local}"
            definition = {"@id": iri, **_value_kind(objects[iri])}
            if definition.get("@type") not in (None, "@id"):
                short = _split(definition["@type"], prefixes)
                if short:
                    definition["@type"] = f"{short[0]}:{short[1]}"
            context[term] = definition
    return {"@context": context}
