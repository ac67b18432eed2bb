"""``python -m bench search``: ``/search`` and the saved name search against ``oxigraph serve``.

For each size the built artefact with a search index is taken from an earlier benchmark
build (``bench/out/reconcile/`` or ``bench/out/search-index/``, any build whose manifest
has a ``search`` key) or else built into ``bench/out/reconcile/builds/SIZE``.  Our server
(memory store) and ``oxigraph serve`` (in memory, the same ``dataset.nq``) run side by
side; the figures, in one run:

- ``/search`` p50 over HTTP for unique queries (names of the data, taken evenly from
  the index records, lower-cased), one at a time, against the same search as SPARQL on
  oxigraph: ``?s rdfs:label|skos:prefLabel ?l FILTER(CONTAINS(LCASE(STR(?l)), "…"))
  LIMIT 20``; and the ratio;
- ``/search`` req/s with wrk (cycling through the names) against the endpoint bench's
  lookup query on our ``/sparql`` (unique per request);
- the index step's build time (the manifest's timings), the size of ``search/names.jsonl``
  and the growth of this process's memory when it opens the index (tantivy in RAM plus
  the records), each against ``dataset.nq``;
- the saved query ``search-by-name`` (answered from the index) p50 against oxigraph
  running the query's own SPARQL text with ``?text`` bound by ``VALUES``;
- for the real project, the share of the hand-written variant set
  (:mod:`bench.variants`) found at rank 1.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from emmd_kg.config import load_settings
from emmd_kg.pipeline import build, is_current

from . import queries, report, servers, wrk
from .build import OUT, ROOT
from .synthetic import generate
from .variants import VARIANTS

SELECT_JSON = "application/sparql-results+json"
CONTAINS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?s ?l WHERE {{ ?s rdfs:label|skos:prefLabel ?l "
    "FILTER(CONTAINS(LCASE(STR(?l)), {word})) }} LIMIT 20"
)
WARM_UP = 5
DISTINCT = 100_000


def _log(text: str) -> None:
    print(f"[search] {text}", file=sys.stderr, flush=True)


def _has_index(build_dir: Path) -> bool:
    manifest = build_dir / "current" / "manifest.json"
    return manifest.is_file() and "search" in json.loads(manifest.read_text())


def _project(size: str) -> Path:
    """The project of ``size``: the real one, or a synthetic one (generated if missing)."""
    if size == "real":
        return ROOT
    for project in (
        OUT / "reconcile" / "projects" / size,
        OUT / "search-index" / "projects" / size,
        OUT / "projects" / size,
    ):
        if (project / "data").exists():
            return project
    project = OUT / "search-bench" / "projects" / size
    if not (project / "data").exists():
        _log(f"generating a synthetic project of {int(size):,} triples …")
        generate(int(size), project)
    return project


def settings_for(size: str):
    """The settings serving ``size``: an earlier build with an index that today's code
    reads and today's sources made, else a fresh build into this benchmark's folder."""
    os.environ["EMMD_KG_REASONER"] = "rules"
    project = _project(size)
    nested = OUT / "search-index" / "projects" / size / "bench" / "out" / "search-index"
    for folder in (
        OUT / "reconcile" / "builds" / size,
        OUT / "search-index" / "builds" / size,
        nested / "builds" / size,
        OUT / "search-bench" / "builds" / size,
    ):
        settings = load_settings(project, build_dir=folder)
        if _has_index(folder) and is_current(settings):
            _log(f"{size}: reusing {folder}")
            return settings
        _log(f"{size}: {folder} has no current build with an index")
    _log(f"building {size} (reasoner = rules) into {folder} …")
    started = time.perf_counter()
    build(settings)
    _log(f"built in {time.perf_counter() - started:.0f} s")
    return settings


def names(version: Path, count: int) -> list[str]:
    """``count`` different names (lower case), taken evenly from the index records."""
    found = set()
    with (version / "search" / "names.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            for field, _lang, text in json.loads(line)["names"]:
                if field == "name" and len(text) <= 100:
                    found.add(text.lower())
                    break
    ordered = sorted(found)
    step = max(1, len(ordered) // count)
    return ordered[::step][:count]


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def timed(client: httpx.Client, paths: list[str], accept: str) -> list[float]:
    """Milliseconds per GET of each path (after a warm-up with the first few)."""
    for path in paths[:WARM_UP]:
        client.get(path, headers={"Accept": accept}).raise_for_status()
    took = []
    for path in paths:
        started = time.perf_counter()
        client.get(path, headers={"Accept": accept}).raise_for_status()
        took.append(1000 * (time.perf_counter() - started))
    return took


def p50(client: httpx.Client, paths: list[str], accept: str) -> float:
    """The median of :func:`timed`."""
    return statistics.median(timed(client, paths, accept))


def search_paths(words: list[str]) -> list[str]:
    """``/search`` requests (JSON) for ``words``."""
    return [f"/search?format=json&q={quote(w, safe='')}" for w in words]


def distinct_paths(words: list[str]) -> list[str]:
    """Up to :data:`DISTINCT` different ``/search`` requests for wrk: each word with
    ``limit`` 20–100 and ``offset`` 0–9, so that no request repeats (and none is answered
    by the response cache, which keeps an answer asked for twice) until all are sent."""
    pages = [(limit, offset) for offset in range(10) for limit in range(20, 101)]
    paths = [
        f"/search?format=json&limit={limit}&offset={offset}&q={quote(w, safe='')}"
        for limit, offset in pages
        for w in words
    ]
    return paths[:DISTINCT]


def saved_text(version: Path, word: str) -> str:
    """The saved name search's SPARQL text with ``?text`` bound to ``word``."""
    text = (version / "queries" / "search-by-name.rq").read_text(encoding="utf-8")
    return text.replace("WHERE {", f"WHERE {{\n  VALUES ?text {{ {_literal(word)} }}", 1)


def quality(client: httpx.Client) -> tuple[int, int]:
    """Variants found at rank 1, variants asked."""
    found = 0
    for text, iri, _kind in VARIANTS:
        hits = client.get("/search", params={"q": text, "format": "json"}).json()["results"]
        found += bool(hits) and hits[0]["id"] == iri
    return found, len(VARIANTS)


def memory_of_index(version: Path, sha256: str) -> tuple[float, float]:
    """Seconds to open the index in this process, and the growth of its RSS (MiB)."""
    from emmd_kg.search import SearchIndex

    before = _rss_mib()
    started = time.perf_counter()
    index = SearchIndex.open(version, sha256)
    took = time.perf_counter() - started
    grown = _rss_mib() - before
    del index
    return took, grown


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(size: str, args) -> dict:
    """Every figure of one size."""
    settings = settings_for(size)
    version = (settings.artefact_dir / "current").resolve()
    manifest = json.loads((version / "manifest.json").read_text())
    dataset = version / "dataset.nq"
    words = names(version, args.queries)
    figures: dict = {"size": size, "names": len(words)}
    figures["index_s"] = manifest["timings"].get("index")
    figures["records_bytes"] = (version / "search" / "names.jsonl").stat().st_size
    figures["dataset_bytes"] = dataset.stat().st_size
    figures["open_s"], figures["ram_mib"] = memory_of_index(version, manifest["search"]["sha256"])
    logs = OUT / "search-bench" / "logs" / size
    ours, _load = servers.start_ours(
        settings.project_dir, settings.artefact_dir, args.workers, logs
    )
    try:
        oxi = servers.start_oxigraph(dataset, logs)
        try:
            _drive(ours, oxi, words, version, manifest["base_iri"], args, figures)
        finally:
            oxi.stop()
    finally:
        ours.stop()
    return figures


def _drive(ours, oxi, words, version, base, args, figures) -> None:
    few = words[: args.oxigraph_queries]
    with httpx.Client(base_url=ours.origin, timeout=120) as client:
        _log(f"{figures['size']}: /search …")
        figures["search_ms"] = p50(client, search_paths(words), "application/json")
        figures["saved_ms"] = p50(
            client,
            [f"/queries/search-by-name.json?text={quote(w, safe='')}" for w in words],
            SELECT_JSON,
        )
        figures["quality"] = quality(client) if figures["size"] == "real" else None
    with httpx.Client(base_url=oxi.origin, timeout=300) as client:
        _log(f"{figures['size']}: oxigraph, {len(few)} queries of each kind …")
        contains = [oxi.query_url(CONTAINS.format(word=_literal(w))) for w in few]
        figures["oxi_contains_ms"] = p50(client, contains, SELECT_JSON)
        saved = [oxi.query_url(saved_text(version, w)) for w in few]
        figures["oxi_saved_ms"] = p50(client, saved, SELECT_JSON)
    _log(f"{figures['size']}: wrk …")
    figures["distinct"] = len(distinct_paths(words))
    figures["search_wrk"] = wrk.run(
        ours.origin,
        distinct_paths(words),
        {"Accept": "application/json"},
        unique=False,
        duration=args.duration,
        connections=args.connections,
    )
    ours.wait_idle()
    figures["lookup_wrk"] = wrk.run(
        ours.origin,
        [ours.query_url(lookup(ours, base))],
        {"Accept": SELECT_JSON},
        unique=True,
        duration=args.duration,
        connections=args.connections,
    )


def lookup(ours, base: str) -> str:
    """The endpoint bench's lookup query (the labels of the first state ministry), the
    ministry found through our own ``/sparql`` rather than by loading the dump here."""
    first = f"SELECT ?m WHERE {{ ?m a <{base}def/emmd#StateMinistry> }} ORDER BY ?m LIMIT 1"
    answer = httpx.get(ours.origin + ours.query_url(first), headers={"Accept": SELECT_JSON})
    ministry = answer.raise_for_status().json()["results"]["bindings"][0]["m"]["value"]
    return queries.PREFIXES + (
        f"SELECT ?label WHERE {{ <{ministry}> skos:prefLabel|skos:altLabel ?label }}"
    )


def _failed(result: wrk.Result) -> int:
    return result.errors + result.non_2xx


def _mib(size: float) -> str:
    return f"{size / 2**20:.1f}"


def run(sizes: list[str], args) -> str:
    """The report (Markdown)."""
    every = [measure(size, args) for size in sizes]
    latency = [
        [
            f["size"],
            f["names"],
            report.millis(f["search_ms"]),
            report.millis(f["oxi_contains_ms"]),
            report.ratio(f["oxi_contains_ms"], f["search_ms"]),
            report.millis(f["saved_ms"]),
            report.millis(f["oxi_saved_ms"]),
            report.ratio(f["oxi_saved_ms"], f["saved_ms"]),
            report.rate(f["search_wrk"].rps),
            report.rate(f["lookup_wrk"].rps),
            report.ratio(f["search_wrk"].rps, f["lookup_wrk"].rps),
            f"{_failed(f['search_wrk'])} / {_failed(f['lookup_wrk'])}",
            f"{f['search_wrk'].requests:,} / {f['distinct']:,}",
            report.share(*f["quality"]) if f["quality"] else "–",
        ]
        for f in every
    ]
    index = [
        [
            f["size"],
            report.seconds(f["index_s"]),
            report.seconds(f["open_s"]),
            _mib(f["records_bytes"]),
            f"{f['ram_mib']:.1f}",
            _mib(f["dataset_bytes"]),
            f"{f['records_bytes'] / f['dataset_bytes']:.3f}",
            f"{f['ram_mib'] * 2**20 / f['dataset_bytes']:.3f}",
        ]
        for f in every
    ]
    intro = (
        f"Our server ({args.workers} workers, memory store) and `oxigraph serve` (in memory) "
        "on the same dataset.nq. Queries: different names of the data (lower case), one at "
        f"a time after {WARM_UP} warm-ups; oxigraph gets the first {args.oxigraph_queries} "
        "of them. Ratios: oxigraph's p50 over ours; our /search req/s over our lookup's "
        f"(wrk, {args.connections} connections, {args.duration:g} s each; /search cycles "
        "through different requests, the names with other limits and offsets, the lookup "
        "is made unique per request, so neither is answered from a cache unless wrk sent "
        "more requests than there are distinct ones). Rank 1: the "
        "variant set of bench/variants.py (real project only).\n\n"
    )
    headers = [
        "size",
        "names",
        "/search p50 ms",
        "oxigraph CONTAINS p50 ms",
        "ratio",
        "search-by-name p50 ms",
        "oxigraph saved p50 ms",
        "ratio",
        "/search req/s",
        "lookup req/s",
        "ratio",
        "failed (search / lookup)",
        "/search requests / distinct",
        "rank 1",
    ]
    second = [
        "size",
        "index step s",
        "open s",
        "names.jsonl MiB",
        "index RAM MiB",
        "dataset.nq MiB",
        "names.jsonl / nq",
        "RAM / nq",
    ]
    note = (
        "\n\nIndex step: the build's `index` timing (writing the records); open: building "
        "the tantivy index in RAM from them, as the server does on load; index RAM: this "
        "process's RSS growth on opening it.\n\n"
    )
    return intro + report.table(headers, latency) + note + report.table(second, index) + "\n"
