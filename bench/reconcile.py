"""``python -m bench reconcile``: latency of reconciliation batches on our server, by size.

For each size the project (the real one, or the synthetic one of ``bench/synthetic.py``)
is built with ``reasoner = rules`` into ``bench/out/reconcile/builds/SIZE`` (reused when
current), served by our server (memory store, N workers), and sent batches of 10
reconciliation queries as OpenRefine sends them (POST form ``queries=``), one batch at a
time.  The queries are names of the data, taken evenly from its ``skos:prefLabel``s, in
three spellings rotating: as written, in lower case, and with the last word cut to its
first four letters.  After a warm-up of a few batches (which also fills the per-version
graph facts), every batch is timed; p50 and p90 are printed, and the share of queries
whose first candidate is the entity the name was taken from.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from emmd_kg.config import load_settings
from emmd_kg.pipeline import build, is_current

from . import report, servers
from .build import OUT, ROOT
from .synthetic import generate

PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
BATCH = 10
NAMES = 400
WARM_UP = 5


def _log(text: str) -> None:
    print(f"[reconcile] {text}", file=sys.stderr, flush=True)


def _settings(size: str):
    """Settings building ``size`` into this benchmark's own folder."""
    import os

    os.environ["EMMD_KG_REASONER"] = "rules"
    build_dir = OUT / "reconcile" / "builds" / size
    if size == "real":
        return load_settings(ROOT, build_dir=build_dir)
    project = OUT / "projects" / size
    if not (project / "data").exists():
        project = OUT / "reconcile" / "projects" / size
        if not (project / "data").exists():
            _log(f"generating a synthetic project of {int(size):,} triples …")
            generate(int(size), project)
    return load_settings(project, build_dir=build_dir)


def names(nquads: Path, count: int) -> list[tuple[str, str]]:
    """(IRI, name) pairs taken evenly from the ``skos:prefLabel`` statements."""
    found = []
    for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        if quad.predicate.value == PREF_LABEL and isinstance(quad.subject, ox.NamedNode):
            found.append((quad.subject.value, quad.object.value))
    found = sorted(set(found))
    step = max(1, len(found) // count)
    return found[::step][:count]


def spelled(name: str, n: int) -> str:
    """The ``n``-th spelling of ``name``: as written, lower case, last word cut."""
    if n % 3 == 1:
        return name.lower()
    if n % 3 == 2:
        words = name.split()
        if len(words) > 1 and len(words[-1]) > 4:
            return " ".join([*words[:-1], words[-1][:4]])
    return name


def batches(pairs: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The (IRI, query text) pairs in batches of :data:`BATCH`."""
    queries = [(iri, spelled(name, n)) for n, (iri, name) in enumerate(pairs)]
    return [queries[i : i + BATCH] for i in range(0, len(queries) - BATCH + 1, BATCH)]


def drive(origin: str, groups: list[list[tuple[str, str]]]) -> tuple[list[float], int, int]:
    """Milliseconds per batch (after the warm-up), queries found at rank 1, queries."""
    timings, found, asked = [], 0, 0
    with httpx.Client(base_url=origin, timeout=60) as client:
        for n, group in enumerate(groups):
            body = {f"q{i}": {"query": text, "limit": 5} for i, (_, text) in enumerate(group)}
            started = time.perf_counter()
            answer = client.post("/reconcile", data={"queries": json.dumps(body)})
            took = 1000 * (time.perf_counter() - started)
            answer.raise_for_status()
            if n < WARM_UP:
                continue
            timings.append(took)
            results = answer.json()
            for i, (iri, _) in enumerate(group):
                candidates = results[f"q{i}"]["result"]
                found += bool(candidates) and candidates[0]["id"] == iri
                asked += 1
    return timings, found, asked


def run(sizes: list[str], workers: int) -> str:
    """The report (Markdown)."""
    rows = []
    for size in sizes:
        settings = _settings(size)
        if not is_current(settings):
            _log(f"building {size} (reasoner = rules) …")
            build(settings)
        artefact_dir = settings.artefact_dir
        pairs = names(artefact_dir / "current" / "dataset.nq", NAMES + WARM_UP * BATCH)
        groups = batches(pairs)
        logs = OUT / "reconcile" / "logs" / size
        server, load = servers.start_ours(settings.project_dir, artefact_dir, workers, logs)
        try:
            timings, found, asked = drive(server.origin, groups)
        finally:
            server.stop()
        p90 = statistics.quantiles(timings, n=10)[-1] if len(timings) >= 10 else None
        rows.append(
            [
                size,
                len(timings),
                report.millis(statistics.median(timings)),
                report.millis(p90),
                report.share(found, asked),
                report.seconds(load),
            ]
        )
    intro = (
        f"Batches of {BATCH} reconciliation queries (POST form), one at a time, after "
        f"{WARM_UP} warm-up batches; our server with {workers} workers on the memory store. "
        "Rank 1: the first candidate is the entity the name (as written, lower case, or "
        "with its last word cut) was taken from; in synthetic data many names repeat.\n\n"
    )
    headers = ["size", "batches", "p50 ms", "p90 ms", "rank 1", "server start s"]
    return intro + report.table(headers, rows) + "\n"
