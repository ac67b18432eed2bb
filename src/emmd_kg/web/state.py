"""What a running server holds: the settings and the one dataset version it serves.

The served version is a single immutable :class:`Served` object; a reload builds a
new one and swaps the reference, so each request sees one version from start to end.
Each HTTP worker process forks its own query executor lazily, after the server forks.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from flask import current_app

from ..artefact import Artefact, open_artefact, verify
from ..config import Settings
from ..search import SearchIndex
from ..sparql.cache import Cache
from ..sparql.executor import ExecutorPool
from ..store.base import Store
from ..store.open import open_store
from .http.response_cache import ResponseCache


@dataclass(frozen=True)
class Served:
    """One dataset version: its artefact, its store, its JSON-LD context and its search
    index (made when the version is opened, so it swaps with the rest on reload)."""

    artefact: Artefact
    store: Store
    context: dict[str, Any]
    search: SearchIndex

    @property
    def version(self) -> str:
        """The dataset version served."""
        return self.artefact.version


def open_served(settings: Settings, store: Store | None = None) -> Served:
    """Open the current artefact (and its store, unless one is given), once every file
    of it is checked against its manifest (ArtefactError names a damaged one)."""
    artefact = open_artefact(settings.artefact_dir)
    verify(artefact.path)
    return Served(
        artefact,
        store or open_store(settings, artefact),
        artefact.context(),
        SearchIndex.open(artefact.path, artefact.manifest.search.sha256),
    )


class ServerState:
    """Settings, the served version, this process's executors and its two caches: the
    engine's answers (by query, format and dataset) and the finished responses."""

    def __init__(self, settings: Settings, served: Served) -> None:
        self.settings = settings
        self.served = served
        self.answers = Cache(settings.cache_entries)
        self.responses = ResponseCache(
            settings.cache_entries, settings.cache_bytes, settings.cache_body_bytes
        )
        self._executor: ExecutorPool | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def executor(self) -> ExecutorPool:
        """This process's query executors (``query_workers`` of them), forked on first use
        and again after a fork."""
        with self._lock:
            if self._executor is None or self._pid != os.getpid():
                self._executor = ExecutorPool(
                    lambda: self.served.store,
                    self.settings,
                    max(1, self.settings.query_workers),
                    jsonld_context=lambda: self.served.context,
                )
                self._pid = os.getpid()
            return self._executor


def state() -> ServerState:
    """The state of the application handling the current request."""
    found: ServerState = current_app.extensions["emmd_kg"]
    return found
