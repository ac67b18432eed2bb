"""``python -m bench endpoint``: SPARQL and linked-data throughput, ours against two others.

For each size the same artefact (``dataset.nq``: every graph, the default graph their
union) is served by our server, by ``oxigraph serve`` and by rdflib-endpoint
(``bench/servers.py``).  Each server's answer to each query of the mix
(``bench/queries.py``) is checked once (status 200, non-empty; the row counts are
printed side by side), then wrk drives each query on its own at fixed concurrency, in
two modes: *unique* (a different query text per request, so no cache can answer) and
*repeated* (the same GET every time, which our answer cache serves).  One wrk run at a
time, and after each a bounded wait until the server has drained its queue.  A server
whose single answer to a query took long (rdflib-endpoint on the engine-bound queries at
100k) gets a longer run and socket timeout for it, up to a minute, so that its rate
counts answers rather than timeouts.

The linked-data rate: GET ``/doc/{path}.jsonld`` on our server, rotating over up to 200
resources of the dump, against ``oxigraph serve`` answering the equivalent CONSTRUCT
as JSON-LD, and once more conditionally: each request carries its document's ETag in
``If-None-Match`` (fetched first), so every answer is a 304 from the ETag/cache path.
When our ``/doc`` route answers 404 it is skipped with a note.
"""

from __future__ import annotations

import itertools
import math
import sys
import time
from pathlib import Path

import httpx

from . import queries, report, servers, wrk
from .build import OUT, ensure_built

MODES = ("unique", "repeated")
MAX_DURATION = 60.0  # seconds: the longest a run is stretched for a slow server
NAMES = ("ours", "oxigraph", "rdflib")


def _start(name: str, settings, nquads: Path, workers: int, logs: Path) -> servers.Server:
    if name == "ours":
        return servers.start_ours(settings.project_dir, settings.artefact_dir, workers, logs)[0]
    if name == "oxigraph":
        return servers.start_oxigraph(nquads, logs)
    return servers.start_rdflib(nquads, logs)


def sanity(running: dict[str, servers.Server], mix: list[queries.Query]) -> dict:
    """(server, query) → (rows or triples of the answer, or why it is unusable; seconds)."""
    checked: dict[tuple[str, str], tuple[int | str, float]] = {}
    for (name, server), query in itertools.product(running.items(), mix):
        with httpx.Client(timeout=60) as client:
            try:
                client.get(server.origin + server.query_url(servers.PROBE))  # connect, warm up
                started = time.perf_counter()
                answer = client.get(
                    server.origin + server.query_url(query.text),
                    headers={"Accept": query.accept},
                )
            except httpx.HTTPError as exc:
                checked[name, query.name] = (f"error: {type(exc).__name__}", 0.0)
                continue
            took = time.perf_counter() - started
            if answer.status_code != 200 or not answer.content:
                checked[name, query.name] = (f"HTTP {answer.status_code}", took)
                continue
            rows = query.rows(answer.content)
            checked[name, query.name] = (rows if rows else "empty", took)
    return checked


def _drive(
    server, paths, accept, unique, args, notes, label, etags=None, duration=None
) -> wrk.Result | None:
    duration = duration or args.duration
    try:
        result = wrk.run(
            server.origin,
            paths,
            {"Accept": accept},
            unique=unique,
            duration=duration,
            connections=args.connections,
            threads=args.threads,
            etags=etags,
            timeout=max(10.0, duration),
        )
    except RuntimeError as exc:
        notes.append(f"{label}: wrk failed: {exc}")
        return None
    if result.failed:
        notes.append(
            f"{label}: {result.non_2xx} non-2xx answers and {result.errors} socket errors "
            f"or timeouts of {result.requests} requests"
        )
    answers = result.requests - result.non_2xx
    if answers < 10:
        notes.append(
            f"{label}: only {answers} answers in {duration:g} s, a rough rate (requests "
            "still queued when wrk stops are not counted)"
        )
    if not server.wait_idle():
        notes.append(f"{label}: the server was still busy 60 s after the run")
    return result


def _cells(result: wrk.Result | None) -> list[str]:
    if result is None:
        return ["–", "–", "–"]
    if result.requests == result.non_2xx:  # no answer at all: no latency to speak of
        return ["0", "–", "–"]
    return [report.rate(result.rps), report.millis(result.p50_ms), report.millis(result.p99_ms)]


def _rps(result: wrk.Result | None) -> float | None:
    return result.rps if result is not None else None


def measure_size(size: str, args) -> str:
    """Serve ``size`` three ways, drive every query in both modes; the report section."""
    settings, artefact = ensure_built(size)
    base = artefact.manifest.base_iri
    store = queries.load(artefact.nquads)
    mix = queries.mix(store, base)
    resources = queries.doc_resources(store, base)
    del store
    running: dict[str, servers.Server] = {}
    notes: list[str] = []
    out = [report.heading(f"Size {size}: {artefact.manifest.quads:,} quads")]
    try:
        started = []
        for name in NAMES:
            t0 = time.perf_counter()
            print(f"[{size}] starting {name} …", file=sys.stderr, flush=True)
            logs = OUT / "logs" / size
            running[name] = _start(name, settings, artefact.nquads, args.workers, logs)
            started.append([name, report.seconds(time.perf_counter() - t0)])
        checked = sanity(running, mix)
        rows = [[q.name, *(_checked(checked[n, q.name]) for n in NAMES)] for q in mix]
        out.append(
            "Sanity check, one request each (nothing cached yet): rows or triples of the "
            "answer · milliseconds. Then start-up seconds, loading included.\n"
        )
        out.append(report.table(["query", *NAMES], rows))
        out.append("\n" + report.table(["server", "start s"], started))
        out.append(report.heading("SPARQL queries", 3))
        out.append(query_table(size, running, mix, checked, args, notes))
        out.append(report.heading("Floor: the cheapest request each server answers", 3))
        out.append(floor(running, args, notes))
        out.append(report.heading("Linked-data documents", 3))
        out.append(documents(running, resources, base, args, notes))
    finally:
        for server in running.values():
            server.stop()
    if notes:
        out.append("\nNotes:\n\n" + "\n".join(f"- {n}" for n in notes))
    return "\n".join(out) + "\n"


def _checked(outcome: tuple[int | str, float]) -> str:
    answer, took = outcome
    return f"{answer} · {report.millis(1000 * took)}"


def query_table(size: str, running, mix, checked, args, notes: list[str]) -> str:
    """Every query in both modes on every server (that answered it in the sanity check)."""
    table = []
    for query in mix:
        for mode in MODES:
            results: dict[str, wrk.Result | None] = dict.fromkeys(NAMES)
            for name, server in running.items():
                if not isinstance(checked[name, query.name][0], int):
                    continue
                label = f"{name} {query.name} {mode}"
                print(f"[{size}] {label} …", file=sys.stderr, flush=True)
                paths = [server.query_url(query.text)]
                unique = mode == "unique"
                duration = _long_enough(args, checked[name, query.name][1], notes, label)
                results[name] = _drive(
                    server, paths, query.accept, unique, args, notes, label, duration=duration
                )
            ours = _rps(results["ours"])
            ratios = [report.ratio(ours, _rps(results[other])) for other in NAMES[1:]]
            cells = [c for name in NAMES for c in _cells(results[name])]
            table.append([query.name, mode, *cells, *ratios])
    headers = ["query", "mode"]
    for name in NAMES:
        headers += [f"{name} req/s", f"{name} p50 ms", f"{name} p99 ms"]
    return report.table([*headers, *(f"ours/{other}" for other in NAMES[1:])], table)


def _long_enough(args, single: float, notes: list[str], label: str) -> float:
    """The run's seconds: long enough for every connection to get about three answers
    when one answer alone took ``single`` seconds (at most ``MAX_DURATION``)."""
    needed = min(MAX_DURATION, math.ceil(3 * single * args.connections))
    if needed <= args.duration:
        return args.duration
    notes.append(f"{label}: run for {needed:.0f} s (one answer alone took {single:.1f} s)")
    return needed


def floor(running: dict[str, servers.Server], args, notes: list[str]) -> str:
    """Requests per second for ``/health`` (ours) and ``ASK {}`` (every server): the cost of
    the HTTP stack and protocol handling alone, which bounds every query's rate."""
    rows = []
    health = _drive(
        running["ours"], ["/health"], "application/json", False, args, notes, "ours /health"
    )
    rows.append(["ours `/health`", *_cells(health)])
    for name, server in running.items():
        ask = servers.PROBE
        result = _drive(
            server, [server.query_url(ask)], queries.SELECT_JSON, False, args, notes, f"{name} ASK"
        )
        rows.append([f"{name} `{ask}`", *_cells(result)])
    return report.table(["request", "req/s", "p50 ms", "p99 ms"], rows)


def _status(server: servers.Server, path: str, accept: str) -> str:
    """ "ok" when ``path`` answers 200 with a body, else what it answered."""
    try:
        answer = httpx.get(server.origin + path, headers={"Accept": accept}, timeout=30)
    except httpx.HTTPError as exc:
        return type(exc).__name__
    return "ok" if answer.status_code == 200 and answer.content else f"HTTP {answer.status_code}"


def documents(running, resources: list[str], base: str, args, notes: list[str]) -> str:
    """Our ``/doc/{path}.jsonld`` against Oxigraph's equivalent CONSTRUCT, as JSON-LD."""
    jsonld = "application/ld+json"
    ours = (
        "ours `/doc/{path}.jsonld`",
        running["ours"],
        [queries.doc_path(i, base) for i in resources],
    )
    oxigraph = running["oxigraph"]
    theirs = (
        "oxigraph CONSTRUCT (equivalent)",
        oxigraph,
        [oxigraph.query_url(queries.doc_construct(i)) for i in resources],
    )
    rows = []
    results: dict[str, wrk.Result | None] = {}
    for label, server, paths in (ours, theirs):
        status = _status(server, paths[0], jsonld)
        if status != "ok":
            notes.append(f"{label} answered {status} for {paths[0]}: skipped")
            rows.append([label, "skipped", "–", "–", "–"])
            continue
        results[label] = _drive(server, paths, jsonld, False, args, notes, label)
        rows.append([label, *_cells(results[label]), "–"])
    etags = _etags(running["ours"], ours[2], jsonld)
    label = "ours `/doc/{path}.jsonld`, If-None-Match (304)"
    if etags is None:
        notes.append(f"{label}: some document has no ETag: skipped")
    else:
        server, paths = running["ours"], ours[2]
        result = _drive(server, paths, jsonld, False, args, notes, label, etags)
        construct = _rps(results.get(theirs[0]))
        rows.append([label, *_cells(result), report.ratio(_rps(result), construct)])
    rows[0][-1] = report.ratio(_rps(results.get(ours[0])), _rps(results.get(theirs[0])))
    intro = (
        f"Rotating over {len(resources)} resources under `id/`, JSON-LD; the conditional "
        "mode sends each document's ETag (fetched first), so every answer is a 304.\n\n"
    )
    headers = ["server", "req/s", "p50 ms", "p99 ms", "ours/oxigraph"]
    return intro + report.table(headers, rows)


def _etags(server: servers.Server, paths: list[str], accept: str) -> list[str] | None:
    """Each document's ETag (checked to give 304), None when one has none."""
    tags = []
    with httpx.Client(timeout=30) as client:
        for path in paths:
            answer = client.get(server.origin + path, headers={"Accept": accept})
            tag = answer.headers.get("ETag")
            if answer.status_code != 200 or not tag:
                return None
            again = client.get(
                server.origin + path, headers={"Accept": accept, "If-None-Match": tag}
            )
            if again.status_code != 304:
                return None
            tags.append(tag)
    return tags


def run(sizes: list[str], args) -> str:
    """The endpoint report for every size (Markdown)."""
    intro = (
        f"wrk: {args.threads} threads, {args.connections} connections, {args.duration:g} s "
        f"per run; our server with {args.workers} granian workers; oxigraph in memory with "
        "--union-default-graph; rdflib-endpoint (one uvicorn process, Dataset with "
        "default_union). req/s counts 2xx answers only; ratios are ours ÷ theirs in req/s."
    )
    return intro + "\n" + "".join(measure_size(size, args) for size in sizes)
