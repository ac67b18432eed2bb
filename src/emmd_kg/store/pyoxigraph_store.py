"""What the two pyoxigraph stores (in memory, on disk) share: the query call.

Relative IRIs in queries resolve against ``base_iri`` (the endpoint's IRI, as the SPARQL
protocol allows).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Unpack

import pyoxigraph as ox

from .base import QueryOptions, QueryResult


def query_options(base_iri: str | None, options: QueryOptions) -> dict[str, Any]:
    """pyoxigraph ``Store.query`` options for the Store protocol's arguments."""
    native: dict[str, Any] = {"base_iri": base_iri}
    default_graphs = options.get("default_graphs")
    if default_graphs is None:
        native["use_default_graph_as_union"] = True
    else:
        native["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    named_graphs = options.get("named_graphs")
    if named_graphs is not None:
        native["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    bindings = options.get("bindings")
    if bindings:
        native["substitutions"] = {ox.Variable(k): v for k, v in bindings.items()}
    return native


class OxigraphStore:
    """A store whose queries a pyoxigraph ``Store`` answers; :meth:`_engine` says which."""

    def __init__(self, version: str, graphs: Iterable[str], base_iri: str | None) -> None:
        self.version = version
        self._graphs = frozenset(graphs)
        self._base_iri = base_iri

    def _engine(self) -> ox.Store:
        """The pyoxigraph store that answers this process's queries."""
        raise NotImplementedError

    def graph_names(self) -> frozenset[str]:
        """The IRIs of the named graphs held."""
        return self._graphs

    def query(self, sparql: str, **options: Unpack[QueryOptions]) -> QueryResult:
        """Run a query with the union of all graphs as the default graph unless told."""
        native = query_options(self._base_iri, options)
        return QueryResult.of(self._engine().query(sparql, **native))
