"""``/search``: hits for a text, as an HTML page (in the header of every page) or JSON.

JSON (``Accept: application/json`` or ``format=json``)::

    {"query": …, "total": n, "offset": …, "limit": …,
     "results": [{"id": IRI, "label": …, "type": [IRI…], "score": …, "matched": …, …}],
     "facets": {"type": [{"id": IRI, "label": …, "count": n}…], "state": […]}}

The page shows each hit with its label in the page language, its types, its parent
organisation and state, the matched name with the matching words marked (escaped by
the template), and a link to its page; facets by type and by state with counts link to
the same search narrowed; no hits suggest the nearest names.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request

from ...config import Settings
from ...rdf.namespaces import all_prefixes
from ...rdf.negotiation import best_media_type
from ...search import Hit, Hits, SearchIndex
from ...search.matching import Query
from ..html.links import local_href
from ..html.titles import page_language, site_title
from ..http.finish import shareable
from ..http.operations import declare, errors, ok, param
from ..state import Served, state
from .search_request import LANGS, MAX_OFFSET, SearchRequest, read_search

blueprint = Blueprint("search", __name__)
FACET_SHOWN = 12


def _default(name: str) -> Any:
    """The default of a setting, for the OpenAPI text."""
    return next(f.default for f in fields(Settings) if f.name == name)


def _operation() -> dict[str, Any]:
    limits = (_default("search_query_chars"), _default("search_max_limit"))
    return {
        "operationId": "search",
        "summary": "Full-text search over every named resource",
        "parameters": [
            param("q", "query", f"The text (at most {limits[0]} characters)", {"type": "string"}),
            param(
                "type",
                "query",
                "Only resources of this type (CURIE or IRI; repeatable: any of them)",
                {"type": "array", "items": {"type": "string"}},
                style="form",
                explode=True,
            ),
            param("lang", "query", "Language of the labels shown", {"enum": list(LANGS)}),
            param(
                "limit",
                "query",
                "Hits per page",
                {"type": "integer", "minimum": 1, "maximum": limits[1], "default": 20},
            ),
            param(
                "offset",
                "query",
                "Hits to skip",
                {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
            ),
            param("format", "query", "json or html (wins over Accept)", {"enum": ["json", "html"]}),
        ],
        "responses": {
            "200": {
                **ok("The hits, their total and the facets", "text/html", "application/json"),
            },
            **errors("400"),
        },
    }


@blueprint.get("/search")
@declare("search", get=_operation())
def search() -> Response:
    """The hits of ``q`` as a page or as JSON."""
    st = state()
    served = st.served
    index = served.search
    base = served.artefact.manifest.base_iri
    asked = read_search(request.query_string, st.settings, index, prefixes(served))
    wanted = asked.format or _by_accept()
    lang = asked.lang or page_language(request)
    found = (
        index.search(asked.q, types=asked.types, lang=lang, limit=asked.limit, offset=asked.offset)
        if asked.q
        else Hits(0, [], {"type": {}, "state": {}})
    )
    if wanted == "json":
        body = json.dumps(_json(asked, found, index, lang), ensure_ascii=False)
        response = Response(body, mimetype="application/json")
    else:
        response = Response(_page(asked, found, index, lang, base), mimetype="text/html")
    response.headers["Vary"] = "Accept, Accept-Language"
    args = request.query_string.decode("latin-1")
    return shareable(response, served.version, "/search", response.mimetype or "", args, lang)


def prefixes(served: Served) -> dict[str, str]:
    """The prefixes a CURIE may use: the standard ones and the dataset's context's."""
    terms = served.context.get("@context", {})
    own = {k: v for k, v in terms.items() if isinstance(v, str) and v.endswith(("/", "#"))}
    return {**all_prefixes(served.artefact.manifest.base_iri), **own}


def _by_accept() -> str:
    best = best_media_type(request.headers.get("Accept"), ("text/html", "application/json"))
    return "json" if best == "application/json" else "html"


def _json(asked: SearchRequest, found: Hits, index: SearchIndex, lang: str) -> dict[str, Any]:
    return {
        "query": asked.q,
        "total": found.total,
        "offset": asked.offset,
        "limit": asked.limit,
        "results": [
            {
                "id": hit.iri,
                "label": hit.label,
                "lang": hit.lang,
                "type": list(hit.types),
                "score": hit.score,
                "matched": hit.matched,
                "field": hit.field,
                "exact": hit.exact,
                "parent": hit.parent,
                "state": hit.state,
            }
            for hit in found.hits
        ],
        "facets": {
            name: [
                {"id": iri, "label": index.label(iri, lang) or iri, "count": count}
                for iri, count in counts.items()
            ]
            for name, counts in found.facets.items()
        },
    }


def highlighted(text: str, query: Query) -> list[tuple[str, bool]]:
    """``text`` in pieces, each marked whether it is a word the query met."""
    pieces: list[tuple[str, bool]] = []
    for part in _split(text):
        pieces.append((part, part.strip() != "" and query.met(part) > 0))
    return pieces


def _split(text: str) -> list[str]:
    return [p for p in re.split(r"(\W+)", text) if p]


def _page(asked: SearchRequest, found: Hits, index: SearchIndex, lang: str, base: str) -> str:
    query = Query.of(asked.q)
    hits = [_shown(hit, query, index, lang, base) for hit in found.hits]
    facets = {
        name: [
            (index.label(iri, lang) or iri, count, _narrowed(asked, iri), iri in asked.types)
            for iri, count in list(counts.items())[:FACET_SHOWN]
        ]
        for name, counts in found.facets.items()
    }
    nearest = (
        [(h.label, local_href(h.iri, base)) for h in index.nearest(asked.q, limit=5)]
        if asked.q and not found.total
        else []
    )
    pages = _pages(asked, found.total)
    return render_template(
        "search.html",
        site_title=site_title(lang, state().served),
        version=state().served.version,
        lang=lang,
        q=asked.q,
        total=found.total,
        hits=hits,
        facets=facets,
        nearest=nearest,
        pages=pages,
        filtered=bool(asked.types),
        unfiltered="/search?" + urlencode({"q": asked.q}),
    )


def _shown(hit: Hit, query: Query, index: SearchIndex, lang: str, base: str) -> dict[str, Any]:
    types = [index.label(t, lang) for t in hit.types]
    return {
        "label": hit.label,
        "href": local_href(hit.iri, base),
        "iri": hit.iri,
        "types": sorted({t for t in types if t}),
        "parent": index.label(hit.parent, lang) if hit.parent else None,
        "state": index.label(hit.state, lang) if hit.state and hit.state != hit.parent else None,
        "matched": highlighted(hit.matched, query),
        "field": hit.field,
    }


def _narrowed(asked: SearchRequest, iri: str) -> str:
    pairs = [("q", asked.q), *(("type", t) for t in asked.types if t != iri)]
    if iri not in asked.types:
        pairs.append(("type", iri))
    return "/search?" + urlencode(pairs)


def _pages(asked: SearchRequest, total: int) -> dict[str, str]:
    pairs = [("q", asked.q), *(("type", t) for t in asked.types), ("limit", str(asked.limit))]
    links = {}
    if asked.offset > 0:
        links["previous"] = urlencode([*pairs, ("offset", str(max(0, asked.offset - asked.limit)))])
    if asked.offset + asked.limit < min(total, MAX_OFFSET):
        links["next"] = urlencode([*pairs, ("offset", str(asked.offset + asked.limit))])
    return {rel: "/search?" + query for rel, query in links.items()}
