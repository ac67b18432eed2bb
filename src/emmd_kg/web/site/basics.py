"""Small resources of the site: health, the JSON-LD context, the shapes, robots.txt."""

from __future__ import annotations

import json

from flask import Blueprint, Response
from werkzeug.wrappers import Request

from ..http.finish import shareable
from ..http.operations import declare, simple
from ..state import ServerState, state

blueprint = Blueprint("basics", __name__)


@blueprint.get("/health")
@declare("site", get=simple("health", "Liveness and the dataset version", "application/json"))
def health() -> Response:
    """Liveness and the dataset version served; never touches the query engine."""
    return health_answer(state())


def health_of(st: ServerState, request: Request) -> Response | None:
    """The direct view of ``/health``: the front layer answers a probe without routing.
    It declines any method but GET and HEAD, which Flask then answers with 405."""
    return health_answer(st) if request.method in ("GET", "HEAD") else None


def health_answer(st: ServerState) -> Response:
    """Liveness: the version ``st`` serves and its base IRI, never cached."""
    served = st.served
    body = {
        "status": "ok",
        "version": served.version,
        "base_iri": served.artefact.manifest.base_iri,
    }
    response = Response(json.dumps(body) + "\n", mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/context.jsonld")
@declare("site", get=simple("context", "The JSON-LD context", "application/ld+json"))
def context() -> Response:
    """The JSON-LD context every JSON-LD answer uses."""
    served = state().served
    body = (served.artefact.path / "context.jsonld").read_bytes()
    response = Response(body, mimetype="application/ld+json")
    return shareable(response, served.version, "/context.jsonld", "application/ld+json")


@blueprint.get("/shapes")
@declare("site", get=simple("shapes", "The SHACL shapes", "text/turtle"))
def shapes() -> Response:
    """The SHACL shapes the data is validated against."""
    served = state().served
    body = (served.artefact.path / "shapes.ttl").read_bytes()
    return shareable(
        Response(body, mimetype="text/turtle"), served.version, "/shapes", "text/turtle"
    )


@blueprint.get("/robots.txt")
@declare("site", get=simple("robots", "Where crawlers are welcome", "text/plain"))
def robots() -> Response:
    """Crawlers are welcome everywhere but the query endpoint."""
    st = state()
    base = st.settings.base_iri
    text = f"User-agent: *\nDisallow: /sparql\nAllow: /\nSitemap: {base}sitemap.xml\n"
    response = Response(text, mimetype="text/plain")
    return shareable(response, st.served.version, "/robots.txt", "text/plain")
