"""The parts of the OpenAPI document that do not depend on the catalogue.

The fixed routes of DESIGN.md section 6 (SPARQL protocol, linked data, dataset, dumps,
health, context, shapes, the catalogue listing) and the building blocks every
operation uses: responses with their media types, problem documents, parameters.
"""

from __future__ import annotations

from ..rdf.formats import formats_for

PROBLEM = {"$ref": "#/components/responses/Problem"}
RESULT_TYPES = [f.media_type for f in formats_for("results") if f.name != "html"]
GRAPH_TYPES = [f.media_type for f in formats_for("graph") if f.name != "html"]
VERSION_HEADERS = {
    "Dataset-Version": {
        "description": "The dataset version answered from",
        "schema": {"type": "string"},
    },
    "ETag": {
        "description": "Changes with the dataset version and the representation",
        "schema": {"type": "string"},
    },
}


def content(*media_types: str) -> dict:
    """The ``content`` of a response in ``media_types`` (JSON ones with a schema)."""
    schemas = {
        "application/json": {"type": "object"},
        "application/sparql-results+json": {"$ref": "#/components/schemas/SparqlJson"},
    }
    other = {"type": "string"}
    return {t: {"schema": schemas.get(t, {} if t.endswith("json") else other)} for t in media_types}


def ok(description: str, *media_types: str, headers: dict | None = None) -> dict:
    """A 200 response."""
    response = {"description": description, "content": content(*media_types)}
    if headers:
        response["headers"] = headers
    return response


def errors(*statuses: str) -> dict:
    """Problem-document responses for ``statuses``."""
    return {status: PROBLEM for status in statuses}


def param(name: str, where: str, description: str, schema: dict, **extra: object) -> dict:
    """A parameter object."""
    return {"name": name, "in": where, "description": description, "schema": schema, **extra}


def _path_param(name: str, description: str) -> dict:
    return param(name, "path", description, {"type": "string", "minLength": 1}, required=True)


def _sparql() -> dict:
    query = param(
        "query",
        "query",
        "A SPARQL 1.1 query (without it: the service description, or the editor for browsers)",
        {"type": "string"},
    )
    graphs = [
        param(
            n,
            "query",
            f"{n}: a graph of this dataset (protocol dataset)",
            {"type": "array", "items": {"type": "string"}},
            style="form",
            explode=True,
        )
        for n in ("default-graph-uri", "named-graph-uri")
    ]
    fmt = param("format", "query", "Answer format (overrides Accept)", {"type": "string"})
    answer = {
        "200": ok(
            "The answer, the service description or the editor",
            *RESULT_TYPES,
            *GRAPH_TYPES,
            "text/html",
            headers=VERSION_HEADERS,
        ),
        **errors("400", "403", "406", "413", "415", "503"),
    }
    form = {
        "type": "object",
        "properties": {
            "query": {"type": "string"},
            "default-graph-uri": {"type": "string"},
            "named-graph-uri": {"type": "string"},
        },
        "required": ["query"],
    }
    return {
        "get": {
            "operationId": "sparqlGet",
            "summary": "SPARQL 1.1 query (GET)",
            "tags": ["sparql"],
            "parameters": [query, *graphs, fmt],
            "responses": answer,
        },
        "post": {
            "operationId": "sparqlPost",
            "summary": "SPARQL 1.1 query (POST form or direct)",
            "tags": ["sparql"],
            "parameters": graphs,
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {"schema": form},
                    "application/sparql-query": {"schema": {"type": "string"}},
                },
            },
            "responses": answer,
        },
    }


def _simple(
    operation_id: str,
    summary: str,
    tag: str,
    *media_types: str,
    parameters: list | None = None,
    statuses: tuple = ("404", "406"),
) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": [tag],
            "parameters": parameters or [],
            "responses": {
                "200": ok(summary, *media_types, headers=VERSION_HEADERS),
                **errors(*statuses),
            },
        }
    }


def _redirect(prefix: str) -> dict:
    summary = f"303 See Other to the document describing {{base}}{prefix}/{{path}}"
    return {
        "get": {
            "operationId": f"see{prefix.title()}",
            "summary": summary,
            "tags": ["linked data"],
            "parameters": [_path_param("path", "The key")],
            "responses": {
                "303": {
                    "description": "See the document (format by Accept)",
                    "headers": {"Location": {"schema": {"type": "string"}}},
                },
                **errors("404", "406"),
            },
        }
    }


def fixed_paths() -> dict:
    """The path items of every route but the saved queries (DESIGN.md section 6)."""
    rdf = ("text/html", *GRAPH_TYPES)
    return {
        "/sparql": _sparql(),
        "/health": _simple(
            "health", "Liveness and the dataset version", "site", "application/json", statuses=()
        ),
        "/dataset": _simple(
            "dataset", "The dataset description (DCAT-AP.de + VoID)", "dataset", *rdf
        ),
        "/context.jsonld": _simple(
            "context", "The JSON-LD context", "site", "application/ld+json", statuses=()
        ),
        "/shapes": _simple("shapes", "The SHACL shapes", "site", "text/turtle", statuses=()),
        "/dumps/{name}": _simple(
            "dump",
            "A dump of the whole dataset",
            "dataset",
            *GRAPH_TYPES,
            parameters=[_path_param("name", "dataset.nq, dataset.ttl …")],
        ),
        "/id/{path}": _redirect("id"),
        "/def/{path}": _redirect("def"),
        "/graph/{path}": _redirect("graph"),
        "/doc/{path}": _simple(
            "document",
            "A resource's document: its triples, incoming "
            "links and labels (extension .html .jsonld .ttl .nt .rdf)",
            "linked data",
            *rdf,
            parameters=[_path_param("path", "The key, with an extension")],
        ),
        "/queries": _simple(
            "listQueries",
            "The saved-query catalogue (HTML, JSON or RDF)",
            "queries",
            "application/json",
            *rdf,
            statuses=("406",),
            parameters=[
                param("q", "query", "Text to look for", {"type": "string", "maxLength": 200}),
                param(
                    "tag",
                    "query",
                    "Only queries with this tag",
                    {"type": "string", "maxLength": 100},
                ),
            ],
        ),
    }
