"""The dataset as a whole: its description, its dumps and a sitemap.

- ``/dataset`` is the document of ``{base}dataset`` (DCAT-AP.de + VoID, built into the
  graph ``{base}graph/dataset``): content negotiation like any resource, one URL per
  format (``/dataset.ttl`` …), and on the HTML page the dumps and the endpoint;
- ``/.well-known/void`` answers 303 to ``/dataset`` (VoID, section 7.2);
- ``/dumps/dataset.{nq,trig,ttl,nt,jsonld}`` are the artefact's files, looked up in the
  manifest (never opened from the request path), with their media type and an ETag
  from their checksum;
- ``/sitemap.xml`` lists the home page, the dataset and every resource IRI under the
  base that names a document (``id/``, ``def/``, ``graph/``): absolute URLs can only
  come from the configured base, never from the request's ``Host``.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Blueprint, Response, redirect, send_file

from ..errors import NotFound
from .caching import conditional
from .resources import BY_EXTENSION, document_index, serve_document
from .state import Served, state

blueprint = Blueprint("dataset", __name__)

SITEMAP_LIMIT = 50_000
"""The most URLs one sitemap file may hold (sitemaps.org)."""
DOCUMENT_PREFIXES = ("id/", "def/", "graph/")


def dump_links(published: Served | None = None) -> list[tuple[str, str, int]]:
    """``(url, media type, bytes)`` of every dump of the served (or given) artefact."""
    dumps = (published or state().published).artefact.manifest.dumps
    return [(f"/{name}", info.media_type, info.size) for name, info in dumps.items()]


def _dataset(fmt_extension: str | None) -> Response:
    fmt = None
    if fmt_extension is not None:
        fmt = BY_EXTENSION.get(fmt_extension)
        if fmt is None:
            raise NotFound("no such format of the dataset description")
    return serve_document("dataset", fmt, "/dataset", {"dumps": dump_links()})


@blueprint.get("/dataset")
def dataset() -> Response:
    """The dataset description, format by content negotiation."""
    return _dataset(None)


@blueprint.get("/dataset.<extension>")
def dataset_format(extension: str) -> Response:
    """The dataset description in the format of the extension."""
    return _dataset(extension)


@blueprint.get("/.well-known/void")
def well_known_void() -> Response:
    """The well-known VoID location leads to the dataset description."""
    return redirect("/dataset", code=303)


@blueprint.get("/dumps/<name>")
def dump(name: str) -> Response:
    """One dump file of the artefact, by its name in the manifest."""
    artefact = state().published.artefact
    key = f"dumps/{name}"
    info = artefact.manifest.dumps.get(key)
    if info is None:
        raise NotFound("no dump has this name")
    return send_file(artefact.path / key, mimetype=info.media_type, etag=info.sha256, max_age=300)


@blueprint.get("/sitemap.xml")
def sitemap() -> Response:
    """Every page a search engine should know, as absolute URLs under the base."""
    published = state().published
    index = document_index(published)
    base = index.base
    urls = [base, base + "dataset"]
    urls += [base + key for key in index.keys() if key.startswith(DOCUMENT_PREFIXES)]
    built = published.artefact.manifest.built_at[:10]
    lastmod = f"<lastmod>{escape(built)}</lastmod>" if built else ""
    entries = "".join(
        f"<url><loc>{escape(url)}</loc>{lastmod}</url>\n" for url in urls[:SITEMAP_LIMIT]
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n"
    )
    response = Response(body, mimetype="application/xml")
    return conditional(response, published.version)
