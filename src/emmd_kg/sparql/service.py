"""The single entry for running a query: gate → cache → executor.

The web layer (``/sparql``) and the saved-query layer both call :func:`run_query`.  Who
needs the query form before choosing a format (content negotiation depends on it) runs
the gate first and may pass its :class:`~emmd_kg.sparql.gate.GateResult` instead of the
text, so the gate runs once::

    checked = gate.inspect(text, settings, store.graph_names())
    fmt = negotiate(request.headers.get("Accept"), checked.kind, request.args.get("format"))
    rendered = run_query(executor, store.graph_names(), settings, checked, fmt, cache=cache)

The dataset: graphs named by the protocol (``default-graph-uri`` / ``named-graph-uri``)
override ``FROM`` / ``FROM NAMED``; either way every graph must be in the store (else
QueryForbidden naming it), and once a dataset is given the side not given is empty (the
SPARQL 1.1 rule: only ``FROM NAMED`` means an empty default graph).  With neither, the
default graph is the union of all graphs and every named graph is available.  The
graphs are passed to the engine explicitly, so it uses exactly what was checked.

Answers are cached (when a cache is passed: GET requests) under the version of the
store the executor runs against, and only if the answer came from that version, so a
reload never mixes versions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, Unpack

from ..config import Settings
from ..errors import NotAcceptable, QueryForbidden
from ..rdf.formats import Format, formats_for
from ..store.base import QueryOptions, Term
from .cache import Cache, cache_key
from .gate import GateResult, inspect
from .results import Rendered


class QueryRunner(Protocol):
    """What runs a gated query: an :class:`~emmd_kg.sparql.executor.Executor` or pool."""

    @property
    def store_version(self) -> str:
        """The version of the store the next query runs against."""
        ...

    def run(self, query: str, fmt: Format, **options: Unpack[QueryOptions]) -> Rendered:
        """Evaluate ``query`` (already through the gate) and render it in ``fmt``."""
        ...


def run_query(
    executor: QueryRunner,
    store_graph_names: frozenset[str],
    settings: Settings,
    query: str | GateResult,
    fmt: Format,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    bindings: Mapping[str, Term] | None = None,
    cache: Cache | None = None,
) -> Rendered:
    """Answer ``query`` in ``fmt``; pass ``cache`` only for requests that may be cached.

    ``fmt`` must fit the query form (406 otherwise) and must not be HTML: run the query
    in ``json`` (results) or a graph format and render the page from that.
    """
    if isinstance(query, GateResult):
        checked = query
    else:
        checked = inspect(query, settings, store_graph_names)
    if fmt.name == "html":
        raise ValueError("HTML is rendered by the web layer: run the query in a data format")
    if not fmt.fits(checked.kind):
        raise NotAcceptable([f.media_type for f in formats_for(checked.kind)])
    defaults, named = _dataset(checked, default_graphs, named_graphs, store_graph_names)
    if cache is None:
        return executor.run(
            checked.text, fmt, default_graphs=defaults, named_graphs=named, bindings=bindings
        )
    version = executor.store_version
    key = cache_key(version, checked.text, fmt.name, defaults, named, bindings)
    hit = cache.get(key)
    if hit is not None:
        return hit
    rendered = executor.run(
        checked.text, fmt, default_graphs=defaults, named_graphs=named, bindings=bindings
    )
    if rendered.version == version:
        cache.put(key, rendered)
    return rendered


def _dataset(
    checked: GateResult,
    default_graphs: Sequence[str] | None,
    named_graphs: Sequence[str] | None,
    graph_names: frozenset[str],
) -> tuple[list[str] | None, list[str] | None]:
    """The (default, named) graphs to pass to the engine; (None, None) for everything."""
    if default_graphs or named_graphs:
        for iri in (*(default_graphs or ()), *(named_graphs or ())):
            if iri not in graph_names:
                raise QueryForbidden(
                    f"the dataset may only name graphs in this store: <{iri}> is not one",
                    iri=iri,
                )
        return list(default_graphs or ()), list(named_graphs or ())
    if checked.from_graphs or checked.from_named:
        return list(checked.from_graphs), list(checked.from_named)
    return None, None
