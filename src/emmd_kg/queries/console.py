"""What ``emmd-kg query`` needs beyond the library: a query session and plain-text tables.

A :class:`Session` opens the current artefact, its store and one query worker process
(the executor the server uses, with the same time, memory and row caps), so a query on
the command line is gated, bound and capped exactly as over HTTP.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from ..artefact import open_artefact
from ..config import Settings
from ..rdf.formats import Format
from ..sparql.executor import Executor
from ..sparql.results import Rendered
from ..sparql.service import run_query
from ..store.base import Term
from ..store.open import open_store
from . import files as query_files
from .saved import Catalogue


@dataclass
class Session:
    """An open artefact: its catalogue, and an engine running queries in a worker."""

    settings: Settings
    catalogue: Catalogue
    executor: Executor
    graph_names: frozenset[str]

    def engine(self, text: str, fmt: Format, bindings: Mapping[str, Term]) -> Rendered:
        """Run trusted or ad-hoc text through the gate and the worker (see run_query)."""
        return run_query(
            self.executor, self.graph_names, self.settings, text, fmt, bindings=bindings
        )


@contextmanager
def session(settings: Settings) -> Iterator[Session]:
    """A session over the current artefact of ``settings``; the worker ends with it."""
    artefact = open_artefact(settings.artefact_dir)
    store = open_store(settings, artefact)
    executor = Executor(lambda: store, settings)
    try:
        catalogue = query_files.load(artefact.path, artefact.manifest)
        yield Session(settings, catalogue, executor, store.graph_names())
    finally:
        executor.close()
        store.close()


def _text(cell: dict | None) -> str:
    if cell is None:
        return ""
    if cell["type"] == "bnode":
        return "_:" + cell["value"]
    return cell["value"].replace("\n", " ")


def table(body: bytes) -> str:
    """A SPARQL JSON answer as an aligned plain-text table (or the word true / false)."""
    data = json.loads(body)
    if "boolean" in data:
        return "true" if data["boolean"] else "false"
    names = data["head"]["vars"]
    rows = [[_text(b.get(n)) for n in names] for b in data["results"]["bindings"]]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = [
        "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)
