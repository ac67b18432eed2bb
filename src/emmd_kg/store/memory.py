"""The embedded default store: pyoxigraph in memory, loaded from the artefact's N-Quads.

Relative IRIs in queries resolve against ``base_iri`` (the endpoint's IRI, as the SPARQL
protocol allows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .base import QueryResult, Term


def query_options(
    base_iri: str | None,
    default_graphs: Sequence[str] | None,
    named_graphs: Sequence[str] | None,
    bindings: Mapping[str, Term] | None,
) -> dict[str, Any]:
    """pyoxigraph ``Store.query`` options for the Store protocol's arguments."""
    options: dict[str, Any] = {"base_iri": base_iri}
    if default_graphs is None:
        options["use_default_graph_as_union"] = True
    else:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    if bindings:
        options["substitutions"] = {ox.Variable(k): v for k, v in bindings.items()}
    return options


class MemoryStore:
    """A pyoxigraph in-memory store holding every graph of one artefact."""

    def __init__(self, nquads: Path, version: str, base_iri: str | None = None) -> None:
        self.version = version
        self._base_iri = base_iri
        self._store = ox.Store()
        self._store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        self._graphs = frozenset(g.value for g in self._store.named_graphs())

    def graph_names(self) -> frozenset[str]:
        """The IRIs of the named graphs held."""
        return self._graphs

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        bindings: Mapping[str, Term] | None = None,
    ) -> QueryResult:
        """Run a query with the union of all graphs as the default graph unless told."""
        options = query_options(self._base_iri, default_graphs, named_graphs, bindings)
        return QueryResult.of(self._store.query(sparql, **options))

    def close(self) -> None:
        """Nothing to release: the store lives in memory."""
