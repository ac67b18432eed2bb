"""The dataset as a whole: its description, its dumps and a sitemap.

- ``/dataset`` is the document of ``{base}dataset`` (DCAT-AP.de + VoID, built into the
  graph ``{base}graph/dataset``): content negotiation like any resource, one URL per
  format (``/dataset.ttl`` …), and on the HTML page the dumps and the endpoint;
- ``/.well-known/void`` answers 303 to ``/dataset`` (VoID, section 7.2);
- ``/dumps/dataset.{nq,trig,ttl,nt,jsonld}`` are the artefact's files, looked up in the
  manifest (never opened from the request path), with their media type and an ETag
  from their checksum, streamed from the file (never held in memory or in the cache);
- ``/sitemap.xml`` lists the home page, the dataset and every resource IRI under the
  base that names a document (``id/``, ``def/``, ``graph/``): absolute URLs can only
  come from the configured base, never from the request's ``Host``.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Blueprint, Response, redirect, send_file
from werkzeug.wrappers import Response as BaseResponse

from ...errors import NotFound
from ..http.finish import shareable
from ..http.operations import GRAPH_TYPES, RDF_PAGE_TYPES, declare, see_other, simple
from ..state import Served, state
from .resources import BY_EXTENSION, serve_document
from .served_index import document_index

blueprint = Blueprint("dataset", __name__)

SITEMAP_LIMIT = 50_000
"""The most URLs one sitemap file may hold (sitemaps.org)."""
DOCUMENT_PREFIXES = ("id/", "def/", "graph/")


def dump_links(served: Served) -> list[tuple[str, str, int]]:
    """``(url, media type, bytes)`` of every dump of the ``served`` artefact."""
    dumps = served.artefact.manifest.dumps
    return [(f"/{name}", info.media_type, info.size) for name, info in dumps.items()]


@blueprint.get("/dataset")
@blueprint.get("/dataset.<extension>")
@declare(
    "dataset",
    get=simple(
        "dataset",
        "The dataset description (DCAT-AP.de + VoID); an extension names the format",
        *RDF_PAGE_TYPES,
        statuses=("404", "406"),
    ),
)
def dataset(extension: str | None = None) -> Response:
    """The dataset description, format by content negotiation or by the extension."""
    fmt = None
    if extension is not None:
        fmt = BY_EXTENSION.get(extension)
        if fmt is None:
            raise NotFound("no such format of the dataset description")
    return serve_document("dataset", fmt, "/dataset", {"dumps": dump_links(state().served)})


@blueprint.get("/.well-known/void")
@declare("dataset", get=see_other("wellKnownVoid", "303 See Other to /dataset"))
def well_known_void() -> BaseResponse:
    """The well-known VoID location leads to the dataset description."""
    return redirect("/dataset", code=303)


@blueprint.get("/dumps/<name>")
@declare(
    "dataset",
    get=simple("dump", "A dump of the whole dataset", *GRAPH_TYPES, statuses=("404",)),
)
def dump(name: str) -> Response:
    """One dump file of the artefact, by its name in the manifest."""
    artefact = state().served.artefact
    key = f"dumps/{name}"
    info = artefact.manifest.dumps.get(key)
    if info is None:
        raise NotFound("no dump has this name")
    return send_file(artefact.path / key, mimetype=info.media_type, etag=info.sha256, max_age=300)


@blueprint.get("/sitemap.xml")
@declare("site", get=simple("sitemap", "Every page a search engine should know", "application/xml"))
def sitemap() -> Response:
    """Every page a search engine should know, as absolute URLs under the base."""
    served = state().served
    index = document_index(served)
    base = index.base
    urls = [base, base + "dataset"]
    urls += [base + key for key in index.keys() if key.startswith(DOCUMENT_PREFIXES)]
    built = served.artefact.manifest.built_at[:10]
    lastmod = f"<lastmod>{escape(built)}</lastmod>" if built else ""
    entries = "".join(
        f"<url><loc>{escape(url)}</loc>{lastmod}</url>\n" for url in urls[:SITEMAP_LIMIT]
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n"
    )
    response = Response(body, mimetype="application/xml")
    return shareable(response, served.version, "/sitemap.xml", "application/xml")
