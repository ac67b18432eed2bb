"""``/queries``: the saved-query catalogue as HTML, JSON or RDF.

HTML has a text search ``q`` and a ``tag`` filter; JSON (``application/json``, the
default) lists each query with its parameters as JSON Schema; RDF (Turtle, JSON-LD,
N-Triples, RDF/XML …) is the description of :mod:`emmd_kg.queries.catalogue_rdf`.
An extension (``/queries.ttl``) names the format.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from ...errors import NotAcceptable, NotFound
from ...queries.catalogue_rdf import Triple, describe
from ...queries.saved import Catalogue, SavedQuery
from ...rdf.formats import BY_NAME, Format, formats_for
from ...rdf.negotiation import best_media_type
from ..documents.rdf_bodies import render_triples
from ..html.titles import site_title
from ..http.finish import shareable
from ..http.operations import RDF_PAGE_TYPES, declare, param, simple
from ..state import state
from . import forms
from .registry import base_iri, catalogue

blueprint = Blueprint("catalogue", __name__)
RDF_FORMATS = [f for f in formats_for("graph") if f.name != "html"]
_LISTING_TYPES = ("application/json", "text/html", *(f.media_type for f in RDF_FORMATS))


def listing_format(extension: str | None) -> str:
    """``html``, ``json`` or the name of an RDF format, for the catalogue listing."""
    if extension is not None:
        if extension in ("html", "json"):
            return extension
        fmt = next((f for f in RDF_FORMATS if f.extension == extension), None)
        if fmt is None:
            raise NotFound("no such format of the catalogue")
        return fmt.name
    best = best_media_type(request.headers.get("Accept"), _LISTING_TYPES)
    if best is None:
        raise NotAcceptable(list(_LISTING_TYPES))
    return {"application/json": "json", "text/html": "html"}.get(best) or next(
        f.name for f in RDF_FORMATS if f.media_type == best
    )


def _matches(query: SavedQuery, text: str, tag: str) -> bool:
    """Whether ``query`` has ``text`` in its name, title, description or tags, and ``tag``."""
    haystack = " ".join(
        [query.name, *query.title.values(), *query.description.values(), *query.tags]
    ).lower()
    return (not text or text.lower() in haystack) and (not tag or tag in query.tags)


def rdf_response(triples: list[Triple], fmt: Format) -> Response:
    """Description triples as an RDF response."""
    body = render_triples([ox.Triple(*t) for t in triples], fmt, state().served)
    return Response(body, mimetype=fmt.media_type)


@blueprint.get("/queries")
@blueprint.get("/queries.<extension>")
@declare(
    "queries",
    get=simple(
        "listQueries",
        "The saved-query catalogue (HTML, JSON or RDF; an extension names the format)",
        "application/json",
        *RDF_PAGE_TYPES,
        statuses=("404", "406"),
        parameters=[
            param("q", "query", "Text to look for", {"type": "string", "maxLength": 200}),
            param(
                "tag", "query", "Only queries with this tag", {"type": "string", "maxLength": 100}
            ),
        ],
    ),
)
def listing(extension: str | None = None) -> Response:
    """The catalogue: HTML with search and tags, JSON, or RDF."""
    fmt = listing_format(extension)
    served = state().served
    text, tag = request.args.get("q", "")[:200], request.args.get("tag", "")[:100]
    chosen = [q for q in catalogue() if _matches(q, text, tag)]
    summaries = [forms.summary(q, base_iri()) for q in chosen]
    if fmt == "html":
        body = render_template(
            "queries.html",
            site_title=site_title("en", served),
            version=served.version,
            queries=summaries,
            tags=catalogue().tags(),
            text=text,
            tag=tag,
        )
        response = Response(body, mimetype="text/html")
    elif fmt == "json":
        document = {"dataset_version": served.version, "queries": summaries}
        response = Response(
            json.dumps(document, ensure_ascii=False, indent=1), mimetype="application/json"
        )
    else:
        triples = describe(base_iri(), Catalogue({q.name: q for q in chosen}))
        response = rdf_response(triples, BY_NAME[fmt])
    response.headers["Vary"] = "Accept"
    response.headers["Dataset-Version"] = served.version
    return shareable(
        response, served.version, request.path, response.mimetype or "", fmt, text, tag
    )
