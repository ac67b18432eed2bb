"""The build: parse → reason → validate → write, each step timed and reported.

``check`` runs the first three steps (``emmd-kg validate``); ``build`` adds the fourth
and publishes the artefact.  ``is_current`` tells whether the published artefact was
built from the present sources and settings, so ``serve`` can build only when needed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from . import artefact as out
from .artefact import DumpFile, Manifest, Validation, open_artefact
from .builder.context import build_context
from .builder.dataset_description import distributions, modified, service, statistics
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
from .sources import (
    META_GRAPH,
    ONTOLOGY_GRAPH,
    QUERIES_GRAPH,
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


def _quads(triples: list[Triple], graph: str) -> list[ox.Quad]:
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
    timings = checked.timings
    base = settings.base_iri
    with _step("write", progress, timings):
        sources = checked.sources
        knowledge: list[ox.Quad] = []
        for name, triples in sources.graphs().items():
            knowledge += _quads(triples, name)
        knowledge += _quads(checked.inferred, graph_iri(base, INFERRED_GRAPH))
        knowledge = out.sort_quads(knowledge)
        union = {(q.subject, q.predicate, q.object) for q in knowledge}
        prefixes = {**sources.prefixes(), **all_prefixes(base)}
        context = build_context(union, base, sources.prefixes())
        build_dir = settings.artefact_dir
        staging = out.staging_dir(build_dir)
        try:
            dumps = out.write_dumps(staging / out.DUMPS, knowledge, prefixes, context)
            meta = list(iter_triples(sources.meta))
            dataset = f"{base}dataset"
            publisher = next(
                (
                    o
                    for s, p, o in meta
                    if s.value == dataset and p.value == PREFIXES["dct"] + "publisher"
                ),
                None,
            )
            licence = next(
                (
                    o.value
                    for s, p, o in meta
                    if s.value == dataset and p.value == PREFIXES["dct"] + "license"
                ),
                None,
            )
            description = [
                *meta,
                *statistics(dataset, union, base),
                *distributions(dataset, base, dumps, licence),
                *service(dataset, base, publisher),
                *_graph_provenance(
                    base,
                    sorted(
                        {q.graph_name.value for q in knowledge} - {graph_iri(base, INFERRED_GRAPH)}
                    ),
                    sorted(
                        s.value
                        for s, p, o in ontology_triples(sources)
                        if p.value == RDF_TYPE and o.value == PREFIXES["owl"] + "Ontology"
                    ),
                ),
            ]
            stamp = modified(union)
            if stamp is not None:
                description.append(
                    (ox.NamedNode(dataset), ox.NamedNode(PREFIXES["dct"] + "modified"), stamp)
                )
            catalogue = describe_queries(base, checked.queries) if len(checked.queries) else []
            every = out.sort_quads(
                knowledge
                + _quads(description, graph_iri(base, META_GRAPH))
                + _quads(catalogue, graph_iri(base, QUERIES_GRAPH))
            )
            ox.serialize(every, str(staging / out.NQUADS), format=ox.RdfFormat.N_QUADS)
            version = hashlib.sha256((staging / out.NQUADS).read_bytes()).hexdigest()[:16]
            ox.serialize(
                iter_triples_as(sources.shapes),
                str(staging / out.SHAPES),
                format=ox.RdfFormat.TURTLE,
                prefixes=prefixes,
            )
            (staging / out.CONTEXT).write_text(
                json.dumps(context, indent=1) + "\n", encoding="utf-8"
            )
            manifest = Manifest(
                version=version,
                base_iri=base,
                built_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
                graphs=_graph_counts(every),
                triples=len(union),
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
                queries=query_files.write(
                    checked.queries, settings.project_dir, staging, settings.source_base
                ),
                inputs={**sources.digest(), **query_files.input_digest(settings.project_dir)},
                timings=timings,
            )
            out.write_manifest(staging, manifest)
        except BaseException:
            out.discard(staging)
            raise
        path = out.promote(build_dir, staging, version)
    return out.Artefact(path, manifest)


def ontology_triples(sources: Sources) -> list[Triple]:
    """The triples of the ontology files."""
    return list(iter_triples(sources.ontology))


def iter_triples_as(files) -> list[ox.Triple]:
    """pyoxigraph Triple objects of ``files``, for the serialiser."""
    return [ox.Triple(s, p, o) for s, p, o in iter_triples(files)]


def _graph_counts(quads: list[ox.Quad]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for quad in quads:
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return dict(sorted(counts.items()))


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
