"""Uploading the artefact to an existing triple store through the Graph Store Protocol.

Each named graph of the artefact is sent with one ``PUT <store>?graph=<iri>`` (replacing
what the store held under that name), then the triple count of every graph is read back
through the store's query endpoint and compared with the manifest: an upload that did
not arrive whole fails loudly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import httpx
import pyoxigraph as ox

from ..artefact import Artefact
from ..errors import BackendUnavailable, EmmdError, UsageError

COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def query_url_for(store_url: str, query_url: str | None) -> str:
    """The query endpoint beside a Graph Store endpoint (Oxigraph: /store → /query)."""
    if query_url:
        return query_url
    if store_url.rstrip("/").endswith("/store"):
        return store_url.rstrip("/")[: -len("store")] + "query"
    raise UsageError("cannot guess the query endpoint of this store: pass --query-url")


def _graphs(artefact: Artefact) -> dict[str, list[ox.Triple]]:
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(artefact.nquads), format=ox.RdfFormat.N_QUADS):
        graphs[quad.graph_name.value].append(quad.triple)
    return dict(graphs)


def upload(
    artefact: Artefact,
    store_url: str,
    query_url: str,
    timeout: float = 60.0,
    progress: Callable[[str], None] = lambda line: None,
) -> dict[str, int]:
    """Put every graph of ``artefact`` into the store and verify the counts; return them."""
    expected = {graph: len(set(triples)) for graph, triples in _graphs(artefact).items()}
    with httpx.Client(timeout=timeout) as client:
        try:
            for graph, triples in _graphs(artefact).items():
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
                response = client.put(
                    store_url,
                    params={"graph": graph},
                    content=body,
                    headers={"Content-Type": "application/n-triples"},
                )
                if response.status_code >= 300:
                    raise BackendUnavailable(
                        f"PUT of graph <{graph}> answered {response.status_code}: "
                        f"{response.text[:200]}"
                    )
                progress(f"  {len(triples):>8}  {graph}")
            answer = client.post(
                query_url,
                data={"query": COUNT},
                headers={"Accept": "application/sparql-results+json"},
            )
        except httpx.HTTPError as exc:
            raise BackendUnavailable(f"the store did not answer: {exc}") from None
    if answer.status_code != 200:
        raise BackendUnavailable(f"counting the published graphs answered {answer.status_code}")
    found = {
        row["g"]["value"]: int(row["n"]["value"]) for row in answer.json()["results"]["bindings"]
    }
    wrong = {g: (n, found.get(g, 0)) for g, n in expected.items() if found.get(g, 0) != n}
    if wrong:
        details = "; ".join(f"<{g}> expected {n}, found {m}" for g, (n, m) in sorted(wrong.items()))
        raise EmmdError(f"the store does not hold the artefact: {details}")
    return expected
