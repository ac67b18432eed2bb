"""Find and parse the source files of a project (ontology, data, shapes).

Layout: ``ontology/*.ttl`` form the ontology graph; ``data/<name>/*.ttl`` form the named
graph ``<name>`` (one folder per source document); ``shapes/*.ttl`` are the SHACL shapes,
kept out of the store.  Files are parsed with pyoxigraph, whose errors carry line and
column; IRIs under the source base are rewritten to the configured base here, once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import BuildError, SourceSyntaxError
from .rdf.namespaces import graph_iri

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

ONTOLOGY_GRAPH = "ontology"
META_GRAPH = "dataset"
QUERIES_GRAPH = "queries"


@dataclass
class SourceFile:
    """One parsed input file: where it lies, which graph it feeds, what it holds."""

    path: Path
    relative: str
    graph: str
    triples: list[Triple]
    prefixes: dict[str, str]
    sha256: str


@dataclass
class Sources:
    """Every parsed input of a project, grouped by role."""

    ontology: list[SourceFile] = field(default_factory=list)
    data: list[SourceFile] = field(default_factory=list)
    shapes: list[SourceFile] = field(default_factory=list)
    meta: list[SourceFile] = field(default_factory=list)

    def files(self) -> Iterator[SourceFile]:
        """All files, in a stable order."""
        yield from self.ontology
        yield from self.data
        yield from self.shapes
        yield from self.meta

    def graphs(self) -> dict[str, list[Triple]]:
        """Graph IRI → triples, for the ontology and every data graph."""
        graphs: dict[str, list[Triple]] = defaultdict(list)
        for source in [*self.ontology, *self.data]:
            graphs[source.graph].extend(source.triples)
        return dict(graphs)

    def prefixes(self) -> dict[str, str]:
        """The prefixes the files declare (first declaration wins)."""
        merged: dict[str, str] = {}
        for source in self.files():
            for name, iri in source.prefixes.items():
                if name:
                    merged.setdefault(name, iri)
        return merged

    def subject_files(self) -> dict[str, list[str]]:
        """Subject IRI → the files that describe it, for reports that name a file."""
        index: dict[str, set[str]] = defaultdict(set)
        for source in [*self.ontology, *self.data]:
            for s, _, _ in source.triples:
                index[s.value].add(source.relative)
        return {s: sorted(files) for s, files in index.items()}

    def digest(self) -> dict[str, str]:
        """Relative path → sha256 of every input file (decides whether a build is current)."""
        return {source.relative: source.sha256 for source in self.files()}


def input_files(project: Path) -> list[tuple[Path, str | None]]:
    """The input files of ``project`` with the graph name each feeds (None for shapes).

    ``meta/*.ttl`` holds the hand-written part of the dataset description;
    ``queries/*.rq`` are the saved queries (read by :mod:`emmd_kg.queries`, described in
    the graph ``queries``).
    """
    found: list[tuple[Path, str | None]] = []
    found += [(p, ONTOLOGY_GRAPH) for p in sorted((project / "ontology").glob("*.ttl"))]
    data = project / "data"
    for path in sorted(data.glob("*/*.ttl")):
        found.append((path, path.parent.name))
    stray = sorted(data.glob("*.ttl"))
    if stray:
        raise BuildError(f"{stray[0].relative_to(project)}: data files belong in data/<graph>/")
    found += [(p, None) for p in sorted((project / "shapes").glob("*.ttl"))]
    found += [(p, META_GRAPH) for p in sorted((project / "meta").glob("*.ttl"))]
    found += [(p, QUERIES_GRAPH) for p in sorted((project / "queries").glob("*.rq"))]
    return found


def _rebase(term: _Term, source_base: str, base: str) -> _Term:
    """``term`` moved from the source base to ``base``: IRIs, and literals spelling an IRI
    (such as a vocabulary's preferred namespace), so no source-base IRI survives."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(source_base):
        return ox.NamedNode(base + term.value[len(source_base) :])
    if isinstance(term, ox.Literal) and not term.language and term.value.startswith(source_base):
        return ox.Literal(base + term.value[len(source_base) :], datatype=term.datatype)
    return term


def parse_file(
    path: Path, relative: str, graph: str | None, source_base: str, base: str
) -> SourceFile:
    """Parse one Turtle file; blank nodes are refused outside shapes (they break determinism)."""
    raw = path.read_bytes()
    parser = ox.parse(raw, format=ox.RdfFormat.TURTLE, base_iri=source_base, path=None)
    triples: list[Triple] = []
    rebase = source_base != base
    try:
        for quad in parser:
            s, p, o = quad.subject, quad.predicate, quad.object
            if graph is not None and (isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode)):
                raise BuildError(
                    f"{relative}: blank node in '{s} {p} {o}': mint an IRI instead "
                    "(blank nodes are allowed in shapes only)"
                )
            if rebase:
                s, p, o = (_rebase(t, source_base, base) for t in (s, p, o))
            triples.append((s, p, o))
    except SyntaxError as exc:
        line, column = (exc.lineno, exc.offset) if exc.lineno else (None, None)
        reason = str(exc.msg).split(": ", 1)[-1]
        raise SourceSyntaxError(relative, line, column, reason) from None
    except UnicodeDecodeError as exc:
        raise SourceSyntaxError(relative, None, None, f"not UTF-8 ({exc.reason})") from None
    prefixes = {
        k: (base + v[len(source_base) :] if rebase and v.startswith(source_base) else v)
        for k, v in parser.prefixes.items()
    }
    graph_name = graph_iri(base, graph) if graph is not None else ""
    return SourceFile(
        path, relative, graph_name, triples, prefixes, hashlib.sha256(raw).hexdigest()
    )


def read_sources(project: Path, source_base: str, base: str) -> Sources:
    """Parse every input file of ``project``; the first syntax error stops the build."""
    sources = Sources()
    files = input_files(project)
    not_data = (None, ONTOLOGY_GRAPH, META_GRAPH, QUERIES_GRAPH)
    if not any(graph not in not_data for _, graph in files):
        raise BuildError(f"{project}: no data files found under data/<graph>/*.ttl")
    for path, graph in files:
        if graph == QUERIES_GRAPH:
            continue  # not Turtle: emmd_kg.queries reads them
        relative = path.relative_to(project).as_posix()
        parsed = parse_file(path, relative, graph, source_base, base)
        roles = {None: "shapes", ONTOLOGY_GRAPH: "ontology", META_GRAPH: "meta"}
        role = roles.get(graph, "data")
        getattr(sources, role).append(parsed)
    return sources


def iter_triples(files: Iterable[SourceFile]) -> Iterator[Triple]:
    """Every triple of ``files``, in file order."""
    for source in files:
        yield from source.triples
