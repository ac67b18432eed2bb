"""The saved-query catalogue over HTTP: ``/queries`` and ``/queries/{name}``.

``/queries`` lists the catalogue as HTML (with a text search ``q`` and a ``tag`` filter),
as JSON (``application/json``, the default) or as RDF (Turtle, JSON-LD, N-Triples,
RDF/XML …: the description of :mod:`emmd_kg.queries.catalogue_rdf`); an extension
(``/queries.ttl``) names the format.  ``/queries/{name}`` shows the query's form and
runs it: HTML, or SPARQL JSON / XML / CSV / TSV (and RDF formats for a CONSTRUCT) by
``Accept``, ``format=`` or extension (``/queries/{name}.csv``).  RDF asked of a SELECT
or ASK query gives the query's own description, so each query IRI
``{base}queries/{name}`` dereferences.

Every answer names the query version (``Query-Version``, the hash of the ``.rq``
file) and the dataset version (``Dataset-Version``); paged answers carry ``Link``
first / prev / next / last.  Names are looked up in the catalogue loaded from the
artefact's manifest; nothing is opened from a request path.
"""

from __future__ import annotations

import json
import threading

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..errors import EmmdError, NotAcceptable, NotFound
from ..queries import files as query_files
from ..queries.catalogue_rdf import describe, describe_query
from ..queries.run import Engine, Page, answer, bind, read_request
from ..queries.saved import Catalogue, SavedQuery
from ..rdf.formats import BY_NAME, Format, formats_for, from_parameter, negotiate
from ..sparql.results import Rendered
from ..sparql.service import run_query
from . import query_view as view
from .caching import conditional
from .render import render_triples
from .resources import site_title
from .state import state
from .tables import graph_table, table

blueprint = Blueprint("queries", __name__)
_LOCK = threading.Lock()
RDF_FORMATS = [f for f in formats_for("graph") if f.name != "html"]


def catalogue() -> Catalogue:
    """The saved queries of the served version, loaded once per version and process."""
    published = state().published
    held = current_app.extensions.get("emmd_kg.queries")
    if held is None or held[0] != published.version:
        with _LOCK:
            loaded = query_files.load(published.artefact.path, published.artefact.manifest)
            held = (published.version, loaded)
            current_app.extensions["emmd_kg.queries"] = held
    return held[1]


def engine() -> Engine:
    """Runs trusted text with bindings like ``/sparql`` runs a GET: gate, cache, caps."""
    st = state()
    graphs = st.published.store.graph_names()

    def run(text: str, fmt: Format, bindings: dict) -> Rendered:
        return run_query(
            st.executor(), graphs, st.settings, text, fmt, bindings=bindings, cache=st.cache
        )

    return run


def _base() -> str:
    """The base IRI of the served artefact."""
    return state().published.artefact.manifest.base_iri


def _listing_format(extension: str | None) -> str:
    """``html``, ``json`` or the name of an RDF format, for the catalogue listing."""
    if extension is not None:
        if extension in ("html", "json"):
            return extension
        return from_parameter(extension, "graph").name
    offered = ["application/json", "text/html", *(f.media_type for f in RDF_FORMATS)]
    accept = parse_accept_header(request.headers.get("Accept", ""), MIMEAccept)
    accept = MIMEAccept([(value.split(";", 1)[0].strip(), q) for value, q in accept])
    best = accept.best_match(offered) if accept else "application/json"
    if best is None:
        raise NotAcceptable(offered)
    return {"application/json": "json", "text/html": "html"}.get(best) or next(
        f.name for f in RDF_FORMATS if f.media_type == best
    )


def _matches(query: SavedQuery, text: str, tag: str) -> bool:
    """Whether ``query`` has ``text`` in its name, title, description or tags, and ``tag``."""
    haystack = " ".join(
        [query.name, *query.title.values(), *query.description.values(), *query.tags]
    ).lower()
    return (not text or text.lower() in haystack) and (not tag or tag in query.tags)


@blueprint.get("/queries")
@blueprint.get("/queries.<extension>")
def listing(extension: str | None = None) -> Response:
    """The catalogue: HTML with search and tags, JSON, or RDF."""
    fmt = _listing_format(extension)
    version = state().published.version
    text, tag = request.args.get("q", "")[:200], request.args.get("tag", "")[:100]
    chosen = [q for q in catalogue() if _matches(q, text, tag)]
    if fmt == "html":
        body = render_template(
            "queries.html",
            site_title=site_title("en"),
            version=version,
            queries=[view.summary(q, _base()) for q in chosen],
            tags=catalogue().tags(),
            text=text,
            tag=tag,
        )
        response = Response(body, mimetype="text/html")
    elif fmt == "json":
        document = {
            "dataset_version": version,
            "queries": [view.summary(q, _base()) for q in chosen],
        }
        response = Response(
            json.dumps(document, ensure_ascii=False, indent=1), mimetype="application/json"
        )
    else:
        triples = describe(_base(), Catalogue({q.name: q for q in chosen}))
        response = _rdf(triples, BY_NAME[fmt])
    response.headers["Vary"] = "Accept"
    response.headers["Dataset-Version"] = version
    return conditional(response, version, fmt, text, tag)


def _rdf(triples: list, fmt: Format) -> Response:
    """Description triples as an RDF response."""
    body = render_triples([ox.Triple(*t) for t in triples], fmt)
    response = Response(body, mimetype=fmt.media_type)
    if fmt.media_type.startswith("text/"):
        response.mimetype_params["charset"] = "utf-8"
    return response


def _format(query: SavedQuery, extension: str | None) -> tuple[Format, bool]:
    """The format asked for, and whether it is the query's description (RDF of a SELECT)."""
    asked = extension or request.args.get("format") or None
    try:
        return negotiate(request.headers.get("Accept"), query.kind, asked), False
    except NotAcceptable:
        if query.kind != "results":
            raise
        return negotiate(request.headers.get("Accept"), "graph", asked), True


@blueprint.get("/queries/<spec>")
def run_page(spec: str) -> Response:
    """One saved query: its form and answer (HTML) or its answer in a data format."""
    name, dot, extension = spec.partition(".")
    query = catalogue().get(name)
    if dot and not extension:
        raise NotFound(f"no saved query named {spec!r}")
    fmt, description = _format(query, extension or None)
    if description:
        response = _rdf(describe_query(_base(), query), fmt)
    elif fmt.name == "html":
        response = _html(query)
    else:
        response = _data(query, fmt)
    return _finish(response, query, fmt)


def _data(query: SavedQuery, fmt: Format) -> Response:
    """The answer (one page of it) in a data format."""
    st = state()
    run = engine()
    asked = read_request(query, request.args.items(multi=True), st.settings)
    runs = bind(query, asked.values, run, st.settings)
    page = answer(query, runs, fmt, run, asked.page, asked.page_size, st.settings.max_rows)
    response = Response(page.rendered.body, mimetype=fmt.media_type)
    if fmt.media_type.startswith("text/"):
        response.mimetype_params["charset"] = "utf-8"
    if page.rendered.truncated:
        response.headers["Result-Truncated"] = "true"
    _link_pages(response, page)
    return response


def _link_pages(response: Response, page: Page) -> None:
    """``Link`` first / prev / next / last of a paged answer."""
    args = list(request.args.items(multi=True))
    links = view.page_links(request.path, args, page)
    if links:
        response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())


def _html(query: SavedQuery) -> Response:
    """The form, and the answer as a table once the required values are there (or a
    value was given); a bad value shows its message above the form, with status 400."""
    st = state()
    run = engine()
    args = list(request.args.items(multi=True))
    given: dict[str, list[str]] = {}
    result, page, error = None, None, None
    try:
        asked = read_request(query, args, st.settings)
        given = asked.values
        ready = all(p.name in given or p.default for p in query.parameters if p.required)
        if ready or args:
            runs = bind(query, asked.values, run, st.settings)
            fmt = BY_NAME["json" if query.kind == "results" else "ntriples"]
            page = answer(query, runs, fmt, run, asked.page, asked.page_size, st.settings.max_rows)
            body = page.rendered.body
            result = table(body, _base()) if query.kind == "results" else graph_table(body)
    except EmmdError as exc:
        error = exc
    downloads = _downloads(query, args) if result is not None else []
    body = render_template(
        "query.html",
        site_title=site_title("en"),
        version=st.published.version,
        query=query,
        summary=view.summary(query, _base()),
        fields=view.fields(query, given, run),
        result=result,
        page=page,
        error=error,
        downloads=downloads,
        links=view.page_links(request.path, args, page) if page else {},
        truncated=bool(page and page.rendered.truncated),
        max_rows=st.settings.max_rows,
        page_size=st.settings.page_size,
    )
    response = Response(body, mimetype="text/html", status=error.status if error else 200)
    if page is not None:
        _link_pages(response, page)
    return response


def _downloads(query: SavedQuery, args: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, URL) of the answer in each data format; a SELECT's with all its rows."""
    kept = [(k, v) for k, v in args if k not in ("page", "format")]
    size = state().settings.max_rows if query.form == "SELECT" else None
    return [
        (
            f.name.upper(),
            view.page_url(f"/queries/{query.name}.{f.extension}", kept, page_size=size),
        )
        for f in formats_for(query.kind)
        if f.name != "html"
    ]


def _finish(response: Response, query: SavedQuery, fmt: Format) -> Response:
    """The headers every answer about a query carries; ETag and 304 for a 200."""
    version = state().published.version
    response.headers["Vary"] = "Accept"
    response.headers["Dataset-Version"] = version
    response.headers["Query-Version"] = query.version
    if response.status_code != 200:
        response.headers["Cache-Control"] = "no-store"
        return response
    args = "&".join(sorted(f"{k}={v}" for k, v in request.args.items(multi=True)))
    return conditional(response, version, query.version, fmt.name, args)
