"""An rdflib-backed store, selectable with ``store = "rdflib"``.

Slower than the pyoxigraph default; it exists so that answers can be checked against a
second, independent SPARQL engine.  Results are adapted to the shapes of pyoxigraph's
result objects (``variables``, rows indexed by name, ``Triple``s, a boolean), so the
serialisers have one input type.  rdflib's SPARQL parser is not thread-safe and its
``FROM`` would load graphs from anywhere: queries run under one lock with graph loading
switched off.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
import rdflib
import rdflib.plugins.sparql as rdflib_sparql
from rdflib.graph import ReadOnlyGraphAggregate

from ..rdf.convert import to_oxigraph, to_rdflib
from .base import Result, Term

rdflib_sparql.SPARQL_LOAD_GRAPHS = False
rdflib_sparql.SPARQL_DEFAULT_GRAPH_UNION = True
_PARSE_LOCK = threading.Lock()


class _Row:
    """One solution, indexable like pyoxigraph's QuerySolution."""

    __slots__ = ("_values", "_names")

    def __init__(self, names: list[str], values: dict[str, Term]) -> None:
        self._names, self._values = names, values

    def __getitem__(self, key: str | int | ox.Variable) -> Term | None:
        if isinstance(key, int):
            key = self._names[key]
        return self._values.get(key.value if isinstance(key, ox.Variable) else key)

    def __iter__(self) -> Iterator[Term | None]:
        return (self._values.get(name) for name in self._names)

    def __len__(self) -> int:
        return len(self._names)


class Solutions:
    """SELECT results with pyoxigraph's interface."""

    def __init__(self, variables: list[str], rows: list[_Row]) -> None:
        self.variables = [ox.Variable(v) for v in variables]
        self._rows = rows

    def __iter__(self) -> Iterator[_Row]:
        return iter(self._rows)


class Boolean:
    """An ASK result with pyoxigraph's interface."""

    def __init__(self, value: bool) -> None:
        self._value = value

    def __bool__(self) -> bool:
        return self._value


class RdflibStore:
    """Every graph of one artefact in an rdflib Dataset, queried by rdflib."""

    def __init__(self, nquads: Path, version: str, base_iri: str | None = None) -> None:
        self.version = version
        self._base_iri = base_iri
        self._dataset = rdflib.Dataset(default_union=True)
        self._dataset.parse(str(nquads), format="nquads")
        default = rdflib.graph.DATASET_DEFAULT_GRAPH_ID
        self._graphs = frozenset(
            str(g.identifier) for g in self._dataset.contexts() if g.identifier != default
        )

    def graph_names(self) -> frozenset[str]:
        """The IRIs of the named graphs held."""
        return self._graphs

    def _target(self, default_graphs: Sequence[str] | None):
        if default_graphs is None:
            return self._dataset
        return ReadOnlyGraphAggregate(
            [self._dataset.graph(rdflib.URIRef(g)) for g in default_graphs]
        )

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        bindings: Mapping[str, Term] | None = None,
    ) -> Result:
        """Run one query under the parse lock and adapt its result."""
        init = {rdflib.Variable(k): to_rdflib(v) for k, v in (bindings or {}).items()}
        with _PARSE_LOCK:
            result = self._target(default_graphs).query(
                sparql, initBindings=init, base=self._base_iri
            )
            if result.type == "ASK":
                return Boolean(bool(result.askAnswer))  # type: ignore[return-value]
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return [ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in result]  # type: ignore[return-value]
            names = [str(v) for v in result.vars or []]
            rows = [
                _Row(names, {n: to_oxigraph(row[n]) for n in names if row[n] is not None})
                for row in result
            ]
        return Solutions(names, rows)  # type: ignore[return-value]

    def close(self) -> None:
        """Nothing to release."""
