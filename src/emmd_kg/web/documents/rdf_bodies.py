"""Graphs as bytes in one RDF format, for every part of the site that writes RDF.

Turtle, TriG, N-Triples, N-Quads and RDF/XML are written by pyoxigraph with the
project's prefixes (those of its JSON-LD context too); quads keep their named graph in
TriG and N-Quads.  JSON-LD is compacted by pyld with the published context, passed as
a dict (nothing is fetched): inlined by default, or left out when the context travels
in a ``Link`` header (plain ``application/json``).  No rdflib on this path.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pyoxigraph as ox

from ...rdf.formats import Format
from ...rdf.jsonld import compact
from ...rdf.namespaces import all_prefixes
from ...sparql.results import render
from ..state import Served


def render_triples(
    statements: Sequence[ox.Triple | ox.Quad],
    fmt: Format,
    served: Served,
    *,
    inline_context: bool = True,
) -> bytes:
    """``statements`` as ``fmt`` with the context and prefixes of the ``served`` version;
    see the module docstring for JSON-LD and quads."""
    if fmt.name == "jsonld":
        triples = ((t.subject, t.predicate, t.object) for t in statements)
        document = compact(triples, served.context)
        if not inline_context:
            document.pop("@context", None)
        return json.dumps(document, ensure_ascii=False, indent=1).encode()
    context = served.context.get("@context", {})
    prefixes = {
        **all_prefixes(served.artefact.manifest.base_iri),
        **{k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")},
    }
    if isinstance(fmt.ox_format, ox.RdfFormat) and fmt.ox_format.supports_datasets:
        quads = [
            s if isinstance(s, ox.Quad) else ox.Quad(s.subject, s.predicate, s.object)
            for s in statements
        ]
        kept = prefixes if fmt.ox_format == ox.RdfFormat.TRIG else None
        written = ox.serialize(quads, format=fmt.ox_format, prefixes=kept)
        assert written is not None  # without an output, serialize returns the bytes
        return written
    graph = [s.triple if isinstance(s, ox.Quad) else s for s in statements]
    return render(graph, fmt, len(graph), prefixes=prefixes).body
