"""The artefact on disk: where each file of a dataset version lies.

Layout of ``<build_dir>``::

    current -> versions/<version>      the artefact being served (swapped atomically)
    history.jsonl                      each publication: version and time (the build order)
    versions/<version>/
        dataset.nq                     every graph, what the store loads
        manifest.json                  version, counts, validation result, inputs
        context.jsonld                 the JSON-LD context
        shapes.ttl                     the SHACL shapes
        dumps/dataset.{nq,trig,ttl,nt,jsonld}
        queries/*.rq                   the saved queries, copied unchanged

The version is the sha256 of ``dataset.nq``, whose lines are sorted: the same input
gives the same version.
"""

from __future__ import annotations

import pyoxigraph as ox

CURRENT = "current"
VERSIONS = "versions"
MANIFEST = "manifest.json"
NQUADS = "dataset.nq"
CONTEXT = "context.jsonld"
SHAPES = "shapes.ttl"
DUMPS = "dumps"

# extension, pyoxigraph format, EU file type; N-Quads and TriG keep the graphs.
DUMP_FORMATS: tuple[tuple[str, ox.RdfFormat | None, str], ...] = (
    ("nq", ox.RdfFormat.N_QUADS, "NQUADS"),
    ("trig", ox.RdfFormat.TRIG, "TRIG"),
    ("ttl", ox.RdfFormat.TURTLE, "RDF_TURTLE"),
    ("nt", ox.RdfFormat.N_TRIPLES, "RDF_N_TRIPLES"),
    ("jsonld", None, "JSON_LD"),
)
