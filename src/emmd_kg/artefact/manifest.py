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
...     QueryFiles("https://example.org/", {}), {"dataset.nq": FileDigest(180, "9f86d0")},
...     {"data/a.ttl": "e3b0c4"}, {"parse": 0.01},
...     SearchFile("search/names.jsonl", 120, "5e1c2a", 3),
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
class FileDigest:
    """What one file of the version folder holds (by path in :attr:`Manifest.files`)."""

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
class SearchFile:
    """The records the search index is made from (key ``search`` of the manifest)."""

    file: str
    """Its path inside the version folder."""
    size: int
    """Its length in bytes (``"bytes"`` in the JSON)."""
    sha256: str
    resources: int
    """How many named resources it holds."""


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
    files: dict[str, FileDigest]
    """Every file of the version folder but the manifest (path inside it, e.g.
    ``dumps/dataset.nq``) → its size and sha256, checked before the version is served."""
    inputs: dict[str, str]
    """Input file (relative to the project) → its sha256."""
    timings: dict[str, float]
    """Build step → seconds."""
    search: SearchFile

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
            "files": {
                name: {"bytes": f.size, "sha256": f.sha256} for name, f in self.files.items()
            },
            "inputs": self.inputs,
            "timings": self.timings,
            "search": {
                "file": self.search.file,
                "bytes": self.search.size,
                "sha256": self.search.sha256,
                "resources": self.search.resources,
            },
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


Reader = Callable[[Any, str], Any]
"""Reads the JSON value at a key path (the second argument) or raises _Malformed."""


def _fields(value: Any, where: str | None, readers: dict[str, Reader]) -> dict[str, Any]:
    """``value`` (at key path ``where``, None for the whole), an object of exactly the keys
    of ``readers``, with each value read by its reader."""
    label = "the manifest" if where is None else repr(where)
    if not isinstance(value, dict):
        raise _Malformed(f"{label} is not an object")
    missing = [key for key in readers if key not in value]
    if missing:
        raise _Malformed(f"{label} lacks the key {missing[0]!r}")
    unknown = sorted(set(value) - set(readers))
    if unknown:
        raise _Malformed(f"{label} has the unknown key {unknown[0]!r}")
    prefix = "" if where is None else f"{where}."
    return {key: read(value[key], prefix + key) for key, read in readers.items()}


def _scalar(kinds: type[object] | tuple[type[object], ...], noun: str) -> Reader:
    """The reader of a JSON value of ``kinds`` (``noun`` names them in the error); JSON's
    true and false pass only where ``kinds`` is bool, though Python's bool is an int."""
    booleans = kinds is bool

    def read(value: Any, where: str) -> Any:
        if not isinstance(value, kinds) or (isinstance(value, bool) and not booleans):
            raise _Malformed(f"{where!r} is not {noun}")
        return value

    return read


def _mapping(item: Reader) -> Reader:
    """The reader of a JSON object of any keys, each value read by ``item``."""

    def read(value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _Malformed(f"{where!r} is not an object")
        return {key: item(entry, f"{where}.{key}") for key, entry in value.items()}

    return read


def _record(cls: Callable[..., T], readers: dict[str, Reader]) -> Callable[[Any, str], T]:
    """The reader of an object of exactly the keys of ``readers``, made into a ``cls`` (the
    dataclass fields in the order of the keys)."""
    return lambda value, where: cls(*_fields(value, where, readers).values())


_string = _scalar(str, "a string")
_integer = _scalar(int, "an integer")
_number = _scalar((int, float), "a number")
_boolean = _scalar(bool, "true or false")
_validation = _record(
    Validation,
    {"conforms": _boolean, "shapes": _integer, "findings": _integer, "scope": _string},
)
_dump = _record(DumpFile, {"media_type": _string, "bytes": _integer, "sha256": _string})
_file = _record(FileDigest, {"bytes": _integer, "sha256": _string})
_query = _record(QueryFile, {"file": _string, "version": _string, "form": _string})
_queries = _record(QueryFiles, {"source_base": _string, "files": _mapping(_query)})
_search = _record(
    SearchFile,
    {"file": _string, "bytes": _integer, "sha256": _string, "resources": _integer},
)
_MANIFEST: dict[str, Reader] = {
    "version": _string,
    "base_iri": _string,
    "built_at": _string,
    "graphs": _mapping(_integer),
    "triples": _integer,
    "quads": _integer,
    "inferred": _integer,
    "validation": _validation,
    "dumps": _mapping(_dump),
    "queries": _queries,
    "files": _mapping(_file),
    "inputs": _mapping(_string),
    "timings": _mapping(_number),
    "search": _search,
}
"""The keys of ``manifest.json``, in the order of the :class:`Manifest` fields."""


def _manifest(value: Any) -> Manifest:
    return Manifest(*_fields(value, None, _MANIFEST).values())
