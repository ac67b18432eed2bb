"""Writing a servable artefact from given quads, for tests that need foreign data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

from emmd_kg.build import artefact as out


def write_artefact(build_dir: Path, quads: list[ox.Quad], base_iri: str) -> str:
    """Publish ``quads`` as the current artefact of ``build_dir``; return its version."""
    staging = out.staging_dir(build_dir)
    ox.serialize(out.sort_quads(quads), str(staging / out.NQUADS), format=ox.RdfFormat.N_QUADS)
    version = hashlib.sha256((staging / out.NQUADS).read_bytes()).hexdigest()[:16]
    (staging / "context.jsonld").write_text('{"@context": {}}\n', encoding="utf-8")
    (staging / "shapes.ttl").write_text("", encoding="utf-8")
    manifest = {"version": version, "base_iri": base_iri, "graphs": {}, "triples": len(quads)}
    (staging / out.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    out.publish(build_dir, staging, version)
    return version
