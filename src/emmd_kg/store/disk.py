"""The on-disk store: pyoxigraph on RocksDB, for data larger than memory.

``serve --store oxigraph:PATH`` loads the artefact into PATH once (when PATH holds
another dataset version) and then only ever opens it read-only: every process that
queries (HTTP worker, query executor) opens its own read-only handle on first use, after
any fork, so no RocksDB handle crosses a fork and no serving process can write.
"""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

import pyoxigraph as ox

from .pyoxigraph_store import OxigraphStore

MARKER = "emmd-kg-version.json"


def load(path: Path, nquads: Path, version: str) -> list[str]:
    """Make the store at ``path`` hold exactly the artefact; return its named graphs."""
    marker = path / MARKER
    if marker.exists():
        stated = json.loads(marker.read_text(encoding="utf-8"))
        if stated.get("version") == version:
            graphs: list[str] = stated["graphs"]
            return graphs
    path.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    store = ox.Store(str(path))
    store.clear()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    graphs = sorted(g.value for g in store.named_graphs())
    store.flush()
    del store
    gc.collect()  # release the RocksDB lock before read-only handles open
    marker.write_text(json.dumps({"version": version, "graphs": graphs}), encoding="utf-8")
    return graphs


class DiskStore(OxigraphStore):
    """A read-only view of an on-disk pyoxigraph store holding one artefact version.

    Queries run on this process's read-only handle.
    """

    def __init__(self, path: Path, nquads: Path, version: str, base_iri: str | None = None) -> None:
        super().__init__(version, load(path, nquads, version), base_iri)
        self._path = path
        self._handle: ox.Store | None = None
        self._pid = 0

    def _engine(self) -> ox.Store:
        if self._handle is None or self._pid != os.getpid():
            self._handle = ox.Store.read_only(str(self._path))
            self._pid = os.getpid()
        return self._handle

    def close(self) -> None:
        """Drop this process's handle."""
        self._handle = None
