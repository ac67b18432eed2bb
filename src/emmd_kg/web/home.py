"""The home page ``/``: what the dataset is, two pictures of it, and where to go next.

The pictures (organisation tree, responsibility matrix) are chosen from the data by
:mod:`~emmd_kg.linked.overview`, laid out by :mod:`.pictures` and drawn as inline SVG
by the template, in the page's language.  The page is cached per (version, language).
``/def/`` (the root of the vocabularies) leads to the page's list of ontologies and
concept schemes.
"""

from __future__ import annotations

from functools import partial

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, render_template

from ..linked import overview
from ..linked.view import UI
from ..rdf.namespaces import PREFIXES
from ..sparql.results import Rendered
from . import pictures
from .caching import conditional
from .dataset import dump_links
from .links import local_href
from .resources import LANGUAGES, language, site_title
from .state import Served, state

blueprint = Blueprint("home", __name__)

VOCABULARIES = f"""
SELECT DISTINCT ?v WHERE {{
  {{ ?v a <{PREFIXES["owl"]}Ontology> }} UNION {{ ?v a <{PREFIXES["skos"]}ConceptScheme> }}
}}"""
_DESCRIPTION = "SELECT ?this ?text WHERE { ?this <http://purl.org/dc/terms/description> ?text }"


@blueprint.get("/")
def home() -> Response:
    """The home page in the language asked for."""
    st = state()
    published = st.published  # one version for the whole request
    lang = language()
    key = ("home", published.version, lang)
    cached = st.cache.get(key)
    if cached is None:
        cached = Rendered(_page(published, lang).encode(), "text/html", False, 0)
        st.cache.put(key, cached)
    response = Response(cached.body, mimetype="text/html")
    response.mimetype_params["charset"] = "utf-8"
    response.headers["Vary"] = "Accept-Language"
    return conditional(response, published.version, lang)


@blueprint.get("/def/", strict_slashes=False)
def vocabularies() -> Response:
    """The vocabularies are listed on the home page."""
    return redirect("/#vocabularies", code=303)


def _page(published: Served, lang: str) -> str:
    store, settings = published.store, state().settings
    base = published.artefact.manifest.base_iri
    edges = overview.tree_edges(store)
    grid = overview.matrix(store, settings.matrix_scheme, settings.matrix_class)
    vocabularies = [row["v"].value for row in store.query(VOCABULARIES)]
    iris = {n for e in edges for n in (e.source, e.target)} | set(vocabularies)
    if grid is not None:
        iris |= {grid.scheme, *grid.rows, *grid.columns}
        iris |= {
            x for cell in grid.cells.values() for c in cell for x in (c.organisation, c.wording)
        }
    found = overview.names(store, iris)
    name, short = partial(_name, found, lang), partial(_short, found, lang)
    href = partial(local_href, base=base)
    t = UI[lang]
    relations = {kind: t[f"rel_{kind}"] for kind in ("hierarchy", "partner", "member")}
    dataset = ox.NamedNode(base + "dataset")
    texts = {
        r["text"].language or "": r["text"].value
        for r in store.query(_DESCRIPTION, bindings={"this": dataset})
    }
    return render_template(
        "home.html",
        site_title=site_title(lang, published),
        version=published.version,
        lang=lang,
        languages=LANGUAGES,
        t=t,
        description=texts.get(lang) or texts.get(""),
        tree=pictures.tree(edges, name, href, relations),
        edges=edges,
        matrix=None if grid is None else pictures.grid(grid, name, short, href),
        table=None if grid is None else _table(grid, name),
        dumps=dump_links(published),
        scheme=None if grid is None else (name(grid.scheme), href(grid.scheme)),
        vocabularies=sorted(((name(v), href(v)) for v in vocabularies), key=lambda p: p[0]),
        name=name,
        short=short,
        href=href,
    )


def _table(grid: overview.Matrix, name) -> dict:
    """The matrix as rows of cells, for the table beside the picture."""
    rows, columns = pictures.axes(grid, name)
    cells = [(r, [grid.cells.get((r, c), ()) for c in columns]) for r in rows]
    return {"columns": columns, "rows": cells}


def _name(found: dict, lang: str, iri: str) -> str:
    """A preferred label in ``lang``, else untagged, else any; else the IRI's last part."""
    by_lang = found.get(iri, {})
    for key in (lang, "", *sorted(by_lang)):
        labels = by_lang.get(key, {}).get("pref")
        if labels:
            return min(labels)
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def _short(found: dict, lang: str, iri: str) -> str:
    """The shortest alternative label of at most 12 characters (an acronym), else the name."""
    alternatives = [a for a in found.get(iri, {}).get(lang, {}).get("alt", []) if len(a) <= 12]
    return min(alternatives, key=lambda a: (len(a), a)) if alternatives else _name(found, lang, iri)
