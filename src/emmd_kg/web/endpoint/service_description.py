"""The SPARQL 1.1 Service Description of the endpoint, with its limits stated.

The service node is the dataset description's DCAT data service, so a harvester finds
one node for both.  ``sd:endpoint`` names the URL the client used and, when that differs,
the endpoint under the base IRI.
"""

from __future__ import annotations

import pyoxigraph as ox

from ...config import Settings
from ...rdf.formats import FORMATS
from ...rdf.namespaces import PREFIXES

SD = PREFIXES["sd"]
W3C_FORMATS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "ntriples": "N-Triples",
    "nquads": "N-Quads",
    "trig": "TriG",
}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def limits_text(settings: Settings) -> list[str]:
    """The caps in force, one sentence each (also shown on the editor page)."""
    return [
        f"query text at most {settings.max_query_bytes} bytes (413 beyond)",
        f"request body at most {settings.max_body_bytes} bytes (413 beyond)",
        f"bracket nesting at most {settings.max_nesting} (400 beyond)",
        f"run time at most {settings.query_timeout:g} s (503 with Retry-After beyond)",
        f"at most {settings.max_rows} result rows (the rest cut, with Result-Truncated: true)",
        f"query memory at most {settings.max_query_memory_mb} MiB (503 beyond)",
        "no SERVICE, no updates; FROM and dataset parameters select graphs of this dataset only",
    ]


def description(settings: Settings, endpoint_url: str, graphs: frozenset[str]) -> list[ox.Triple]:
    """The service description triples for a request made to ``endpoint_url``."""
    base = settings.base_iri
    service = _n(f"{base}dataset#sparql-service")
    dataset = _n(f"{base}dataset#sparql-dataset")
    default = _n(f"{base}dataset#sparql-default-graph")
    rdf_type = _n(PREFIXES["rdf"] + "type")
    triples = [
        ox.Triple(service, rdf_type, _n(SD + "Service")),
        ox.Triple(service, _n(SD + "endpoint"), _n(endpoint_url)),
        ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        ox.Triple(service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        ox.Triple(service, _n(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, _n(SD + "Dataset")),
        ox.Triple(dataset, _n(SD + "defaultGraph"), default),
        ox.Triple(default, rdf_type, _n(SD + "Graph")),
        ox.Triple(dataset, _n(PREFIXES["dct"] + "source"), _n(f"{base}dataset")),
    ]
    if endpoint_url != f"{base}sparql":
        triples.append(ox.Triple(service, _n(SD + "endpoint"), _n(f"{base}sparql")))
    for fmt in FORMATS:
        if fmt.name in W3C_FORMATS:
            triples.append(
                ox.Triple(
                    service,
                    _n(SD + "resultFormat"),
                    _n("http://www.w3.org/ns/formats/" + W3C_FORMATS[fmt.name]),
                )
            )
    for number, graph in enumerate(sorted(graphs)):
        node = _n(f"{base}dataset#sparql-named-graph-{number}")
        triples += [
            ox.Triple(dataset, _n(SD + "namedGraph"), node),
            ox.Triple(node, rdf_type, _n(SD + "NamedGraph")),
            ox.Triple(node, _n(SD + "name"), _n(graph)),
        ]
    comment = _n(PREFIXES["rdfs"] + "comment")
    triples += [
        ox.Triple(service, comment, ox.Literal(text, language="en"))
        for text in limits_text(settings)
    ]
    return triples
