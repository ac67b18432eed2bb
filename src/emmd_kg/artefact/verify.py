"""Checking a version folder against its manifest before it is served.

The build records in ``manifest.json`` the size and sha256 of every file it wrote
(:attr:`~.manifest.Manifest.files`) and the quads of ``dataset.nq``, in all and per
graph.  :func:`verify` reads every listed file once and compares: a file that is missing,
shorter or longer (truncated, appended to), edited, or whose quads do not add up is an
:class:`~emmd_kg.errors.ArtefactError` naming the file and what is wrong, so a damaged
artefact is refused with one line and never loaded, whatever the store would make of it.

What it costs: one sequential read of every file with sha256 and, for ``dataset.nq``
only, a count of newlines and one ``bytes.count`` per graph over each chunk.  On the
benchmark machine, 100,000 quads (79 MB: ``dataset.nq`` and the five dumps) take 0.10 s,
against 0.26 s for the store to load ``dataset.nq``; it grows with the bytes, so about
1 s at a million triples (``bench/RESULTS.md``).  The count relies on the N-Quads being
written one quad per line, each ending in `` <graph> .``, which is how the build writes
them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NoReturn

from ..errors import ArtefactError, BuildError
from .layout import MANIFEST, NQUADS
from .manifest import FileDigest, Manifest

CHUNK = 1 << 20
_REBUILD = "rebuild with 'emmd-kg build'"


def verify(version_dir: Path) -> None:
    """Check every file of ``version_dir`` against its manifest.

    Raises ArtefactError (a BuildError) naming the first file that is wrong.
    """
    try:
        manifest = Manifest.from_file(version_dir / MANIFEST)
    except ArtefactError:
        raise
    except BuildError as exc:
        raise ArtefactError(exc.message) from None
    if NQUADS not in manifest.files:
        _fail(version_dir / MANIFEST, f"lists no checksum for {NQUADS}")
    for name, expected in manifest.files.items():
        graphs = manifest.graphs if name == NQUADS else None
        _check_file(version_dir / name, expected, graphs, manifest.quads)


def _check_file(
    path: Path, expected: FileDigest, graphs: dict[str, int] | None, quads: int
) -> None:
    """One file against its record; ``graphs`` (dataset.nq only): the quads per graph."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        _fail(path, "is missing")
    except OSError as exc:
        _fail(path, f"cannot be read ({exc.strerror})")
    if size != expected.size:
        cut = "truncated" if size < expected.size else "longer than built"
        _fail(path, f"is {size:,} bytes, the manifest says {expected.size:,} ({cut})")
    digest, counted, ends_in_newline = _read(path, graphs)
    if not ends_in_newline:
        _fail(path, "ends in the middle of a line")
    if digest != expected.sha256:
        _fail(path, "does not match its sha256 in the manifest (the file was changed)")
    if graphs is not None:
        _check_counts(path, counted, graphs, quads)


def _read(path: Path, graphs: dict[str, int] | None) -> tuple[str, dict[str, int], bool]:
    """sha256 of ``path``; for ``graphs``, the lines ending in each graph (and ``""``:
    every line); whether the file ends in a newline (an empty one does).

    Each chunk is counted where it lies; an ending cut by a chunk boundary is found in
    the seam, the bytes around the boundary too short to hold a whole ending either side.
    """
    hasher = hashlib.sha256()
    endings = {iri: f" <{iri}> .\n".encode() for iri in graphs or ()}
    counted = dict.fromkeys(["", *endings], 0)
    previous, last = b"", b"\n"
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                hasher.update(chunk)
                last = chunk[-1:]
                if graphs is None:
                    continue
                counted[""] += chunk.count(b"\n")
                for iri, ending in endings.items():
                    edge = len(ending) - 1
                    seam = previous[len(previous) - edge :] + chunk[:edge]
                    counted[iri] += chunk.count(ending) + seam.count(ending)
                previous = chunk
    except OSError as exc:
        _fail(path, f"cannot be read ({exc.strerror})")
    return hasher.hexdigest(), counted, last == b"\n"


def _check_counts(path: Path, counted: dict[str, int], graphs: dict[str, int], quads: int) -> None:
    if counted[""] != quads:
        _fail(path, f"holds {counted['']:,} quads, the manifest says {quads:,}")
    for iri, expected in graphs.items():
        if counted[iri] != expected:
            _fail(path, f"holds {counted[iri]:,} quads in <{iri}>, the manifest says {expected:,}")


def _fail(path: Path, problem: str) -> NoReturn:
    raise ArtefactError(f"damaged artefact: {path} {problem}; {_REBUILD}", path=str(path))
