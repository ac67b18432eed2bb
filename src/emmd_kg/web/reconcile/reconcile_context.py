"""What every reconciliation request needs of the served version.

The graph facts (:class:`~emmd_kg.search.reconcile_graph.GraphFacts`) are kept once per
dataset version and process; identifiers in requests may be IRIs or CURIEs of the
prefixes the JSON-LD context declares, and are expanded here.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from flask import current_app, request

from ...errors import ParameterError
from ...search import SearchIndex
from ...search.reconcile_graph import GraphFacts
from ..html.titles import page_language
from ..state import Served, state

_LOCK = threading.Lock()
_KEY = "emmd_kg.reconcile"
_CURIE = re.compile(r"([A-Za-z][\w.-]*)?:([^\s<>\"{}|\\^`]*)")
_IRI = re.compile(r"[a-z][a-z0-9+.-]*://[^\s<>\"{}|\\^`]+", re.IGNORECASE)


def facts(served: Served | None = None) -> GraphFacts:
    """The graph facts of the served version (built on first use)."""
    served = served or state().served
    held = current_app.extensions.get(_KEY)
    if held is None or held[0] != served.version:
        with _LOCK:
            held = current_app.extensions.get(_KEY)
            if held is None or held[0] != served.version:
                held = (served.version, GraphFacts(served.store))
                current_app.extensions[_KEY] = held
    found: GraphFacts = held[1]
    return found


def index() -> SearchIndex:
    """The full-text index of the served version."""
    return state().served.search


def prefixes(served: Served | None = None) -> dict[str, str]:
    """Prefix → namespace, as the JSON-LD context declares them."""
    context: dict[str, Any] = (served or state().served).context.get("@context", {})
    return {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")}


def expand(term: str, parameter: str) -> str:
    """The IRI ``term`` stands for (an IRI, or a CURIE of a known prefix), else a 400
    naming ``parameter``."""
    if _IRI.fullmatch(term):
        return term
    curie = _CURIE.fullmatch(term)
    if curie is not None:
        namespace = prefixes().get(curie.group(1) or "")
        if namespace is not None:
            return namespace + curie.group(2)
    raise ParameterError(parameter, f"{term!r} is neither an IRI nor a CURIE of a known prefix")


def compact(iri: str) -> str:
    """``iri`` as a CURIE when a prefix covers it (the longest namespace wins)."""
    best = max(
        ((k, v) for k, v in prefixes().items() if iri.startswith(v)),
        key=lambda kv: len(kv[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def language() -> str:
    """The language names are given in: ``lang=`` or Accept-Language (en, de)."""
    return page_language(request)


def base() -> str:
    """The base IRI of the served artefact: absolute URLs are built on it, never on
    the request's Host."""
    found: str = state().served.artefact.manifest.base_iri
    return found
