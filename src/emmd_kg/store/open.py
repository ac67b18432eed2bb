"""open_store: the one place that chooses a backend from the settings."""

from __future__ import annotations

from pathlib import Path

from ..artefact import Artefact
from ..config import Settings
from ..errors import UsageError
from .base import Store


def open_store(settings: Settings, artefact: Artefact) -> Store:
    """The store named by ``settings.store``, holding ``artefact``."""
    kind, _, argument = settings.store.partition(":")
    endpoint = settings.base_iri + "sparql"
    if kind == "memory":
        from .memory import MemoryStore

        return MemoryStore(artefact.nquads, artefact.version, endpoint)
    if kind == "rdflib":
        from .rdflib_store import RdflibStore

        return RdflibStore(artefact.nquads, artefact.version, endpoint)
    if kind == "oxigraph" and argument:
        from .disk import DiskStore

        path = Path(argument)
        path = path if path.is_absolute() else settings.project_dir / path
        return DiskStore(path, artefact.nquads, artefact.version, endpoint)
    if kind == "sparql" and argument.startswith(("http://", "https://")):
        from .remote import RemoteStore

        return RemoteStore(
            argument, artefact.version, artefact.manifest.graphs, settings.query_timeout
        )
    raise UsageError(
        f"setting 'store': unknown backend {settings.store!r}; "
        "expected memory, rdflib, oxigraph:PATH or sparql:URL"
    )
