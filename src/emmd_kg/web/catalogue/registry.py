"""The saved queries of the served version, and the engine they run on.

The catalogue is loaded from the files the artefact's manifest lists (the only registry
of names the server trusts: nothing is opened from a request path), once per dataset
version and process, before the workers fork.  The engine runs trusted query text with
bound values the way ``/sparql`` runs a GET: gate, answer cache, time, memory and row caps.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from flask import current_app

from ...queries.files import load
from ...queries.run import Engine
from ...queries.saved import Catalogue, SavedQuery
from ...rdf.formats import Format
from ...search.saved_answers import answering
from ...sparql.results import Rendered
from ...sparql.service import run_query
from ...store.base import Term
from ..state import state

_LOCK = threading.Lock()
_KEY = "emmd_kg.queries"


def catalogue() -> Catalogue:
    """The saved queries of the served version."""
    served = state().served
    held = current_app.extensions.get(_KEY)
    if held is None or held[0] != served.version:
        with _LOCK:
            held = (served.version, load(served.artefact.path, served.artefact.manifest))
            current_app.extensions[_KEY] = held
    return held[1]


def engine() -> Engine:
    """Runs trusted text with bindings like ``/sparql`` runs a GET."""
    st = state()
    graphs = st.served.store.graph_names()

    def run(text: str, fmt: Format, bindings: Mapping[str, Term]) -> Rendered:
        return run_query(
            st.executor(), graphs, st.settings, text, fmt, bindings=bindings, cache=st.answers
        )

    return run


def engine_for(query: SavedQuery) -> Engine:
    """The engine for ``query``: the search index's answer when the query says so."""
    run = engine()
    if query.answered_by == "search-index":
        st = state()
        return answering(query.text, st.served.search, run, st.settings.max_rows)
    return run


def base_iri() -> str:
    """The base IRI of the served artefact."""
    return state().served.artefact.manifest.base_iri
