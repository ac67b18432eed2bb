"""What every HTML page shows of the dataset and of the request: title and language."""

from __future__ import annotations

import pyoxigraph as ox
from werkzeug.wrappers import Request

from ...rdf.labels import choose
from ...rdf.negotiation import best_language
from ..state import Served

LANGUAGES = ("en", "de")
_TITLE = "SELECT ?this ?title WHERE { ?this <http://purl.org/dc/terms/title> ?title }"


def page_language(request: Request) -> str:
    """The page language: ``?lang=`` if it names one, else the best of Accept-Language."""
    return best_language(
        request.args.get("lang"), request.headers.get("Accept-Language"), LANGUAGES
    )


def site_title(lang: str, served: Served) -> str:
    """The dataset's title (``{base}dataset``, ``dct:title``) in ``lang``, for page titles."""
    dataset = ox.NamedNode(served.artefact.manifest.base_iri + "dataset")
    rows = served.store.query(_TITLE, bindings={"this": dataset})
    titles = sorted((row["title"].language or "", row["title"].value) for row in rows)
    return choose(titles, lang) or "Linked data"
