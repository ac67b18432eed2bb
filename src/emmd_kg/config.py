"""Settings: every configurable value of the engine, declared once as data.

Values come, in rising priority, from the defaults below, the project's config file
(``emmd-kg.toml`` in the project directory, table ``[emmd-kg]``), environment variables
``EMMD_KG_<NAME>`` and command-line options.  Nothing reads configuration at import time:
callers build a :class:`Settings` with :func:`load_settings` and pass it down.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError

CONFIG_FILE = "emmd-kg.toml"
DEFAULT_BASE = "https://w3id.org/emmd/"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """One frozen bundle of configuration; see ``SETTINGS_HELP`` for each field."""

    project_dir: Path = _setting(Path("."), "folder holding ontology/ data/ shapes/ queries/")
    build_dir: Path = _setting(Path("build"), "where the artefact is written (relative to project)")
    base_iri: str = _setting(
        DEFAULT_BASE,
        "base IRI of every resource; data is written against "
        "the default and rewritten at build time",
    )
    source_base: str = _setting(DEFAULT_BASE, "the base IRI the source files are written against")
    host: str = _setting("127.0.0.1", "address the server listens on")
    port: int = _setting(5000, "port the server listens on")
    workers: int = _setting(2, "HTTP worker processes (one per core is a good start)")
    threads: int = _setting(
        32, "request threads per worker (more than query_workers, so cheap requests never wait)"
    )
    query_workers: int = _setting(
        4, "query processes per worker; a query finding all busy is a 503 with Retry-After at once"
    )
    store: str = _setting("memory", "store backend: memory | rdflib | oxigraph:PATH | sparql:URL")
    trusted_hosts: tuple[str, ...] = _setting(
        ("127.0.0.1", "localhost", "[::1]"),
        "Host header values the server answers (the base IRI's host is always added)",
    )
    max_query_bytes: int = _setting(16 * 1024, "longest query text accepted (bytes)")
    max_body_bytes: int = _setting(64 * 1024, "largest request body accepted (bytes)")
    body_timeout: float = _setting(
        10.0, "longest time a request body may take to arrive (seconds); then 408"
    )
    max_nesting: int = _setting(64, "deepest bracket nesting accepted in a query")
    query_timeout: float = _setting(10.0, "run-time cap per query (seconds)")
    max_rows: int = _setting(10_000, "result rows returned before truncation")
    max_query_memory_mb: int = _setting(2048, "address-space cap of a query worker (MiB)")
    cache_entries: int = _setting(
        512, "answers kept per worker, in each of its caches (engine answers, responses)"
    )
    cache_bytes: int = _setting(64 * 1024 * 1024, "bytes of bodies each cache of a worker holds")
    cache_body_bytes: int = _setting(
        1024 * 1024, "largest response body kept whole in the response cache (bytes)"
    )
    keep_versions: int = _setting(
        10, "dataset versions kept on disk and served read-only (newest by build order)"
    )
    reasoning_budget: float = _setting(120.0, "longest time reasoning may take (seconds)")
    validation: str = _setting(
        "full", "full, or changed: validate only what changed since the published artefact"
    )
    reasoner: str = _setting(
        "owlrl", "owlrl (reference) or rules (the same closure on pyoxigraph, for large data)"
    )
    page_size: int = _setting(
        100, "rows per page of a saved query's answer unless the request sets page_size"
    )
    max_parameter_values: int = _setting(
        16, "most values of a multi-valued saved-query parameter (and runs per request)"
    )
    max_incoming_links: int = _setting(
        1000, "statements pointing at a resource included in its document (the rest: SPARQL)"
    )
    matrix_scheme: str = _setting(
        "",
        "IRI of the concept scheme whose concepts are the rows of the home page's "
        "responsibility matrix; empty: the scheme most purposes map into",
    )
    matrix_class: str = _setting(
        "",
        "IRI of the class whose instances are the matrix's columns; empty: the most "
        "specific class of the organisations the responsible ones belong to",
    )
    search_max_limit: int = _setting(100, "most hits one /search page may ask for (400 beyond)")
    search_query_chars: int = _setting(
        1000, "longest /search query text, in characters (400 beyond)"
    )
    reconcile_batch_limit: int = _setting(
        500, "most queries in one reconciliation batch, and ids in one extension (413 beyond)"
    )
    reconcile_query_chars: int = _setting(
        1000, "longest text of one reconciliation or suggest query, in characters (400 beyond)"
    )
    reconcile_max_limit: int = _setting(
        100, "most candidates a reconciliation query may ask for (400 beyond)"
    )
    reconcile_types: tuple[str, ...] = _setting(
        (),
        "the reconciliation service's default types (CURIEs or IRIs); empty: the five "
        "classes with the most instances",
    )

    @property
    def artefact_dir(self) -> Path:
        """The folder of the built artefact."""
        return self.build_dir if self.build_dir.is_absolute() else self.project_dir / self.build_dir

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (``None`` values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


SETTINGS_HELP: dict[str, str] = {f.name: f.metadata["help"] for f in dataclasses.fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    kind = type(getattr(Settings(), name))
    try:
        if kind is tuple:
            return tuple(value.split(",")) if isinstance(value, str) else tuple(value)
        if kind is Path:
            return Path(value)
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"setting '{name}': expected {kind.__name__}, got {value!r}") from exc


def load_settings(project_dir: Path | str = ".", **overrides: Any) -> Settings:
    """Settings for the project in ``project_dir``: defaults < file < environment < overrides."""
    project = Path(project_dir).resolve()
    values: dict[str, Any] = {}
    config = project / CONFIG_FILE
    if config.exists():
        try:
            table = tomllib.loads(config.read_text(encoding="utf-8")).get("emmd-kg", {})
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"{config.name}: {exc}") from exc
        values.update(table)
    for name in SETTINGS_HELP:
        env = os.environ.get(f"EMMD_KG_{name.upper()}")
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - set(SETTINGS_HELP)
    if unknown:
        raise UsageError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    coerced = {name: _coerce(name, value) for name, value in values.items()}
    coerced["project_dir"] = project
    settings = Settings(**coerced)
    if not settings.base_iri.endswith(("/", "#")):
        raise UsageError(f"setting 'base_iri': must end with '/' or '#', got {settings.base_iri!r}")
    return settings
