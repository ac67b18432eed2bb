"""A remote SPARQL 1.1 endpoint as the store (``store = "sparql:URL"``).

For data that outgrows one machine: Oxigraph server, Fuseki, Virtuoso or QLever hold
the artefact (``emmd-kg publish --to``) and answer the queries.  Queries still pass this
server's gate, time cap and row cap first.  Each query names its dataset explicitly:
without one, the artefact's graphs are the default graph (their union) and the named
graphs, so no setting of the store matters and its own graphs (Virtuoso keeps several)
never leak into answers.  CONSTRUCT and DESCRIBE ask for N-Triples, SELECT and ASK for
SPARQL JSON; answers are parsed back into pyoxigraph objects (one
:class:`~emmd_kg.store.base.QueryResult`), so nothing downstream knows the difference.

Bound variables (saved-query parameters) cannot be bound remotely: they are substituted
into the query text by :func:`~emmd_kg.store.substitute.substitute`, from validated RDF
terms written by pyoxigraph, never from request text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Unpack

import httpx
import pyoxigraph as ox

from ..errors import BackendUnavailable, QueryError
from ..rdf.sparql_lexer import query_form
from .base import QueryOptions, QueryResult
from .substitute import substitute

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class RemoteStore:
    """Queries forwarded to one SPARQL endpoint, with an explicit timeout."""

    def __init__(self, url: str, version: str, graphs: Iterable[str], timeout: float) -> None:
        self.version = version
        self.url = url
        self._graphs = frozenset(graphs)
        self._timeout = timeout
        self._client: httpx.Client | None = None
        self._pid = 0
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        missing = self._graphs - {row["g"].value for row in result}
        if missing:
            raise BackendUnavailable(
                f"the SPARQL store lacks {len(missing)} graph(s) of this artefact, e.g. "
                f"<{min(missing)}>: run emmd-kg publish first"
            )

    def _http(self) -> httpx.Client:
        if self._client is None or self._pid != os.getpid():
            self._client = httpx.Client(timeout=self._timeout, follow_redirects=False)
            self._pid = os.getpid()
        return self._client

    def graph_names(self) -> frozenset[str]:
        """The IRIs of the artefact's named graphs (the store may hold more)."""
        return self._graphs

    def query(self, sparql: str, **options: Unpack[QueryOptions]) -> QueryResult:
        """Forward one query; parse the answer back into a result of pyoxigraph objects."""
        sparql = substitute(sparql, options.get("bindings") or {})
        default_graphs, named_graphs = options.get("default_graphs"), options.get("named_graphs")
        if default_graphs is None and named_graphs is None:
            default_graphs = named_graphs = sorted(self._graphs)
        form = {
            "query": sparql,
            "default-graph-uri": list(default_graphs or ()),
            "named-graph-uri": list(named_graphs or ()),
        }
        accept = N_TRIPLES if query_form(sparql) in ("CONSTRUCT", "DESCRIBE") else RESULTS_JSON
        try:
            response = self._http().post(self.url, data=form, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            raise BackendUnavailable(f"the SPARQL store did not answer: {exc}") from None
        if 400 <= response.status_code < 500:
            raise QueryError(f"the SPARQL store refused the query: {response.text[:500]}")
        if response.status_code != 200:
            raise BackendUnavailable(f"the SPARQL store answered {response.status_code}")
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        if media_type == RESULTS_JSON:
            answer = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            return QueryResult.of(answer)
        if media_type == N_TRIPLES:
            quads = ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
            return QueryResult.of_triples([quad.triple for quad in quads])
        raise BackendUnavailable(f"the SPARQL store answered in {media_type or 'no format'}")

    def close(self) -> None:
        """Close this process's connections."""
        if self._client is not None:
            self._client.close()
            self._client = None
