"""``/queries/{name}``: one saved query's form and its answer.

HTML shows the form generated from the declarations and, once the required values are
there, the answer as a table with page links and downloads; a data format (SPARQL JSON,
XML, CSV, TSV, and RDF syntaxes for a CONSTRUCT) by ``Accept``, ``format=`` or
extension (``/queries/{name}.csv``) gives the answer itself.  RDF asked of a SELECT or
ASK query gives the query's own description, so each query IRI dereferences.  Every
answer names the query version and the dataset version; paged answers carry ``Link``
first / prev / next / last.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request

from ...errors import EmmdError, NotAcceptable, NotFound
from ...queries.catalogue_rdf import describe_query
from ...queries.run import Page, answer, bind, read_request
from ...queries.saved import SavedQuery
from ...rdf.formats import BY_NAME, Format, formats_for
from ...rdf.negotiation import negotiate
from ..html.tables import graph_table, table
from ..html.titles import page_language, site_title
from ..http.finish import shareable
from ..http.operations import declare
from ..state import state
from . import forms
from .api import saved_query_paths
from .listing import rdf_response
from .registry import base_iri, catalogue, engine_for

blueprint = Blueprint("runs", __name__)


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
@declare("queries", expand=saved_query_paths)
def run_page(spec: str) -> Response:
    """One saved query: its form and answer (HTML) or its answer in a data format."""
    name, dot, extension = spec.partition(".")
    query = catalogue().get(name)
    if dot and not extension:
        raise NotFound(f"no saved query named {spec!r}")
    fmt, description = _format(query, extension or None)
    if description:
        response = rdf_response(describe_query(base_iri(), query), fmt)
    elif fmt.name == "html":
        response = _html(query)
    else:
        response = _data(query, fmt)
    return _versioned(response, query, fmt)


def _data(query: SavedQuery, fmt: Format) -> Response:
    """The answer (one page of it) in a data format."""
    st = state()
    run = engine_for(query)
    asked = read_request(query, request.args.items(multi=True), st.settings)
    runs = bind(query, asked.values, run, st.settings)
    page = answer(query, runs, fmt, run, asked.page, asked.page_size, st.settings.max_rows)
    response = Response(page.rendered.body, mimetype=fmt.media_type)
    if page.rendered.truncated:
        response.headers["Result-Truncated"] = "true"
    _link_pages(response, page)
    return response


def _link_pages(response: Response, page: Page) -> None:
    """``Link`` first / prev / next / last of a paged answer."""
    args = list(request.args.items(multi=True))
    links = forms.page_links(request.path, args, page)
    if links:
        response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())


def _html(query: SavedQuery) -> Response:
    """The form, and the answer as a table once the required values are there (or a
    value was given); a bad value shows its message above the form, with status 400."""
    st = state()
    run = engine_for(query)
    args = list(request.args.items(multi=True))
    given: dict[str, list[str]] = {}
    result, page, error = None, None, None
    lang = page_language(request)
    try:
        asked = read_request(query, args, st.settings)
        given = asked.values
        ready = all(p.name in given or p.default for p in query.parameters if p.required)
        if ready or args:
            runs = bind(query, asked.values, run, st.settings)
            fmt = BY_NAME["json" if query.kind == "results" else "ntriples"]
            page = answer(query, runs, fmt, run, asked.page, asked.page_size, st.settings.max_rows)
            data = page.rendered.body
            lay_out = table if query.kind == "results" else graph_table
            result = lay_out(data, st.served, lang)
    except EmmdError as exc:
        error = exc
    body = render_template(
        "query.html",
        site_title=site_title(lang, st.served),
        lang=lang,
        in_editor="/sparql?" + urlencode({"query": query.text}),
        version=st.served.version,
        query=query,
        summary=forms.summary(query, base_iri()),
        fields=forms.fields(query, given, run),
        result=result,
        page=page,
        error=error,
        downloads=_downloads(query, args) if result is not None else [],
        links=forms.page_links(request.path, args, page) if page else {},
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
            forms.page_url(f"/queries/{query.name}.{f.extension}", kept, page_size=size),
        )
        for f in formats_for(query.kind)
        if f.name != "html"
    ]


def _versioned(response: Response, query: SavedQuery, fmt: Format) -> Response:
    """The headers every answer about a query carries; a 200 is shareable."""
    version = state().served.version
    response.headers["Vary"] = "Accept"
    response.headers["Dataset-Version"] = version
    response.headers["Query-Version"] = query.version
    if response.status_code != 200:
        response.headers["Cache-Control"] = "no-store"
        return response
    args = "&".join(sorted(f"{k}={v}" for k, v in request.args.items(multi=True)))
    return shareable(
        response, version, request.path, response.mimetype or "", query.version, fmt.name, args
    )
