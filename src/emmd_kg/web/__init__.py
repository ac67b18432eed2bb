"""The HTTP application: ``create_app(settings)`` builds it from an explicit settings object.

Blueprints, one job each: ``sparql`` (the SPARQL 1.1 Protocol endpoint, its service
description and editor), ``resources`` (dereferencing ``/id/``, ``/def/``, ``/graph/`` and
the ``/doc/`` documents), ``dataset`` (DCAT/VoID description, dumps, sitemap), ``home``
(the overview with its pictures), ``queries`` (the saved-query catalogue), ``openapi``
(the API description) and ``site`` (health, context, shapes, robots).  One error
handler renders every failure as a problem document; one hook adds the security and
CORS headers.  In front of Flask, two WSGI layers: the request limits (414/431) and the
front cache of shareable answers.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from ..config import Settings
from . import errors, headers
from .front_cache import FrontCache
from .limits import RequestLimits
from .state import Published, ServerState, publish


def create_app(settings: Settings, published: Published | None = None) -> Flask:
    """The application serving the current artefact of ``settings`` (or ``published``)."""
    app = Flask(__name__)
    base_host = urlsplit(settings.base_iri).hostname or ""
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        MAX_FORM_MEMORY_SIZE=settings.max_body_bytes,
        TRUSTED_HOSTS=[*settings.trusted_hosts, base_host],
        JSON_SORT_KEYS=False,
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=False,
    )
    app.extensions["emmd_kg"] = ServerState(settings, published or publish(settings))
    errors.register(app)
    headers.register(app)
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
    app.wsgi_app = RequestLimits(  # type: ignore[method-assign]
        FrontCache(
            app.wsgi_app,
            lambda: server_state.published.version,
            app.config["TRUSTED_HOSTS"],
            settings.cache_entries,
        )
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
