"""The preview card OpenRefine shows in its popup, and the view redirect.

``/reconcile/preview?id=IRI`` is a small HTML page: the name, the types, the
organisation it belongs to and the description, every text escaped.  It is made to be
framed by another origin (OpenRefine runs on localhost), so its Content-Security-
Policy says ``frame-ancestors *`` (which browsers honour over ``X-Frame-Options``),
allows no script at all and only its own style block, by hash.
``/reconcile/view?id=IRI`` answers 303 to the document of an IRI the server
describes: a path on this server, built from the document index, never from the id.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from flask import Blueprint, Response, request

from ...errors import NotFound, ParameterError
from ...rdf.namespaces import PREFIXES
from ...search.reconcile_graph import GraphFacts
from ..documents.resources import valid_key
from ..documents.served_index import document_index
from ..http.finish import shareable
from ..http.operations import declare
from ..state import state
from . import reconcile_api
from . import reconcile_context as held
from .query_batch import parameters

blueprint = Blueprint("reconcile_preview", __name__)
PARENT = PREFIXES["org"] + "subOrganizationOf"
STYLE = (
    "body{font:14px/1.35 sans-serif;margin:8px;color:#222}"
    "h1{font-size:16px;margin:0 0 4px}p{margin:2px 0}.t{color:#555;font-size:12px}"
)
STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
CSP = (
    f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors *"
)
DESCRIPTION_CHARS = 300


def _described(given: dict[str, str]) -> str:
    """The IRI of ``id=`` if the server describes it, else a 404."""
    if not given.get("id"):
        raise ParameterError("id", "give the id of an entity")
    iri = held.expand(given["id"], "id")
    if document_index(state().served).subjects(iri) is None and not held.facts().types(iri):
        raise NotFound("no entity has this id")
    return iri


@blueprint.get("/reconcile/preview")
@declare(reconcile_api.TAG, expand=reconcile_api.preview_paths)
def preview() -> Response:
    """The preview card of an entity."""
    iri = _described(parameters(request))
    lang = held.language()
    body = card(iri, held.facts(), lang)
    response = Response(body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Vary"] = "Accept-Language"
    version = state().served.version
    return shareable(response, version, request.path, iri, lang)


def card(iri: str, facts: GraphFacts, lang: str) -> str:
    """The HTML of the card; every text from the graph escaped."""
    name = escape(facts.name(iri, lang))
    types = ", ".join(escape(facts.name(t, lang)) for t in facts.types(iri)[:4])
    parents = [facts.name(v.term.value, lang) for v in facts.values(iri, PARENT)]
    description = facts.description(iri, lang) or ""
    if len(description) > DESCRIPTION_CHARS:
        description = description[: DESCRIPTION_CHARS - 1] + "…"
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{name}</title>',
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{name}</h1>",
        f'<p class="t">{types}</p>' if types else "",
        f"<p>{escape(', '.join(parents))}</p>" if parents else "",
        f"<p>{escape(description)}</p>" if description else "",
        f'<p class="t">{escape(iri)}</p>',
        "</body></html>",
    ]
    return "\n".join(line for line in lines if line) + "\n"


@blueprint.get("/reconcile/view")
@declare(reconcile_api.TAG, expand=reconcile_api.view_paths)
def view() -> Response:
    """303 to the document of an entity."""
    iri = _described(parameters(request))
    index = document_index(state().served)
    if index.subjects(iri) is None or not iri.startswith(index.base):
        raise NotFound("no document on this server describes this id")
    key = valid_key(iri[len(index.base) :])
    response = Response(status=303)
    response.headers["Location"] = f"/doc/{key}"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
