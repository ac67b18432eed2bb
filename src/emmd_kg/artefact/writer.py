"""Writing the artefact: one folder per dataset version, published by swapping a link.

A new version is written into a staging folder beside the others
(:func:`staging_dir`), then :func:`promote` renames it to ``versions/<version>`` and
points ``current`` at it atomically.  Nothing is visible under ``current`` until every
file is written, and a failed build leaves ``current`` untouched.  A build that is killed
cannot clean up after itself: its staging folder carries its process id, and the next
build removes every staging folder whose process is gone.  The layout is in
:mod:`emmd_kg.artefact.layout`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..builder.dataset_description import Dump
from ..errors import BuildError
from ..rdf.jsonld import compact
from .history import prune, record
from .layout import CURRENT, DUMP_FORMATS, MANIFEST, VERSIONS
from .manifest import FileDigest, Manifest
from .verify import verify

STAGING = ".staging-"


def sort_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Quads in a canonical order (graph, subject, predicate, object)."""
    return sorted(
        set(quads),
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )


def write_dumps(
    folder: Path, quads: list[ox.Quad], prefixes: dict[str, str], context: dict[str, Any]
) -> list[Dump]:
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


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` into the version folder ``folder``."""
    (folder / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")


def digest_files(folder: Path) -> dict[str, FileDigest]:
    """Size and sha256 of every file under ``folder`` but the manifest, by relative path."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name != MANIFEST:
            with path.open("rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
            found[name] = FileDigest(path.stat().st_size, digest)
    return found


def staging_dir(build_dir: Path) -> Path:
    """A fresh folder to write a new artefact into, beside the published versions (the
    leftovers of killed builds are removed first)."""
    versions = build_dir / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    clear_leftovers(versions)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=versions))
    staging.chmod(0o755)
    return staging


def clear_leftovers(versions: Path) -> list[Path]:
    """Remove the staging folders under ``versions`` whose build process is gone; return
    them.  A folder whose name carries no process id (older builds) is a leftover too."""
    removed = []
    for path in versions.glob(f"{STAGING}*"):
        pid = path.name[len(STAGING) :].partition("-")[0]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discard(staging: Path) -> None:
    """Remove a staging folder of a build that failed."""
    shutil.rmtree(staging, ignore_errors=True)


def promote(build_dir: Path, staging: Path, version: str, *, keep: int) -> Path:
    """Move ``staging`` to ``versions/<version>`` and point ``current`` at it atomically,
    log the publication and prune to the ``keep`` newest versions in build order (the one
    served until now is spared: a running server may still read it).

    A folder of that version already there is kept when it is intact (a running server
    may read it, and its files are the same), and replaced when it is not: damaged, or
    written by a build whose manifest today's code no longer reads."""
    versions = build_dir / VERSIONS
    final = versions / version
    if final.exists() and _intact(final):
        shutil.rmtree(staging)
    else:
        if final.exists():
            stale = versions / f".stale-{os.getpid()}-{version}"
            final.rename(stale)
            shutil.rmtree(stale, ignore_errors=True)
        staging.rename(final)
    link = build_dir / CURRENT
    previous = link.resolve().name if link.exists() else None
    temp = build_dir / f".{CURRENT}-{os.getpid()}"
    temp.unlink(missing_ok=True)
    temp.symlink_to(Path(VERSIONS) / version)
    os.replace(temp, link)
    record(build_dir, version)
    prune(build_dir, keep, protect=[v for v in (version, previous) if v])
    return final


def _intact(version_dir: Path) -> bool:
    try:
        verify(version_dir)
    except BuildError:
        return False
    return True
