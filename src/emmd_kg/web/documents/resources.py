"""Dereferenceable IRIs: ``/id/…``, ``/def/…``, ``/graph/…`` and their documents ``/doc/…``.

``GET {base}P`` (P under ``id/``, ``def/``, ``graph/``) answers 303 See Other to the
document in the format the ``Accept`` header picks: ``/doc/P.html``, ``.jsonld``,
``.ttl``, ``.nt``, ``.rdf`` (and ``.trig``, ``.nq``, which keep each fact's named
graph).  ``/doc/P`` negotiates itself and names the variant in ``Content-Location``.
Every answer carries ``Vary``, ``Link`` (``alternate`` per format, ``describedby``),
an ETag and 304s; HEAD works.  Plain ``application/json`` gets JSON-LD without the
inline context and the context in a ``Link`` header (JSON-LD 1.1, section 6.1).

Redirects are built from the route and a validated key, never from request text: a
key has only the characters of minted keys (lower-case ASCII letters, digits and
``._~-`` in ``/``-separated segments that start with a letter or digit), so a
``Location`` is always a path on this server (``/doc/…``, never ``//host``).  A key
ending in a format's extension names that format (minted keys carry no extension).
The rules do not merge slashes: werkzeug would answer ``/id//x`` with a redirect built
from the request's host; here it is simply not a key (404).
Documents are cached per (version, document, variant, language).
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from ...errors import NotFound
from ...linked.description import Description, describe
from ...linked.index import DocumentIndex
from ...linked.view import UI, Labels, schema_org, sections
from ...rdf.formats import Format, formats_for
from ...rdf.negotiation import negotiate, prefers
from ...sparql.results import Rendered
from ..html.links import local_href
from ..html.titles import LANGUAGES, page_language, site_title
from ..http.finish import shareable
from ..http.operations import RDF_PAGE_TYPES, declare, see_other, simple
from ..state import Served, state
from .rdf_bodies import render_triples
from .served_index import document_index

blueprint = Blueprint("resources", __name__)

KEY = re.compile(r"[a-z0-9][a-z0-9._~-]*(?:/[a-z0-9][a-z0-9._~-]*)*")
DOCUMENT_FORMATS: tuple[Format, ...] = tuple(formats_for("graph"))
BY_EXTENSION = {f.extension: f for f in DOCUMENT_FORMATS}
JSONLD_CONTEXT_REL = "http://www.w3.org/ns/json-ld#context"


def valid_key(key: str) -> str:
    """``key`` if it is shaped like a minted key, else a 404 (nothing else is looked up)."""
    if len(key) > 512 or not KEY.fullmatch(key):
        raise NotFound("no resource has this name")
    return key


def _see_other(prefix: str, path: str) -> Response:
    key = f"{prefix}/{valid_key(path)}"
    index = document_index(state().served)
    document = index.base + key
    response = Response(status=303)
    response.headers["Cache-Control"] = "public, max-age=300"
    if index.subjects(document) is None:
        elsewhere = index.elsewhere(document)
        if elsewhere is None:
            raise NotFound("no resource has this name")
        response.headers["Location"] = elsewhere
        return response
    fmt = negotiate(request.headers.get("Accept"), "graph")
    response.headers["Location"] = f"/doc/{key}.{fmt.extension}"
    response.headers["Vary"] = "Accept"
    _link_headers(response, f"/doc/{key}")
    return response


for _prefix in ("id", "def", "graph"):
    _view = declare(
        "linked data",
        get=see_other(
            f"see{_prefix.title()}",
            f"303 See Other to the document describing {{base}}{_prefix}/{{path}}",
            "404",
            "406",
        ),
    )(partial(_see_other, _prefix))
    blueprint.add_url_rule(
        f"/{_prefix}/<path:path>",
        f"see_other_{_prefix}",
        _view,
        methods=["GET"],
        merge_slashes=False,
    )


@blueprint.get("/doc/<path:path>", merge_slashes=False)
@declare(
    "linked data",
    get=simple(
        "document",
        "A resource's document: its triples, incoming links and labels "
        "(extension .html .jsonld .ttl .nt .rdf .trig .nq, or by Accept)",
        *RDF_PAGE_TYPES,
        statuses=("404", "406"),
    ),
)
def document(path: str) -> Response:
    """The document of ``{base}KEY`` at ``/doc/KEY`` (negotiated) or ``/doc/KEY.EXT``."""
    key, dot, extension = path.rpartition(".")
    fmt = BY_EXTENSION.get(extension) if dot else None
    return serve_document(valid_key(key if fmt else path), fmt, f"/doc/{key if fmt else path}")


def serve_document(
    key: str, fmt: Format | None, path: str, extra: dict[str, Any] | None = None
) -> Response:
    """The document of ``{base}key`` in ``fmt`` (None: negotiated); its URLs are ``path.EXT``.

    ``extra`` is passed to the HTML template (the dataset page adds its dumps).
    """
    st = state()
    served = st.served  # one version for the whole request
    index = document_index(served)
    subjects = index.subjects(index.base + key)
    if subjects is None:
        raise NotFound("no resource has this name")
    negotiated = fmt is None
    accept = request.headers.get("Accept")
    if fmt is None:
        fmt = negotiate(accept, "graph")
    plain = (
        negotiated
        and fmt.name == "jsonld"
        and prefers(accept, "application/json", "application/ld+json")
    )
    lang = page_language(request) if fmt.name == "html" else ""
    variant = "json" if plain else fmt.name
    cache_key = ("document", served.version, path, variant, lang)
    cached = st.answers.get(cache_key)
    if cached is None:
        description = describe(
            served.store, index.base + key, subjects, st.settings.max_incoming_links
        )
        body = _body(served, index, description, fmt, plain, lang, path, extra or {})
        media_type = "application/json" if plain else fmt.media_type
        cached = Rendered(body, media_type, description.truncated, len(description.statements))
        st.answers.put(cache_key, cached)
    response = Response(cached.body, mimetype=cached.media_type)
    headers = response.headers
    vary = (["Accept"] if negotiated else []) + (["Accept-Language"] if lang else [])
    if vary:
        headers["Vary"] = ", ".join(vary)
    if negotiated and not plain:
        headers["Content-Location"] = f"{path}.{fmt.extension}"
    _link_headers(response, path)
    if plain:
        headers.add(
            "Link", f'</context.jsonld>; rel="{JSONLD_CONTEXT_REL}"; type="application/ld+json"'
        )
    if cached.truncated:
        headers["Result-Truncated"] = "true"
    return shareable(response, served.version, request.path, response.mimetype or "", variant, lang)


def _body(
    served: Served,
    index: DocumentIndex,
    description: Description,
    fmt: Format,
    plain: bool,
    lang: str,
    path: str,
    extra: dict[str, Any],
) -> bytes:
    if fmt.name != "html":
        quads = isinstance(fmt.ox_format, ox.RdfFormat) and fmt.ox_format.supports_datasets
        statements = description.quads() if quads else description.triples()
        return render_triples(statements, fmt, served, inline_context=not plain)
    context = served.context.get("@context", {})
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")}
    labels = Labels(description.statements, lang, prefixes)
    page = render_template(
        "resource.html",
        site_title=site_title(lang, served),
        version=served.version,
        lang=lang,
        languages=LANGUAGES,
        t=UI[lang],
        sections=sections(description, labels, index.derived_graphs),
        schema=schema_org(description, labels),
        formats=[(f, f"{path}.{f.extension}") for f in DOCUMENT_FORMATS],
        truncated=description.truncated,
        href=partial(local_href, base=index.base),
        **extra,
    )
    return page.encode()


def _link_headers(response: Response, path: str) -> None:
    """``alternate`` links to every format and ``describedby`` the negotiated document."""
    for fmt in DOCUMENT_FORMATS:
        response.headers.add(
            "Link", f'<{path}.{fmt.extension}>; rel="alternate"; type="{fmt.media_type}"'
        )
    response.headers.add("Link", f'<{path}>; rel="describedby"')
