"""The build: parse → reason → validate → write, each step timed and reported.

``check`` runs the first three steps (``emmd-kg validate``); ``build`` adds the fourth
and publishes the artefact.  ``is_current`` tells whether the published artefact was
built from the present sources and settings, so ``serve`` can build only when needed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox

from . import artefact as out
from .artefact import DumpFile, Manifest, SearchFile, Validation, open_artefact
from .builder.context import build_context
from .builder.dataset_description import Dump, distributions, modified, service, statistics
from .builder.reason import infer
from .builder.scope import PreviousBuild, changed_data_files, scope
from .builder.validate import Report, validate
from .config import Settings
from .errors import BuildError, ValidationFailed
from .queries import files as query_files
from .queries.catalogue_rdf import describe as describe_queries
from .queries.saved import Catalogue
from .rdf.convert import rdflib_graph
from .rdf.namespaces import PREFIXES, RDF_TYPE, all_prefixes, graph_iri
from .search import records as search_records
from .search import write_records as write_search_records
from .sources import (
    META_GRAPH,
    ONTOLOGY_GRAPH,
    QUERIES_GRAPH,
    SourceFile,
    Sources,
    Triple,
    input_files,
    iter_triples,
    read_sources,
)

INFERRED_GRAPH = "inferred"
Progress = Callable[[str, str, float], None]
"""Called with (step, "start" | "done", seconds elapsed)."""


def _quiet(step: str, event: str, seconds: float) -> None:
    """The default progress callback: report nothing."""


@dataclass
class Checked:
    """What steps 1–3 produce: the parsed sources and saved queries, the inferences, the
    validation report."""

    sources: Sources
    inferred: list[Triple]
    report: Report
    timings: dict[str, float]
    queries: Catalogue


@contextmanager
def _step(name: str, progress: Progress, timings: dict[str, float]) -> Iterator[None]:
    progress(name, "start", 0.0)
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = round(time.perf_counter() - started, 3)
        progress(name, "done", timings[name])


def check(settings: Settings, progress: Progress = _quiet) -> Checked:
    """Parse, reason and validate; raise ValidationFailed on any SHACL violation."""
    timings: dict[str, float] = {}
    with _step("parse", progress, timings):
        sources = read_sources(settings.project_dir, settings.source_base, settings.base_iri)
        metadata = (INFERRED_GRAPH, META_GRAPH, QUERIES_GRAPH)
        graphs = {*sources.graphs(), *(graph_iri(settings.base_iri, g) for g in metadata)}
        queries = query_files.read_project(settings, frozenset(graphs))
    with _step("reason", progress, timings):
        ontology = list(iter_triples(sources.ontology))
        inferred = infer(
            ontology,
            list(iter_triples(sources.data)),
            settings.reasoning_budget,
            settings.reasoner,
        )
    with _step("validate", progress, timings):
        shapes = rdflib_graph(iter_triples(sources.shapes))
        if not len(shapes):
            raise BuildError("no SHACL shapes found in shapes/*.ttl")
        every = [*ontology, *iter_triples(sources.data), *inferred]
        changed = changed_data_files(settings, sources, _previous_build(settings))
        focus = None
        if changed is not None:
            limited = scope(changed, sources, ontology, every)
            every, focus = limited.triples, limited.focus
        report = validate(rdflib_graph(every), shapes, sources.subject_files(), focus)
    if report.violations:
        raise ValidationFailed(report.text(settings.base_iri), report.violations)
    return Checked(sources, inferred, report, timings, queries)


def _previous_build(settings: Settings) -> PreviousBuild | None:
    """What the published artefact was built from, when an incremental check may use it."""
    if settings.validation != "changed":
        return None
    try:
        manifest = open_artefact(settings.artefact_dir).manifest
    except BuildError:
        return None
    return PreviousBuild(manifest.base_iri, manifest.inputs)


def _quads(triples: Iterable[Triple], graph: str) -> list[ox.Quad]:
    name = ox.NamedNode(graph)
    return [ox.Quad(s, p, o, name) for s, p, o in triples]


GRAPH_LABELS = {
    INFERRED_GRAPH: ("Abgeleitete Tripel (OWL RL)", "Inferred triples (OWL RL)"),
    ONTOLOGY_GRAPH: ("Ontologie und Axiome", "Ontology and axioms"),
    META_GRAPH: ("Beschreibung des Datensatzes", "Description of the dataset"),
    QUERIES_GRAPH: ("Katalog gespeicherter Abfragen", "Catalogue of saved queries"),
}


def _graph_provenance(base: str, sources: list[str], ontologies: list[str]) -> list[Triple]:
    """Labels and provenance of the graphs the build makes (source graphs bring their own)."""
    label, pref = (
        ox.NamedNode(PREFIXES["rdfs"] + "label"),
        ox.NamedNode(PREFIXES["skos"] + "prefLabel"),
    )
    derived = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
    triples: list[Triple] = []
    for name, (german, english) in GRAPH_LABELS.items():
        graph = ox.NamedNode(graph_iri(base, name))
        for predicate in (label, pref):
            triples.append((graph, predicate, ox.Literal(german, language="de")))
            triples.append((graph, predicate, ox.Literal(english, language="en")))
    inferred = ox.NamedNode(graph_iri(base, INFERRED_GRAPH))
    triples += [(inferred, derived, ox.NamedNode(g)) for g in sources]
    ontology = ox.NamedNode(graph_iri(base, ONTOLOGY_GRAPH))
    triples += [(ontology, derived, ox.NamedNode(o)) for o in ontologies]
    description = ox.NamedNode(graph_iri(base, META_GRAPH))
    topic = ox.NamedNode(PREFIXES["foaf"] + "primaryTopic")
    triples.append((description, topic, ox.NamedNode(f"{base}dataset")))
    return triples


def build(settings: Settings, progress: Progress = _quiet) -> out.Artefact:
    """Build and publish the artefact; nothing is published unless every step succeeds."""
    checked = check(settings, progress)
    with _step("write", progress, checked.timings):
        knowledge = _knowledge(checked, settings.base_iri)
        build_dir = settings.artefact_dir
        staging = out.staging_dir(build_dir)
        try:
            manifest = _write(staging, settings, checked, knowledge)
        except BaseException:
            out.discard(staging)
            raise
        path = out.promote(build_dir, staging, manifest.version, keep=settings.keep_versions)
    return out.Artefact(path, manifest)


@dataclass(frozen=True)
class _Knowledge:
    """The knowledge graphs (sources and inferences) as they are published."""

    quads: list[ox.Quad]
    """Every quad of the source graphs and the inferred graph, sorted."""
    union: set[Triple]
    """The distinct triples of their union."""
    prefixes: dict[str, str]
    """The prefixes of the dumps: the sources' and the project's."""
    context: dict[str, Any]
    """The JSON-LD context of the dataset."""


def _knowledge(checked: Checked, base: str) -> _Knowledge:
    sources = checked.sources
    quads: list[ox.Quad] = []
    for name, triples in sources.graphs().items():
        quads += _quads(triples, name)
    quads += _quads(checked.inferred, graph_iri(base, INFERRED_GRAPH))
    quads = out.sort_quads(quads)
    # The quads were made of Triples, so their terms are a Triple's.
    union = cast(set[Triple], {(q.subject, q.predicate, q.object) for q in quads})
    prefixes = {**sources.prefixes(), **all_prefixes(base)}
    context = build_context(union, base, sources.prefixes())
    return _Knowledge(quads, union, prefixes, context)


def _write(staging: Path, settings: Settings, checked: Checked, knowledge: _Knowledge) -> Manifest:
    """Write every file of the artefact into ``staging``; return its manifest."""
    base = settings.base_iri
    sources = checked.sources
    dumps = out.write_dumps(
        staging / out.DUMPS, knowledge.quads, knowledge.prefixes, knowledge.context
    )
    description = _description(sources, base, knowledge, dumps)
    catalogue = describe_queries(base, checked.queries) if len(checked.queries) else []
    every = out.sort_quads(
        knowledge.quads
        + _quads(description, graph_iri(base, META_GRAPH))
        + _quads(catalogue, graph_iri(base, QUERIES_GRAPH))
    )
    ox.serialize(every, str(staging / out.NQUADS), format=ox.RdfFormat.N_QUADS)
    version = hashlib.sha256((staging / out.NQUADS).read_bytes()).hexdigest()[:16]
    ox.serialize(
        iter_triples_as(sources.shapes),
        str(staging / out.SHAPES),
        format=ox.RdfFormat.TURTLE,
        prefixes=knowledge.prefixes,
    )
    (staging / out.CONTEXT).write_text(
        json.dumps(knowledge.context, indent=1) + "\n", encoding="utf-8"
    )
    queries = query_files.write(
        checked.queries, settings.project_dir, staging, settings.source_base
    )
    search = _index(staging, every, base, checked.timings)
    manifest = Manifest(
        version=version,
        base_iri=base,
        built_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        graphs=_graph_counts(every),
        triples=len(knowledge.union),
        quads=len(every),
        inferred=len(checked.inferred),
        validation=Validation(
            conforms=checked.report.conforms,
            shapes=checked.report.shapes,
            findings=len(checked.report.findings),
            scope=checked.report.scope,
        ),
        dumps={
            f"{out.DUMPS}/dataset.{d.extension}": DumpFile(d.media_type, d.size, d.sha256)
            for d in dumps
        },
        queries=queries,
        files=out.digest_files(staging),
        inputs={**sources.digest(), **query_files.input_digest(settings.project_dir)},
        timings=checked.timings,
        search=search,
    )
    out.write_manifest(staging, manifest)
    return manifest


def _index(staging: Path, quads: list[ox.Quad], base: str, timings: dict[str, float]) -> SearchFile:
    """The ``index`` step (timed within ``write``): the records of every named resource
    of the artefact's quads, written for the search index (:mod:`emmd_kg.search`)."""
    started = time.perf_counter()
    named = search_records(quads, graph_iri(base, INFERRED_GRAPH))
    file, size, digest = write_search_records(staging, named)
    timings["index"] = round(time.perf_counter() - started, 3)
    return SearchFile(file, size, digest, len(named))


def _description(
    sources: Sources, base: str, knowledge: _Knowledge, dumps: list[Dump]
) -> list[Triple]:
    """The description of the dataset: the sources' own, statistics, dumps, graphs."""
    meta = list(iter_triples(sources.meta))
    dataset = f"{base}dataset"
    publisher = _stated(meta, dataset, PREFIXES["dct"] + "publisher")
    licence = _stated(meta, dataset, PREFIXES["dct"] + "license")
    description = [
        *meta,
        *statistics(dataset, knowledge.union, base),
        *distributions(dataset, base, dumps, None if licence is None else licence.value),
        *service(dataset, base, publisher),
        *_graph_provenance(
            base,
            sorted(
                {_iri(g) for g in {q.graph_name for q in knowledge.quads}}
                - {graph_iri(base, INFERRED_GRAPH)}
            ),
            sorted(
                s.value
                for s, p, o in ontology_triples(sources)
                if p.value == RDF_TYPE and o.value == PREFIXES["owl"] + "Ontology"
            ),
        ),
    ]
    stamp = modified(knowledge.union)
    if stamp is not None:
        description.append(
            (ox.NamedNode(dataset), ox.NamedNode(PREFIXES["dct"] + "modified"), stamp)
        )
    return description


def _stated(
    meta: list[Triple], subject: str, predicate: str
) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """The first object of ``subject`` ``predicate`` in ``meta``, if any."""
    return next((o for s, p, o in meta if s.value == subject and p.value == predicate), None)


def ontology_triples(sources: Sources) -> list[Triple]:
    """The triples of the ontology files."""
    return list(iter_triples(sources.ontology))


def iter_triples_as(files: Iterable[SourceFile]) -> list[ox.Triple]:
    """pyoxigraph Triple objects of ``files``, for the serialiser, their blank nodes
    labelled in the order they first appear (the parser's labels are random: without
    this, the same shapes would give different bytes at each build)."""
    labels: dict[ox.BlankNode, ox.BlankNode] = {}

    def label(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term, ox.BlankNode(f"b{len(labels)}"))
        return term

    return [ox.Triple(label(s), p, label(o)) for s, p, o in iter_triples(files)]


def _graph_counts(quads: list[ox.Quad]) -> dict[str, int]:
    counts = Counter(quad.graph_name for quad in quads)
    return dict(sorted((_iri(graph), count) for graph, count in counts.items()))


def _iri(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    """The IRI of a graph of the artefact (each is a named graph)."""
    assert isinstance(graph, ox.NamedNode)
    return graph.value


def is_current(settings: Settings) -> bool:
    """Whether the published artefact was built from today's sources and base IRI."""
    try:
        artefact = open_artefact(settings.artefact_dir)
    except BuildError:
        return False
    project = settings.project_dir
    digest = {
        p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p, _ in input_files(project)
    }
    return artefact.manifest.inputs == digest and artefact.manifest.base_iri == settings.base_iri


__all__ = ["Checked", "build", "check", "is_current", "ONTOLOGY_GRAPH", "INFERRED_GRAPH"]
