"""The Store protocol: the one interface every backend offers to the query layer.

A store answers SPARQL 1.1 queries over one loaded dataset version.  The default graph
of a query is the union of all graphs unless the request names default graphs; the
named graphs of the store are available to ``GRAPH`` (DESIGN.md section 7).  Results
are pyoxigraph objects whatever the backend, so the serialisers have one input type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, TypeAlias

import pyoxigraph as ox

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
Result: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class Store(Protocol):
    """A read-only, queryable dataset of one version."""

    version: str
    """The dataset version (content hash of the artefact) this store holds."""

    def graph_names(self) -> frozenset[str]:
        """The IRIs of the named graphs held."""
        ...

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        bindings: Mapping[str, Term] | None = None,
    ) -> Result:
        """Run one query (already through the gate); ``bindings`` pre-bind variables.

        ``default_graphs`` None means the union of all graphs; ``named_graphs`` None
        means every named graph.
        """
        ...

    def close(self) -> None:
        """Release what the store holds (files, connections)."""
        ...
