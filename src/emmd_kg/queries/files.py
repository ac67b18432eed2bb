"""Saved queries in the build and in the artefact: read and check, write, load.

The build calls :func:`read_project` while parsing (so ``emmd-kg validate`` checks the
queries too), then :func:`write`, which copies each ``.rq`` file unchanged into
``queries/`` of the version folder and returns the manifest's ``queries`` section: the
registry of names the server trusts (nothing is ever opened from a request path).
:func:`load` reads the catalogue back from an artefact, moving IRIs from the source base
to the artefact's base as the build did.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from ..artefact import Manifest, QueryFile, QueryFiles
from ..config import Settings
from ..errors import BuildError
from .check import check_catalogue
from .saved import Catalogue, parse_query, read_folder

FOLDER = "queries"


def read_project(settings: Settings, graph_names: frozenset[str]) -> Catalogue:
    """The project's saved queries, each checked (SourceSyntaxError names file and line)."""
    folder = settings.project_dir / FOLDER
    catalogue = read_folder(folder, settings.source_base, settings.base_iri)
    check_catalogue(catalogue, settings, graph_names)
    return catalogue


def input_digest(project: Path) -> dict[str, str]:
    """Relative path → sha256 of every query file (the build's inputs, beside the Turtle)."""
    return {
        f"{FOLDER}/{path.name}": hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((project / FOLDER).glob("*.rq"))
    }


def write(catalogue: Catalogue, project: Path, target: Path, source_base: str) -> QueryFiles:
    """Copy the query files into ``target/queries``; the manifest section listing them."""
    folder = target / FOLDER
    if len(catalogue):
        folder.mkdir()
    files = {}
    for query in catalogue:
        shutil.copyfile(project / query.path, target / query.path)
        files[query.name] = QueryFile(query.path, query.version, query.form)
    return QueryFiles(source_base, files)


def load(artefact_path: Path, manifest: Manifest) -> Catalogue:
    """The catalogue of an artefact, from the files its manifest lists."""
    section = manifest.queries
    catalogue = Catalogue()
    for name, entry in sorted(section.files.items()):
        path = artefact_path / entry.file
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise BuildError(f"the artefact lacks the saved query {name!r} ({exc})") from None
        catalogue.queries[name] = parse_query(
            text, entry.file, section.source_base, manifest.base_iri
        )
    return catalogue
