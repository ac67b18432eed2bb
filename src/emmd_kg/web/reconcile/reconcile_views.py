"""``/reconcile``: the manifest, reconciliation batches and data extension.

``GET /reconcile`` without ``queries`` or ``extend`` answers the manifest;
``queries=`` (GET, or POST form as OpenRefine sends it) a result batch; ``extend=`` a
data extension answer.  JSON only: a ``callback`` (JSONP) is refused, since every
answer allows any origin (CORS, without credentials, added by the finish).  GET
answers are shareable per version and query string; POST answers are ``no-store``.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, request

from ...errors import ParameterError
from ...search.reconcile_scoring import Candidate, reconcile
from ..html.titles import site_title
from ..http.finish import shareable
from ..http.operations import declare
from ..state import state
from . import reconcile_api
from . import reconcile_context as held
from .extension import extend, read_extension
from .query_batch import parameters, read_batch
from .service_manifest import manifest, type_object

blueprint = Blueprint("reconcile", __name__)
PATH = "/reconcile"


@blueprint.route(PATH, methods=["GET", "POST"])
@declare(reconcile_api.TAG, expand=reconcile_api.service_paths)
def service() -> Response:
    """The reconciliation endpoint: manifest, query batch or extension."""
    given = parameters(request)
    if "callback" in given:
        raise ParameterError("callback", "JSONP is not offered: every answer allows any origin")
    st = state()
    facts = held.facts(st.served)
    lang = held.language()
    body: dict[str, Any]
    if "queries" in given:
        batch = read_batch(given["queries"], st.settings, facts, held.expand)
        index = held.index()
        body = {
            key: {"result": [candidate(c, lang) for c in reconcile(q, index, facts, lang)]}
            for key, q in batch.items()
        }
    elif "extend" in given:
        ids, pids = read_extension(given["extend"], st.settings, facts)
        body = extend(ids, pids, facts, lang)
    else:
        body = manifest(st.settings, facts, site_title(lang, st.served), lang)
    return json_answer(body)


def candidate(found: Candidate, lang: str) -> dict[str, Any]:
    """One candidate as the result batch gives it."""
    facts = held.facts()
    return {
        "id": found.iri,
        "name": found.name,
        "type": [type_object(t, facts, lang) for t in found.types],
        "score": found.score,
        "features": [{"id": k, "value": v} for k, v in found.features.items()],
        "match": found.match,
    }


def json_answer(body: Any) -> Response:
    """``body`` as JSON; shareable for a GET, ``no-store`` for a POST."""
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    version = state().served.version
    response.headers["Dataset-Version"] = version
    response.headers["Vary"] = "Accept-Language"
    if request.method != "GET":
        response.headers["Cache-Control"] = "no-store"
        return response
    language = held.language()
    query = request.query_string.decode("latin-1")
    return shareable(response, version, request.path, query, language)
