"""The home page ``/``: what the dataset is, two pictures of it, and where to go next.

The pictures (organisation tree, responsibility matrix) are chosen from the data by
:mod:`~emmd_kg.linked.overview`, laid out by :mod:`.pictures` and drawn as inline SVG
by the template, in the page's language.  The page is cached per (version, language).
``/def/`` (the root of the vocabularies) leads to the page's list of ontologies and
concept schemes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from ...linked import overview
from ...linked.view import UI
from ...rdf.labels import choose
from ...rdf.namespaces import PREFIXES
from ...sparql.results import Rendered
from ..documents.dataset import dump_links
from ..html.links import local_href
from ..html.titles import LANGUAGES, page_language, site_title
from ..http.finish import shareable
from ..http.operations import declare, see_other, simple
from ..state import Served, state
from . import pictures

blueprint = Blueprint("home", __name__)

VOCABULARIES = f"""
SELECT DISTINCT ?v WHERE {{
  {{ ?v a <{PREFIXES["owl"]}Ontology> }} UNION {{ ?v a <{PREFIXES["skos"]}ConceptScheme> }}
}}"""
_DESCRIPTION = "SELECT ?this ?text WHERE { ?this <http://purl.org/dc/terms/description> ?text }"
Names = dict[str, dict[str, dict[str, list[str]]]]


@blueprint.get("/")
@declare("site", get=simple("home", "The home page: the dataset, its pictures", "text/html"))
def home() -> Response:
    """The home page in the language asked for."""
    st = state()
    served = st.served  # one version for the whole request
    lang = page_language(request)
    key = ("home", served.version, lang)
    cached = st.answers.get(key)
    if cached is None:
        cached = Rendered(_page(served, lang).encode(), "text/html", False, 0)
        st.answers.put(key, cached)
    response = Response(cached.body, mimetype="text/html")
    response.headers["Vary"] = "Accept-Language"
    return shareable(response, served.version, "/", "text/html", lang)


@blueprint.get("/def/", strict_slashes=False)
@declare("linked data", get=see_other("vocabularies", "303 See Other to the vocabularies"))
def vocabularies() -> BaseResponse:
    """The vocabularies are listed on the home page."""
    return redirect("/#vocabularies", code=303)


def _page(served: Served, lang: str) -> str:
    store, settings = served.store, state().settings
    base = served.artefact.manifest.base_iri
    edges = overview.tree_edges(store)
    grid = overview.matrix(store, settings.matrix_scheme, settings.matrix_class)
    vocabularies = [row["v"].value for row in store.query(VOCABULARIES)]
    found = overview.names(store, _named(edges, grid, vocabularies))
    name, short = partial(_name, found, lang), partial(_short, found, lang)
    href = partial(local_href, base=base)
    t = UI[lang]
    relations = {kind: t[f"rel_{kind}"] for kind in ("hierarchy", "partner", "member")}
    rows = store.query(_DESCRIPTION, bindings={"this": ox.NamedNode(base + "dataset")})
    texts = sorted((r["text"].language or "", r["text"].value) for r in rows)
    return render_template(
        "home.html",
        site_title=site_title(lang, served),
        version=served.version,
        lang=lang,
        languages=LANGUAGES,
        t=t,
        description=choose(texts, lang),
        tree=pictures.tree(edges, name, href, relations),
        edges=edges,
        matrix=None if grid is None else pictures.grid(grid, name, short, href),
        table=None if grid is None else _table(grid, name),
        dumps=dump_links(served),
        scheme=None if grid is None else (name(grid.scheme), href(grid.scheme)),
        vocabularies=sorted(((name(v), href(v)) for v in vocabularies), key=lambda p: p[0]),
        name=name,
        short=short,
        href=href,
    )


def _named(
    edges: list[overview.Edge], grid: overview.Matrix | None, vocabularies: list[str]
) -> set[str]:
    """Every IRI the page names: tree nodes, vocabularies, the matrix's axes and cells."""
    iris = {n for e in edges for n in (e.source, e.target)} | set(vocabularies)
    if grid is not None:
        iris |= {grid.scheme, *grid.rows, *grid.columns}
        iris |= {
            x for cell in grid.cells.values() for c in cell for x in (c.organisation, c.wording)
        }
    return iris


def _table(grid: overview.Matrix, name: Callable[[str], str]) -> dict[str, Any]:
    """The matrix as rows of cells, for the table beside the picture."""
    rows, columns = pictures.axes(grid, name)
    cells = [(r, [grid.cells.get((r, c), ()) for c in columns]) for r in rows]
    return {"columns": columns, "rows": cells}


def _name(found: Names, lang: str, iri: str) -> str:
    """A preferred label in ``lang``, else untagged, else any; else the IRI's last part."""
    by_lang = found.get(iri, {})
    candidates = sorted(
        (language, label) for language, kinds in by_lang.items() for label in kinds.get("pref", ())
    )
    return choose(candidates, lang) or (
        iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri
    )


def _short(found: Names, lang: str, iri: str) -> str:
    """The shortest alternative label of at most 12 characters (an acronym), else the name."""
    alternatives = [a for a in found.get(iri, {}).get(lang, {}).get("alt", []) if len(a) <= 12]
    return min(alternatives, key=lambda a: (len(a), a)) if alternatives else _name(found, lang, iri)
