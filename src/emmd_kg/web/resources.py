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
import threading
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..errors import NotFound
from ..linked.description import Description, describe
from ..linked.index import DocumentIndex
from ..linked.view import UI, Labels, schema_org, sections
from ..rdf.formats import Format, formats_for, negotiate
from ..sparql.results import Rendered
from .caching import conditional
from .links import local_href
from .render import render_triples
from .state import Served, state

blueprint = Blueprint("resources", __name__)

KEY = re.compile(r"[a-z0-9][a-z0-9._~-]*(?:/[a-z0-9][a-z0-9._~-]*)*")
DOCUMENT_FORMATS: tuple[Format, ...] = tuple(formats_for("graph"))
BY_EXTENSION = {f.extension: f for f in DOCUMENT_FORMATS}
LANGUAGES = ("en", "de")
JSONLD_CONTEXT_REL = "http://www.w3.org/ns/json-ld#context"
_TITLE = "SELECT ?this ?title WHERE { ?this <http://purl.org/dc/terms/title> ?title }"
_INDEX_LOCK = threading.Lock()


def valid_key(key: str) -> str:
    """``key`` if it is shaped like a minted key, else a 404 (nothing else is looked up)."""
    if len(key) > 512 or not KEY.fullmatch(key):
        raise NotFound("no resource has this name")
    return key


def document_index(published: Served | None = None) -> DocumentIndex:
    """The index of the served version (or of ``published``), built once per version."""
    published = published or state().published
    held = current_app.extensions.get("emmd_kg.index")
    if held is None or held[0] != published.version:
        with _INDEX_LOCK:
            held = current_app.extensions.get("emmd_kg.index")
            if held is None or held[0] != published.version:
                base = published.artefact.manifest.base_iri
                shapes = _shapes_documents(published.artefact.path / "shapes.ttl", base)
                held = (published.version, DocumentIndex.build(published.store, base, shapes))
                current_app.extensions["emmd_kg.index"] = held
    return held[1]


def _shapes_documents(path: Path, base: str) -> dict[str, str]:
    """The documents the SHACL shapes mention under the base, all served at ``/shapes``."""
    if not path.exists():
        return {}
    found = {}
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        for term in (triple.subject, triple.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(base):
                found[term.value.split("#", 1)[0]] = "/shapes"
    return found


def language() -> str:
    """The page language: ``?lang=`` if it names one, else the best of Accept-Language."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES, default=LANGUAGES[0])


def site_title(lang: str, published: Served | None = None) -> str:
    """The dataset's title (``{base}dataset``, ``dct:title``) in ``lang``, for page titles."""
    published = published or state().published
    dataset = ox.NamedNode(published.artefact.manifest.base_iri + "dataset")
    titles = {
        row["title"].language or "": row["title"].value
        for row in published.store.query(_TITLE, bindings={"this": dataset})
    }
    return titles.get(lang) or titles.get("") or min(titles.values(), default="Linked data")


def _see_other(prefix: str, key: str) -> Response:
    key = f"{prefix}/{valid_key(key)}"
    index = document_index()
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
    blueprint.add_url_rule(
        f"/{_prefix}/<path:key>",
        f"see_other_{_prefix}",
        partial(_see_other, _prefix),
        methods=["GET"],
        merge_slashes=False,
    )


@blueprint.get("/doc/<path:name>", merge_slashes=False)
def document(name: str) -> Response:
    """The document of ``{base}KEY`` at ``/doc/KEY`` (negotiated) or ``/doc/KEY.EXT``."""
    key, dot, extension = name.rpartition(".")
    fmt = BY_EXTENSION.get(extension) if dot else None
    return serve_document(valid_key(key if fmt else name), fmt, f"/doc/{key if fmt else name}")


def serve_document(key: str, fmt: Format | None, path: str, extra: dict | None = None) -> Response:
    """The document of ``{base}key`` in ``fmt`` (None: negotiated); its URLs are ``path.EXT``.

    ``extra`` is passed to the HTML template (the dataset page adds its dumps).
    """
    published = state().published  # one version for the whole request
    index = document_index(published)
    subjects = index.subjects(index.base + key)
    if subjects is None:
        raise NotFound("no resource has this name")
    negotiated = fmt is None
    accept = request.headers.get("Accept")
    if fmt is None:
        fmt = negotiate(accept, "graph")
    plain = negotiated and fmt.name == "jsonld" and _prefers_plain_json(accept)
    lang = language() if fmt.name == "html" else ""
    variant = "json" if plain else fmt.name
    cache_key = ("document", published.version, path, variant, lang)
    cached = state().cache.get(cache_key)
    if cached is None:
        description = describe(
            published.store, index.base + key, subjects, state().settings.max_incoming_links
        )
        body = _body(published, index, description, fmt, plain, lang, path, extra or {})
        media_type = "application/json" if plain else fmt.media_type
        cached = Rendered(body, media_type, description.truncated, len(description.statements))
        state().cache.put(cache_key, cached)
    response = Response(cached.body, mimetype=cached.media_type)
    if cached.media_type.startswith("text/"):
        response.mimetype_params["charset"] = "utf-8"
    vary = (["Accept"] if negotiated else []) + (["Accept-Language"] if lang else [])
    if vary:
        response.headers["Vary"] = ", ".join(vary)
    if negotiated and not plain:
        response.headers["Content-Location"] = f"{path}.{fmt.extension}"
    _link_headers(response, path)
    if plain:
        response.headers.add(
            "Link", f'</context.jsonld>; rel="{JSONLD_CONTEXT_REL}"; type="application/ld+json"'
        )
    if cached.truncated:
        response.headers["Result-Truncated"] = "true"
    return conditional(response, published.version, variant, lang)


def _body(
    published: Served,
    index: DocumentIndex,
    description: Description,
    fmt: Format,
    plain: bool,
    lang: str,
    path: str,
    extra: dict,
) -> bytes:
    if fmt.name != "html":
        statements = (
            description.quads() if fmt.ox_format.supports_datasets else description.triples()
        )
        return render_triples(statements, fmt, inline_context=not plain, published=published)
    context = published.context.get("@context", {})
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")}
    labels = Labels(description.statements, lang, prefixes)
    page = render_template(
        "resource.html",
        site_title=site_title(lang, published),
        version=published.version,
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


def _prefers_plain_json(accept: str | None) -> bool:
    """True if the client ranks ``application/json`` above ``application/ld+json``."""
    parsed = parse_accept_header(accept or "", MIMEAccept)
    return parsed.quality("application/json") > parsed.quality("application/ld+json")


def _link_headers(response: Response, path: str) -> None:
    """``alternate`` links to every format and ``describedby`` the negotiated document."""
    for fmt in DOCUMENT_FORMATS:
        response.headers.add(
            "Link", f'<{path}.{fmt.extension}>; rel="alternate"; type="{fmt.media_type}"'
        )
    response.headers.add("Link", f'<{path}>; rel="describedby"')
