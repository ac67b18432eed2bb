"""The Store protocol: the one interface every backend offers to the query layer.

A store answers SPARQL 1.1 queries over one loaded dataset version.  The default graph
of a query is the union of all graphs unless the request names default graphs; the
named graphs of the store are available to ``GRAPH`` (README, "Named graphs").  Every
backend answers with one :class:`QueryResult`, whose rows and triples are pyoxigraph
objects, so the serialisers have one input type.

>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o")))
>>> result = QueryResult.of(store.query("SELECT ?o WHERE { ?s ?p ?o }"))
>>> result.kind, result.variables, [row["o"].value for row in result]
('solutions', ('o',), ['o'])
>>> QueryResult.of(store.query("ASK { ?s ?p 'o' }")).boolean
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, Protocol, TypeAlias, TypedDict

import pyoxigraph as ox

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
Kind: TypeAlias = Literal["solutions", "boolean", "triples"]
Native: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
"""The answer objects of pyoxigraph's ``Store.query`` and ``parse_query_results``."""

_BOOLEAN_JSON = {
    value: f'{{"head":{{}},"boolean":{"true" if value else "false"}}}'.encode()
    for value in (False, True)
}


class QueryResult:
    """The answer to one query: solutions (SELECT), a boolean (ASK) or triples.

    ``kind`` says which.  Iterating yields the solutions of a SELECT
    (``ox.QuerySolution``: ``row["x"]`` is the term bound to ``?x`` or None, ``tuple(row)``
    the terms in the order of ``variables``) or the triples (``ox.Triple``) of a
    CONSTRUCT or DESCRIBE; results stream from the engine, so iterate once.
    :meth:`solutions` and :meth:`triples` do the same, typed, after checking the kind.
    An ASK answer has ``boolean`` and no rows.  ``native`` is the pyoxigraph object the
    answer came as, when it came as one (always for a boolean), for pyoxigraph's own
    serialisers.  A result has no truth value: ask ``boolean`` or iterate.
    """

    __slots__ = ("kind", "native", "_items", "_variables")

    def __init__(
        self,
        kind: Kind,
        items: Iterable[Any],
        variables: tuple[str, ...] | None = None,
        native: Native | None = None,
    ) -> None:
        self.kind: Kind = kind
        self.native = native
        self._items = items
        self._variables = variables

    @classmethod
    def of(cls, native: Native) -> QueryResult:
        """The result that wraps a pyoxigraph answer (no row is read)."""
        if isinstance(native, ox.QuerySolutions):
            return cls("solutions", native, None, native)
        if isinstance(native, ox.QueryBoolean):
            return cls("boolean", (), (), native)
        return cls("triples", native, (), native)

    @classmethod
    def of_triples(cls, triples: Iterable[ox.Triple]) -> QueryResult:
        """A CONSTRUCT or DESCRIBE answer made of ``triples``."""
        return cls("triples", triples, ())

    @classmethod
    def of_boolean(cls, value: bool) -> QueryResult:
        """An ASK answer."""
        return cls.of(ox.parse_query_results(_BOOLEAN_JSON[value], ox.QueryResultsFormat.JSON))

    @property
    def variables(self) -> tuple[str, ...]:
        """The names of a SELECT's projected variables, in order (empty for other kinds)."""
        if self._variables is None:
            assert isinstance(self.native, ox.QuerySolutions)
            self._variables = tuple(v.value for v in self.native.variables)
        return self._variables

    @property
    def boolean(self) -> bool:
        """The answer to an ASK query (TypeError for other kinds)."""
        if not isinstance(self.native, ox.QueryBoolean):
            raise TypeError(f"a result of kind {self.kind} has no boolean")
        return bool(self.native)

    def __iter__(self) -> Iterator[Any]:
        if self.kind == "boolean":
            raise TypeError("an ASK result has no rows: read its boolean")
        return iter(self._items)

    def solutions(self) -> Iterator[ox.QuerySolution]:
        """The rows of a SELECT answer (TypeError for other kinds)."""
        if self.kind != "solutions":
            raise TypeError(f"a result of kind {self.kind} has no solutions")
        return iter(self._items)

    def triples(self) -> Iterator[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE answer (TypeError for other kinds)."""
        if self.kind != "triples":
            raise TypeError(f"a result of kind {self.kind} has no triples")
        return iter(self._items)

    def __bool__(self) -> bool:
        raise TypeError("a query result has no truth value: read .boolean, or iterate")

    def __repr__(self) -> str:
        return f"<QueryResult {self.kind}>"


class QueryOptions(TypedDict, total=False):
    """The keyword arguments of :meth:`Store.query`, for code that passes them on."""

    default_graphs: Sequence[str] | None
    named_graphs: Sequence[str] | None
    bindings: Mapping[str, Term] | None


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
    ) -> QueryResult:
        """Run one query (already through the gate); ``bindings`` pre-bind variables.

        ``default_graphs`` None means the union of all graphs; ``named_graphs`` None
        means every named graph.
        """
        ...

    def close(self) -> None:
        """Release what the store holds (files, connections)."""
        ...
