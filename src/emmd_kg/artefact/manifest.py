"""The manifest of an artefact version: what the build wrote, typed.

``manifest.json`` is parsed and checked in one place, :meth:`Manifest.from_file`: a
missing or unknown key, or a value of the wrong type, is a :class:`~emmd_kg.errors.BuildError`
naming the file and the key, so nothing downstream meets a half-formed manifest.
:meth:`Manifest.to_json` writes exactly the bytes the build has always written (keys in a
fixed order, ``indent=1``, a final newline), so ``from_json(m.to_json()) == m``.

>>> m = Manifest(
...     "0123456789abcdef", "https://example.org/", "2025-01-01T00:00:00+00:00",
...     {"https://example.org/graph/data": 2}, 2, 2, 0, Validation(True, 3, 0, "all"),
...     {"dumps/dataset.nq": DumpFile("application/n-quads", 180, "9f86d0")},
...     QueryFiles("https://example.org/", {}), {"data/a.ttl": "e3b0c4"}, {"parse": 0.01},
... )
>>> Manifest.from_json(m.to_json()) == m
True
>>> m.to_json().splitlines()[:3]
['{', ' "version": "0123456789abcdef",', ' "base_iri": "https://example.org/",']
>>> Manifest.from_json('{"version": "1"}', "m.json")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
emmd_kg.errors.BuildError: m.json: malformed manifest: the manifest lacks the key 'base_iri'; ...
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import BuildError

T = TypeVar("T")


@dataclass(frozen=True)
class Validation:
    """The SHACL verdict of the build."""

    conforms: bool
    shapes: int
    findings: int
    scope: str
    """What was validated: "all", or the focus nodes of an incremental build."""


@dataclass(frozen=True)
class DumpFile:
    """One dump file (key ``dumps/dataset.<extension>`` of :attr:`Manifest.dumps`)."""

    media_type: str
    size: int
    """Its length in bytes (``"bytes"`` in the JSON)."""
    sha256: str


@dataclass(frozen=True)
class QueryFile:
    """One saved query copied into the artefact (by name in :attr:`QueryFiles.files`)."""

    file: str
    """Its path inside the version folder, e.g. ``queries/members.rq``."""
    version: str
    form: str


@dataclass(frozen=True)
class QueryFiles:
    """The registry of saved queries the server trusts: name → file, and their base."""

    source_base: str
    """The base IRI the query files are written against."""
    files: dict[str, QueryFile]


@dataclass(frozen=True)
class Manifest:
    """The contents of ``manifest.json``, in the order they are written."""

    version: str
    base_iri: str
    built_at: str
    graphs: dict[str, int]
    """Graph IRI → quads in that graph."""
    triples: int
    """Distinct triples of the union of the knowledge graphs."""
    quads: int
    inferred: int
    validation: Validation
    dumps: dict[str, DumpFile]
    queries: QueryFiles
    inputs: dict[str, str]
    """Input file (relative to the project) → its sha256."""
    timings: dict[str, float]
    """Build step → seconds."""

    def to_json(self) -> str:
        """The manifest as the build writes it to ``manifest.json``."""
        data = {
            "version": self.version,
            "base_iri": self.base_iri,
            "built_at": self.built_at,
            "graphs": self.graphs,
            "triples": self.triples,
            "quads": self.quads,
            "inferred": self.inferred,
            "validation": {
                "conforms": self.validation.conforms,
                "shapes": self.validation.shapes,
                "findings": self.validation.findings,
                "scope": self.validation.scope,
            },
            "dumps": {
                name: {"media_type": d.media_type, "bytes": d.size, "sha256": d.sha256}
                for name, d in self.dumps.items()
            },
            "queries": {
                "source_base": self.queries.source_base,
                "files": {
                    name: {"file": q.file, "version": q.version, "form": q.form}
                    for name, q in self.queries.files.items()
                },
            },
            "inputs": self.inputs,
            "timings": self.timings,
        }
        return json.dumps(data, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str, source: str = "manifest.json") -> Manifest:
        """The manifest in ``text``; BuildError naming ``source`` if it is malformed."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise _malformed(source, f"not JSON ({exc})") from None
        try:
            return _manifest(data)
        except _Malformed as exc:
            raise _malformed(source, str(exc)) from None

    @classmethod
    def from_file(cls, path: Path) -> Manifest:
        """The manifest stored at ``path``; BuildError naming it if unreadable or malformed."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BuildError(f"{path}: cannot read the manifest ({exc})") from None
        return cls.from_json(text, str(path))


class _Malformed(ValueError):
    """What is wrong with a manifest, before the file name is known."""


def _malformed(source: str, problem: str) -> BuildError:
    return BuildError(f"{source}: malformed manifest: {problem}; rebuild with 'emmd-kg build'")


def _object(value: Any, where: str | None, keys: tuple[str, ...]) -> dict[str, Any]:
    """``value`` (at key path ``where``, None for the whole) as an object of exactly ``keys``."""
    label = "the manifest" if where is None else repr(where)
    if not isinstance(value, dict):
        raise _Malformed(f"{label} is not an object")
    missing = [key for key in keys if key not in value]
    if missing:
        raise _Malformed(f"{label} lacks the key {missing[0]!r}")
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise _Malformed(f"{label} has the unknown key {unknown[0]!r}")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _Malformed(f"{where!r} is not a string")
    return value


def _integer(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Malformed(f"{where!r} is not an integer")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Malformed(f"{where!r} is not a number")
    return value


def _boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _Malformed(f"{where!r} is not true or false")
    return value


def _mapping(value: Any, where: str, item: Callable[[Any, str], T]) -> dict[str, T]:
    """A JSON object of any keys, each value read by ``item``."""
    if not isinstance(value, dict):
        raise _Malformed(f"{where!r} is not an object")
    return {key: item(entry, f"{where}.{key}") for key, entry in value.items()}


_TOP = (
    "version",
    "base_iri",
    "built_at",
    "graphs",
    "triples",
    "quads",
    "inferred",
    "validation",
    "dumps",
    "queries",
    "inputs",
    "timings",
)


def _manifest(value: Any) -> Manifest:
    data = _object(value, None, _TOP)
    return Manifest(
        version=_string(data["version"], "version"),
        base_iri=_string(data["base_iri"], "base_iri"),
        built_at=_string(data["built_at"], "built_at"),
        graphs=_mapping(data["graphs"], "graphs", _integer),
        triples=_integer(data["triples"], "triples"),
        quads=_integer(data["quads"], "quads"),
        inferred=_integer(data["inferred"], "inferred"),
        validation=_validation(data["validation"]),
        dumps=_mapping(data["dumps"], "dumps", _dump),
        queries=_queries(data["queries"]),
        inputs=_mapping(data["inputs"], "inputs", _string),
        timings=_mapping(data["timings"], "timings", _number),
    )


def _validation(value: Any) -> Validation:
    data = _object(value, "validation", ("conforms", "shapes", "findings", "scope"))
    return Validation(
        conforms=_boolean(data["conforms"], "validation.conforms"),
        shapes=_integer(data["shapes"], "validation.shapes"),
        findings=_integer(data["findings"], "validation.findings"),
        scope=_string(data["scope"], "validation.scope"),
    )


def _dump(value: Any, where: str) -> DumpFile:
    data = _object(value, where, ("media_type", "bytes", "sha256"))
    return DumpFile(
        media_type=_string(data["media_type"], f"{where}.media_type"),
        size=_integer(data["bytes"], f"{where}.bytes"),
        sha256=_string(data["sha256"], f"{where}.sha256"),
    )


def _queries(value: Any) -> QueryFiles:
    data = _object(value, "queries", ("source_base", "files"))
    return QueryFiles(
        source_base=_string(data["source_base"], "queries.source_base"),
        files=_mapping(data["files"], "queries.files", _query),
    )


def _query(value: Any, where: str) -> QueryFile:
    data = _object(value, where, ("file", "version", "form"))
    return QueryFile(
        file=_string(data["file"], f"{where}.file"),
        version=_string(data["version"], f"{where}.version"),
        form=_string(data["form"], f"{where}.form"),
    )
