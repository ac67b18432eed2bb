"""Writing the artefact: one folder per dataset version, published by swapping a link.

Layout of ``<build_dir>``::

    current -> versions/<version>      the artefact being served (swapped atomically)
    versions/<version>/
        dataset.nq                     every graph, what the store loads
        manifest.json                  version, counts, validation result, inputs
        context.jsonld                 the JSON-LD context
        shapes.ttl                     the SHACL shapes
        dumps/dataset.{nq,trig,ttl,nt,jsonld}

The version is the sha256 of ``dataset.nq``, whose lines are sorted: the same input
gives the same version.  Nothing is visible under ``current`` until every file is
written, and a failed build leaves ``current`` untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import BuildError
from ..rdf.jsonld import compact
from .describe import Dump

MANIFEST = "manifest.json"
NQUADS = "dataset.nq"
KEEP_VERSIONS = 3

# extension, pyoxigraph format, EU file type; N-Quads and TriG keep the graphs.
DUMP_FORMATS: tuple[tuple[str, ox.RdfFormat | None, str], ...] = (
    ("nq", ox.RdfFormat.N_QUADS, "NQUADS"),
    ("trig", ox.RdfFormat.TRIG, "TRIG"),
    ("ttl", ox.RdfFormat.TURTLE, "RDF_TURTLE"),
    ("nt", ox.RdfFormat.N_TRIPLES, "RDF_N_TRIPLES"),
    ("jsonld", None, "JSON_LD"),
)


@dataclass(frozen=True)
class Artefact:
    """A written artefact version."""

    path: Path
    manifest: dict

    @property
    def version(self) -> str:
        """The dataset version (content hash)."""
        return self.manifest["version"]

    @property
    def nquads(self) -> Path:
        """The N-Quads file holding every graph."""
        return self.path / NQUADS

    def context(self) -> dict:
        """The JSON-LD context document."""
        return json.loads((self.path / "context.jsonld").read_text(encoding="utf-8"))


def sort_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Quads in a canonical order (graph, subject, predicate, object)."""
    return sorted(
        set(quads),
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )


def write_dumps(folder: Path, quads: list[ox.Quad], prefixes: dict, context: dict) -> list[Dump]:
    """Write every dump format of ``quads`` into ``folder``; return what was written."""
    folder.mkdir(parents=True)
    triples = sorted(
        {q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))
    )
    dumps = []
    for extension, fmt, file_type in DUMP_FORMATS:
        target = folder / f"dataset.{extension}"
        if fmt is None:
            document = compact(((t.subject, t.predicate, t.object) for t in triples), context)
            target.write_text(
                json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            media_type = "application/ld+json"
        else:
            data = quads if fmt.supports_datasets else triples
            ox.serialize(
                data,
                str(target),
                format=fmt,
                prefixes=prefixes if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None,
            )
            media_type = fmt.media_type
        body = target.read_bytes()
        dumps.append(
            Dump(extension, media_type, file_type, len(body), hashlib.sha256(body).hexdigest())
        )
    return dumps


def staging_dir(build_dir: Path) -> Path:
    """A fresh folder to write a new artefact into, beside the published versions."""
    versions = build_dir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=versions))
    staging.chmod(0o755)
    return staging


def publish(build_dir: Path, staging: Path, version: str) -> Path:
    """Move ``staging`` to ``versions/<version>`` and point ``current`` at it atomically."""
    versions = build_dir / "versions"
    final = versions / version
    if final.exists():
        shutil.rmtree(staging)
    else:
        staging.rename(final)
    link = build_dir / "current"
    temp = build_dir / f".current-{os.getpid()}"
    temp.unlink(missing_ok=True)
    temp.symlink_to(Path("versions") / version)
    os.replace(temp, link)
    _prune(versions, keep=version)
    return final


def _prune(versions: Path, keep: str) -> None:
    old = sorted(
        (p for p in versions.iterdir() if p.name != keep and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
    )
    for path in old[: max(0, len(old) - (KEEP_VERSIONS - 1))]:
        shutil.rmtree(path, ignore_errors=True)


def open_artefact(build_dir: Path) -> Artefact:
    """The artefact ``current`` points at."""
    path = build_dir / "current"
    manifest = path / MANIFEST
    if not manifest.exists():
        raise BuildError(f"no artefact in {build_dir}: run 'emmd-kg build' first")
    resolved = path.resolve()
    return Artefact(resolved, json.loads((resolved / MANIFEST).read_text(encoding="utf-8")))
