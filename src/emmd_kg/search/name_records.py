"""What the search index is made of: one record per named resource, read from the quads.

The build writes the records to ``search/names.jsonl`` in the version folder: one JSON
object a line, sorted by IRI, keys in a fixed order, so the same input gives the same
bytes (the engine's own segment files carry random ids and are not written; the engine
index is made from this file when a version is opened).  A record holds the resource's
names by field (``name``: skos:prefLabel, rdfs:label, dct:title; ``alt``: skos:altLabel
and skos:notation, acronyms among them; ``hidden``: skos:hiddenLabel; ``description``:
skos:definition, dct:description, rdfs:comment), its types, its asserted parent
organisation and the top of its organisation tree (the ``state`` facet).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import BuildError
from ..rdf.namespaces import PREFIXES, RDF_TYPE

FOLDER = "search"
RECORDS = f"{FOLDER}/names.jsonl"
FIELDS = ("name", "alt", "hidden", "description")
_SKOS, _RDFS, _DCT = PREFIXES["skos"], PREFIXES["rdfs"], PREFIXES["dct"]
FIELD_OF = {
    _SKOS + "prefLabel": "name",
    _RDFS + "label": "name",
    _DCT + "title": "name",
    _SKOS + "altLabel": "alt",
    _SKOS + "notation": "alt",
    _SKOS + "hiddenLabel": "hidden",
    _SKOS + "definition": "description",
    _DCT + "description": "description",
    _RDFS + "comment": "description",
}
"""Predicate → the field its literals are indexed in."""
PARENT = PREFIXES["org"] + "subOrganizationOf"


@dataclass(frozen=True)
class Name:
    """One stored text of a resource."""

    field: str
    lang: str
    text: str


@dataclass(frozen=True)
class Record:
    """One named resource as the index holds it."""

    iri: str
    names: tuple[Name, ...]
    types: tuple[str, ...]
    parent: str | None
    state: str | None

    def to_line(self) -> str:
        """The record as one line of ``names.jsonl``."""
        return json.dumps(
            {
                "iri": self.iri,
                "types": list(self.types),
                "parent": self.parent,
                "state": self.state,
                "names": [[n.field, n.lang, n.text] for n in self.names],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_line(cls, line: str) -> Record:
        """The record written by :meth:`to_line`."""
        data = json.loads(line)
        names = tuple(Name(f, lang, text) for f, lang, text in data["names"])
        return cls(data["iri"], names, tuple(data["types"]), data["parent"], data["state"])


def records(quads: Iterable[ox.Quad], inferred_graph: str | None = None) -> list[Record]:
    """The records of every IRI with a name in ``quads``, sorted by IRI.  Parents are
    taken from the asserted graphs only (not ``inferred_graph``, which holds the closure)."""
    names: dict[str, set[Name]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    parents: dict[str, set[str]] = defaultdict(set)
    for quad in quads:
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, ox.NamedNode):
            continue
        field = FIELD_OF.get(predicate)
        if field is not None and isinstance(obj, ox.Literal):
            names[subject.value].add(Name(field, obj.language or "", obj.value))
        elif predicate == RDF_TYPE and isinstance(obj, ox.NamedNode):
            types[subject.value].add(obj.value)
        elif predicate == PARENT and isinstance(obj, ox.NamedNode):
            graph = quad.graph_name
            if not (isinstance(graph, ox.NamedNode) and graph.value == inferred_graph):
                parents[subject.value].add(obj.value)
    order = {field: i for i, field in enumerate(FIELDS)}
    found = []
    for iri in sorted(names):
        parent = min(parents[iri]) if parents.get(iri) else None
        found.append(
            Record(
                iri,
                tuple(sorted(names[iri], key=lambda n: (order[n.field], n.lang, n.text))),
                tuple(sorted(types.get(iri, ()))),
                parent,
                _top(iri, parents),
            )
        )
    return found


def _top(iri: str, parents: dict[str, set[str]]) -> str | None:
    """The top of ``iri``'s organisation tree (first parent each step; cycles stop)."""
    seen = {iri}
    current = iri
    while parents.get(current):
        step = min(parents[current])
        if step in seen:
            break
        seen.add(step)
        current = step
    return None if current == iri else current


def write_records(folder: Path, found: list[Record]) -> tuple[str, int, str]:
    """Write ``found`` into ``folder/search/names.jsonl``; (path, bytes, sha256)."""
    target = folder / RECORDS
    target.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(r.to_line() + "\n" for r in found).encode("utf-8")
    target.write_bytes(body)
    return RECORDS, len(body), hashlib.sha256(body).hexdigest()


def read_records(folder: Path, sha256: str | None = None) -> list[Record]:
    """The records of the version folder ``folder``; BuildError if the file is missing
    or its checksum is not ``sha256`` (when given)."""
    path = folder / RECORDS
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"{path}: cannot read the search records ({exc})") from None
    if sha256 is not None and hashlib.sha256(body).hexdigest() != sha256:
        raise BuildError(f"{path}: checksum differs from the manifest; rebuild")
    return [Record.from_line(line) for line in body.decode("utf-8").splitlines() if line]
