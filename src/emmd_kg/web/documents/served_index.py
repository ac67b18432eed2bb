"""The document index of the served version: which documents exist and what each holds.

Built once per dataset version (in the process that forks the workers, so they share
it) from the store and the SHACL shapes; the 303s, the documents and the sitemap read it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
from flask import current_app

from ...linked.index import DocumentIndex
from ..state import Served

_LOCK = threading.Lock()
_KEY = "emmd_kg.index"


def document_index(served: Served) -> DocumentIndex:
    """The index of ``served``, built on first use."""
    held = current_app.extensions.get(_KEY)
    if held is None or held[0] != served.version:
        with _LOCK:
            held = current_app.extensions.get(_KEY)
            if held is None or held[0] != served.version:
                base = served.artefact.manifest.base_iri
                shapes = _shapes_documents(served.artefact.path / "shapes.ttl", base)
                held = (served.version, DocumentIndex.build(served.store, base, shapes))
                current_app.extensions[_KEY] = held
    return held[1]


def _shapes_documents(path: Path, base: str) -> dict[str, str]:
    """The documents the SHACL shapes mention under the base, all served at ``/shapes``."""
    if not path.exists():
        return {}
    found = {}
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        for term in (triple.subject, triple.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(base):
                found[term.value.split("#", 1)[0]] = "/shapes"
    return found
