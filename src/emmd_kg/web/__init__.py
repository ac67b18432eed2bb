"""The HTTP application: ``create_app(settings)`` builds it from an explicit settings object.

Blueprints, one job each: ``sparql`` (the SPARQL 1.1 Protocol endpoint, its service
description and editor), ``resources`` (dereferencing ``/id/``, ``/def/``, ``/graph/`` and
the ``/doc/`` documents), ``dataset`` (DCAT/VoID description, dumps, sitemap), ``home``
(the overview with its pictures), ``queries`` (the saved-query catalogue), ``openapi``
(the API description) and ``site`` (health, context, shapes, robots).  One error
handler renders every failure as a problem document.  In front of Flask, three WSGI
layers: the edge (request limits, trusted hosts, security and CORS headers on every
response), the front cache of shareable answers and the query lane (SPARQL queries
answered without Flask).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from ..config import Settings
from . import errors
from .edge import Edge
from .front_cache import FrontCache
from .query_lane import QueryLane
from .state import Served, ServerState, open_served


def create_app(settings: Settings, published: Served | None = None) -> Flask:
    """The application serving the current artefact of ``settings`` (or ``published``)."""
    app = Flask(__name__)
    base_host = urlsplit(settings.base_iri).hostname or ""
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        MAX_FORM_MEMORY_SIZE=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=False,
    )
    app.extensions["emmd_kg"] = ServerState(settings, published or open_served(settings))
    errors.register(app)
    from . import dataset, home, openapi, queries, resources, site, sparql

    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(site.blueprint)
    app.register_blueprint(resources.blueprint)
    app.register_blueprint(dataset.blueprint)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(queries.blueprint)
    app.register_blueprint(openapi.blueprint)
    warm(app)
    server_state = app.extensions["emmd_kg"]
    lane = QueryLane(app.wsgi_app, server_state)
    app.wsgi_app = Edge(  # type: ignore[method-assign]
        FrontCache(lane, lambda: server_state.published.version, settings.cache_entries),
        [*settings.trusted_hosts, base_host],
    )
    return app


def warm(app: Flask) -> None:
    """Build what every request of a version needs (the document index, the saved-query
    catalogue) now, in the process that forks the workers, so they share it."""
    from . import queries, resources

    with app.app_context():
        resources.document_index()
        queries.catalogue()


__all__ = ["create_app", "warm"]
