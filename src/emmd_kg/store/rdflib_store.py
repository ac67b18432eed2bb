"""An rdflib-backed store, selectable with ``store = "rdflib"``.

Slower than the pyoxigraph default; it exists so that answers can be checked against a
second, independent SPARQL engine.  rdflib's answers are handed over as a
:class:`~emmd_kg.store.base.QueryResult` of pyoxigraph objects (SELECT and ASK through
SPARQL JSON, CONSTRUCT as ``Triple``s), so the serialisers have one input type.
rdflib's SPARQL parser is not thread-safe and its ``FROM`` would load graphs from
anywhere: queries run under one lock with graph loading switched off.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Unpack

import pyoxigraph as ox
import rdflib
import rdflib.plugins.sparql as rdflib_sparql
from pyparsing import ParseException
from rdflib.graph import ReadOnlyGraphAggregate

from ..rdf.convert import to_oxigraph_triple, to_rdflib
from .base import QueryOptions, QueryResult

rdflib_sparql.SPARQL_LOAD_GRAPHS = False
rdflib_sparql.SPARQL_DEFAULT_GRAPH_UNION = True
_PARSE_LOCK = threading.Lock()


class RdflibStore:
    """Every graph of one artefact in an rdflib Dataset, queried by rdflib."""

    def __init__(self, nquads: Path, version: str, base_iri: str | None = None) -> None:
        self.version = version
        self._base_iri = base_iri
        self._dataset = rdflib.Dataset(default_union=True)
        self._dataset.parse(str(nquads), format="nquads")
        default = rdflib.graph.DATASET_DEFAULT_GRAPH_ID
        self._graphs = frozenset(
            str(g.identifier) for g in self._dataset.graphs() if g.identifier != default
        )

    def graph_names(self) -> frozenset[str]:
        """The IRIs of the named graphs held."""
        return self._graphs

    def _target(self, default_graphs: Sequence[str] | None) -> rdflib.Graph:
        if default_graphs is None:
            return self._dataset
        return ReadOnlyGraphAggregate(
            [self._dataset.graph(rdflib.URIRef(g)) for g in default_graphs]
        )

    def query(self, sparql: str, **options: Unpack[QueryOptions]) -> QueryResult:
        """Run one query under the parse lock and adapt its result."""
        init: dict[str, rdflib.term.Identifier] = {
            rdflib.Variable(k): to_rdflib(v) for k, v in (options.get("bindings") or {}).items()
        }
        with _PARSE_LOCK:
            try:
                result = self._target(options.get("default_graphs")).query(
                    sparql, initBindings=init, base=self._base_iri
                )
            except ParseException as exc:  # the syntax error pyoxigraph would raise
                raise SyntaxError(str(exc)) from None
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                assert result.graph is not None
                return QueryResult.of_triples([to_oxigraph_triple(t) for t in result.graph])
            answer = result.serialize(format="json")
        return QueryResult.of(ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON))

    def close(self) -> None:
        """Nothing to release."""
