"""Small resources of the site: health, the JSON-LD context, the shapes, robots.txt."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from .caching import conditional
from .state import state

blueprint = Blueprint("site", __name__)


@blueprint.get("/health")
def health() -> Response:
    """Liveness and the dataset version served; never touches the query engine."""
    published = state().published
    response = jsonify(
        status="ok", version=published.version, base_iri=published.artefact.manifest.base_iri
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/context.jsonld")
def context() -> Response:
    """The JSON-LD context every JSON-LD answer uses."""
    published = state().published
    body = (published.artefact.path / "context.jsonld").read_bytes()
    return conditional(Response(body, mimetype="application/ld+json"), published.version)


@blueprint.get("/shapes")
def shapes() -> Response:
    """The SHACL shapes the data is validated against."""
    published = state().published
    body = (published.artefact.path / "shapes.ttl").read_bytes()
    return conditional(Response(body, mimetype="text/turtle"), published.version)


@blueprint.get("/robots.txt")
def robots() -> Response:
    """Crawlers are welcome everywhere but the query endpoint."""
    base = state().settings.base_iri
    text = f"User-agent: *\nDisallow: /sparql\nAllow: /\nSitemap: {base}sitemap.xml\n"
    return conditional(Response(text, mimetype="text/plain"), state().published.version)
