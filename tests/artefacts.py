"""Writing a servable artefact from given quads, for tests that need foreign data."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from emmd_kg import artefact as out
from emmd_kg.search import records, write_records


def write_artefact(build_dir: Path, quads: list[ox.Quad], base_iri: str) -> str:
    """Publish ``quads`` as the current artefact of ``build_dir``; return its version."""
    staging = out.staging_dir(build_dir)
    quads = out.sort_quads(quads)
    ox.serialize(quads, str(staging / out.NQUADS), format=ox.RdfFormat.N_QUADS)
    version = hashlib.sha256((staging / out.NQUADS).read_bytes()).hexdigest()[:16]
    (staging / out.CONTEXT).write_text('{"@context": {}}\n', encoding="utf-8")
    (staging / out.SHAPES).write_text("", encoding="utf-8")
    named = records(quads)
    file, size, digest = write_records(staging, named)
    manifest = out.Manifest(
        version=version,
        base_iri=base_iri,
        built_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        graphs=dict(
            Counter(q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode))
        ),
        triples=len(quads),
        quads=len(quads),
        inferred=0,
        validation=out.Validation(conforms=True, shapes=0, findings=0, scope="all"),
        dumps={},
        queries=out.QueryFiles(source_base=base_iri, files={}),
        files=out.digest_files(staging),
        inputs={},
        timings={},
        search=out.SearchFile(file, size, digest, len(named)),
    )
    out.write_manifest(staging, manifest)
    out.promote(build_dir, staging, version, keep=10)
    return version
