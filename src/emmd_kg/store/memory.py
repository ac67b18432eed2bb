"""The embedded default store: pyoxigraph in memory, loaded from the artefact's N-Quads."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .pyoxigraph_store import OxigraphStore


class MemoryStore(OxigraphStore):
    """A pyoxigraph in-memory store holding every graph of one artefact."""

    def __init__(self, nquads: Path, version: str, base_iri: str | None = None) -> None:
        self._store = ox.Store()
        self._store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        super().__init__(version, (g.value for g in self._store.named_graphs()), base_iri)

    def _engine(self) -> ox.Store:
        return self._store

    def close(self) -> None:
        """Nothing to release: the store lives in memory."""
