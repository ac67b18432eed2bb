"""JSON-LD output: triples → expanded JSON-LD → compacted with the project's context.

pyld does the compaction; the context is always passed as a dict and pyld's document
loader is replaced by one that refuses every fetch, so no context is ever loaded from
the network or the file system.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from pyld import jsonld

from ..errors import EmmdError
from .convert import RDF_LANGSTRING, XSD_STRING
from .namespaces import RDF_TYPE


def _refuse(url: str, options: dict | None = None) -> dict:
    raise EmmdError(f"JSON-LD document loading is disabled (asked for {url!r})")


jsonld.set_document_loader(_refuse)


def _node_key(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _object(term) -> dict:
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == RDF_LANGSTRING:
            return {"@value": term.value, "@language": term.language}
        if datatype == XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": datatype}
    return {"@id": _node_key(term)}


def expand(triples: Iterable[tuple]) -> list[dict]:
    """Expanded JSON-LD (a list of node objects) for ``triples``, in a stable order."""
    nodes: dict[str, dict] = {}
    for s, p, o in triples:
        node = nodes.setdefault(_node_key(s), {"@id": _node_key(s)})
        if p.value == RDF_TYPE and not isinstance(o, ox.Literal):
            node.setdefault("@type", []).append(_node_key(o))
        else:
            node.setdefault(p.value, []).append(_object(o))
    return [nodes[key] for key in sorted(nodes)]


def compact(triples: Iterable[tuple], context: dict) -> dict:
    """Compacted JSON-LD, with the context inlined."""
    return jsonld.compact(expand(triples), context, {"documentLoader": _refuse})
