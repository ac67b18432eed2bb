"""The HTTP application: ``create_app(settings)`` builds it from an explicit settings object.

Flask is the framework: routing, blueprints, error handlers.  The blueprints, by what
they serve:

- :mod:`.endpoint` — the SPARQL 1.1 Protocol endpoint ``/sparql``, its service
  description and its editor;
- :mod:`.documents` — dereferencing ``/id/``, ``/def/``, ``/graph/``, the ``/doc/``
  documents, the dataset description, its dumps and the sitemap;
- :mod:`.catalogue` — the saved-query catalogue ``/queries`` and its runs;
- :mod:`.site` — the home page, health, context, shapes, robots and ``/openapi.json``;
- :mod:`.reconcile` — the Reconciliation Service API at ``/reconcile`` (OpenRefine).

Every response takes one path out (:mod:`.http`): the front layer in front of Flask's
routing refuses what must not reach it, replays finished answers from the response
cache and lets the SPARQL query operation answer without a Flask context; everything
it answers and everything Flask answers is finished by :func:`.http.finish.finish`.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlsplit

from flask import Flask, Response, request

from ..config import Settings
from .catalogue import listing, runs
from .catalogue.registry import catalogue
from .documents import dataset, resources
from .documents.served_index import document_index
from .endpoint import sparql
from .http import problems
from .http.finish import finish
from .http.front import Front
from .http.operations import declare, simple
from .reconcile import preview_views, reconcile_context, reconcile_views, suggest_views
from .search import search_views
from .site import basics, home, openapi
from .state import Served, ServerState, open_served

BLUEPRINTS = (
    sparql.blueprint,
    resources.blueprint,
    dataset.blueprint,
    listing.blueprint,
    runs.blueprint,
    home.blueprint,
    basics.blueprint,
    openapi.blueprint,
    reconcile_views.blueprint,
    suggest_views.blueprint,
    preview_views.blueprint,
    search_views.blueprint,
)


def create_app(settings: Settings, served: Served | None = None) -> Flask:
    """The application serving the current artefact of ``settings`` (or ``served``)."""
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        MAX_FORM_MEMORY_SIZE=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=False,
    )
    st = ServerState(settings, served or open_served(settings))
    app.extensions["emmd_kg"] = st
    problems.register(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    declare(
        "site", get=simple("static", "Style sheets of the pages", "text/css", statuses=("404",))
    )(app.view_functions["static"])
    front = Front(
        app.wsgi_app,
        trusted_hosts=[*settings.trusted_hosts, urlsplit(settings.base_iri).hostname or ""],
        cache=st.responses,
        version=lambda: st.served.version,
        direct={
            sparql.PATH: partial(sparql.query_operation, st),
            "/health": partial(basics.health_of, st),
        },
        body_limit=settings.max_body_bytes,
        body_timeout=settings.body_timeout,
    )

    @app.after_request
    def finish_response(response: Response) -> Response:
        return finish(response, request, front.keep)

    app.wsgi_app = front  # type: ignore[method-assign]
    warm(app)
    return app


def warm(app: Flask) -> None:
    """Build what every request of a version needs (the document index, the saved-query
    catalogue, the classes reconciliation knows) now, in the process that forks the
    workers, so they share it."""
    st: ServerState = app.extensions["emmd_kg"]
    with app.app_context():
        document_index(st.served)
        catalogue()
        reconcile_context.facts(st.served).classes()


__all__ = ["create_app", "warm"]
