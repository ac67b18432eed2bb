"""``python -m bench scale``: build, load, memory and the saved-query mix per size and backend.

For each size the synthetic project (``bench/synthetic.py``) is built with
``reasoner = rules`` (the step times come from the pipeline's progress callback), then
served five ways, one at a time: our server on ``memory``, on ``oxigraph:PATH`` (on
disk, loaded at start) and on ``sparql:URL`` (``oxigraph serve --location`` loaded with
``emmd-kg publish``), and ``oxigraph serve`` itself, in memory and (with ``--disk``, at
a million always) on disk.  For each: the load time (start until ``/health``, or until
Oxigraph has taken the POSTed dump), a sanity check (rows of each query's answer),
a short warm-up, wrk on the saved-query mix (``bench/savedmix.py``) in unique and
repeated mode, and then RSS and PSS summed over every process of the server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import httpx

from emmd_kg.artefact import Manifest, open_artefact
from emmd_kg.pipeline import build, is_current

from . import report, savedmix, servers, wrk
from .build import OUT, STEPS, settings_for

UNIQUE_PATHS = 12_000
BACKENDS = ("memory", "oxigraph:PATH", "sparql:URL", "oxigraph serve (memory)")
DISK = "oxigraph serve (disk)"


def _log(size: str, text: str) -> None:
    print(f"[scale {size}] {text}", file=sys.stderr, flush=True)


def build_size(size: str, reuse: bool) -> tuple[object, object, list[str]]:
    """Generate and build ``size`` with the rules reasoner; (settings, artefact, cells)."""
    os.environ["EMMD_KG_REASONER"] = "rules"
    settings = settings_for(size)
    if reuse and is_current(settings):
        artefact = open_artefact(settings.artefact_dir)
        # The manifest's timings may be an older build's (another reasoner): not shown.
        return settings, artefact, ["reused"] * (len(STEPS) + 1)
    timings: dict[str, float] = {}

    def progress(name: str, event: str, seconds: float) -> None:
        if event != "start":
            timings[name] = seconds

    _log(size, "building (reasoner = rules) …")
    started = time.perf_counter()
    artefact = build(settings, progress)
    total = time.perf_counter() - started
    cells = [report.seconds(timings.get(step)) for step in STEPS]
    return settings, artefact, [*cells, report.seconds(total)]


def _rows(server: servers.Server, path: str, accept: str) -> str:
    """ "rows · ms" of one request (the first, so nothing is cached), or what went wrong."""
    try:
        started = time.perf_counter()
        answer = httpx.get(server.origin + path, headers={"Accept": accept}, timeout=120)
        took = report.millis(1000 * (time.perf_counter() - started))
    except httpx.HTTPError as exc:
        return type(exc).__name__
    if answer.status_code != 200:
        return f"HTTP {answer.status_code}"
    if accept == "application/n-triples":
        return f"{sum(1 for line in answer.text.splitlines() if line.strip())} · {took}"
    return f"{len(answer.json()['results']['bindings'])} · {took}"


def _sanity(server: servers.Server, mix: list, theirs: bool) -> list[str]:
    cells = []
    for query in mix:
        values = query.variants[0]
        path = query.oxigraph(values) if theirs else query.ours(values, 10_000)
        cells.append(_rows(server, path, query.accept))
    return cells


def _drive(server, paths, duration, args, notes, label) -> wrk.Result | None:
    try:
        result = wrk.run(
            server.origin,
            paths,
            {},
            unique=False,
            duration=duration,
            connections=args.connections,
            threads=args.threads,
            timeout=30,
        )
    except RuntimeError as exc:
        notes.append(f"{label}: {exc}")
        return None
    if result.failed:
        notes.append(f"{label}: {result.non_2xx} non-2xx, {result.errors} socket errors")
    if not server.wait_idle(120):
        notes.append(f"{label}: still busy 120 s after the run")
    return result


def measure(label, server, load, mix, theirs, args, notes) -> dict:
    """Sanity check, warm-up, both modes and memory of one running server."""
    sanity = _sanity(server, mix, theirs)
    unique = savedmix.unique_paths(mix, UNIQUE_PATHS if not theirs else 3000, theirs)
    _drive(server, unique[-600:], 2, args, [], label)  # warm-up, other values than measured
    results = {}
    for mode, paths in (("unique", unique), ("repeated", savedmix.repeated_paths(mix, theirs))):
        results[mode] = _drive(server, paths, args.duration, args, notes, f"{label} {mode}")
        if mode == "unique" and not theirs and results[mode]:
            if results[mode].requests > len(unique) - 600:
                notes.append(f"{label}: more requests than distinct paths, some repeated")
    rss, pss = servers.memory_mb(server.process.pid)
    return {"load": load, "sanity": sanity, "rss": rss, "pss": pss, **results}


def _publish(settings, target: str) -> None:
    command = [sys.executable, "-m", "emmd_kg.cli", "publish", "--project"]
    command += [str(settings.project_dir), "--build-dir", str(settings.artefact_dir)]
    subprocess.run([*command, "--to", target], check=True, timeout=1800, capture_output=True)


def serve_all(size: str, settings, artefact, mix, args, notes) -> dict[str, dict]:
    """Every backend of ``size`` in turn; label → measurements."""
    work = OUT / "scale" / size
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    logs = OUT / "logs" / f"scale-{size}"
    project, build_dir = settings.project_dir, settings.artefact_dir
    backends = [b for b in BACKENDS if not (b == "sparql:URL" and size in args.skip_remote)]
    if args.disk or int(size) >= 1_000_000:
        backends.append(DISK)
    measured: dict[str, dict] = {}
    for label in backends:
        _log(size, f"{label} …")
        running: list[servers.Server] = []
        try:
            if label.startswith("oxigraph serve"):
                started = time.monotonic()
                location = work / "theirs" if label == DISK else None
                server = servers.start_oxigraph(artefact.nquads, logs, location, "oxigraph")
                running.append(server)
                load = time.monotonic() - started
            else:
                store = {"memory": "memory", "oxigraph:PATH": f"oxigraph:{work / 'store'}"}.get(
                    label
                )
                if store is None:  # the remote store, loaded with publish
                    remote = servers.start_oxigraph(
                        work / "none.nq", logs, work / "remote", "remote"
                    )
                    running.append(remote)
                    _publish(settings, remote.origin + "/store")
                    store = f"sparql:{remote.origin}/query"
                server, load = servers.start_ours(
                    project, build_dir, args.workers, logs, store, "ours"
                )
                running.append(server)
            theirs = label.startswith("oxigraph serve")
            measured[label] = measure(label, server, load, mix, theirs, args, notes)
            if label == "sparql:URL":
                rss, pss = servers.memory_mb(running[0].process.pid)
                notes.append(f"sparql:URL: the Oxigraph behind it holds {rss:,.0f} MiB RSS")
        except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
            notes.append(f"{label}: failed: {str(exc)[-300:]}")
        finally:
            for each in reversed(running):
                each.stop()
    shutil.rmtree(work, ignore_errors=True)
    return measured


def _p50(result: wrk.Result | None) -> float | None:
    return result.p50_ms if result is not None and result.requests > result.non_2xx else None


def size_report(size: str, manifest: Manifest, build_cells, mix, measured, notes) -> str:
    """The Markdown section of one size."""
    out = [report.heading(f"Size {size}: {manifest.triples:,} triples")]
    out.append(report.table(["parse", "reason", "validate", "write", "total"], [build_cells]))
    domains = ", ".join(f"{q.name} {len(q.variants)}" for q in mix)
    out.append(f"\nDistinct values per query (unique mode rotates through them): {domains}.\n")
    base = measured.get(DISK if DISK in measured else "oxigraph serve (memory)")
    base_mem = measured.get("oxigraph serve (memory)")
    rows = []
    for label, m in measured.items():
        cells = [label, report.seconds(m["load"]), f"{m['rss']:,.0f}", f"{m['pss']:,.0f}"]
        for mode in ("unique", "repeated"):
            r = m[mode]
            cells += (
                [report.rate(r.rps), report.millis(r.p50_ms), report.millis(r.p99_ms)]
                if r
                else ["–"] * 3
            )
        theirs = base_mem if label != "oxigraph:PATH" or base is None else base
        if label == "oxigraph:PATH" and DISK in measured:
            theirs = measured[DISK]
        cells.append(report.ratio(_p50(m["unique"]), _p50(theirs["unique"] if theirs else None)))
        cells.append(report.ratio(m["pss"], theirs["pss"] if theirs else None))
        rows.append(cells)
    headers = ["backend", "load s", "RSS MiB", "PSS MiB"]
    headers += [f"{mode} {k}" for mode in ("unique", "repeated") for k in ("req/s", "p50", "p99")]
    out.append(report.table([*headers, "p50 ÷ oxigraph", "PSS ÷ oxigraph"], rows))
    sanity = [[q.name, *(m["sanity"][i] for m in measured.values())] for i, q in enumerate(mix)]
    out.append(
        "\nSanity check: rows (triples) of each query's first values · ms of that one "
        "request (uncached, one at a time):\n"
    )
    out.append(report.table(["query", *measured], sanity))
    if notes:
        out.append("\nNotes:\n\n" + "\n".join(f"- {n}" for n in notes))
    return "\n".join(out) + "\n"


def run(sizes: list[str], args) -> str:
    """The scale report for every size (Markdown)."""
    intro = (
        f"wrk: {args.threads} threads, {args.connections} connections, {args.duration:g} s per "
        f"run after a 2 s warm-up; our server with {args.workers} workers. Latencies in ms, "
        "memory in MiB over all processes after the runs; ratios are ours ÷ oxigraph serve "
        "(oxigraph:PATH against Oxigraph on disk when measured), p50 of unique mode.\n"
    )
    sections = [intro]
    for size in sizes:
        settings, artefact, cells = build_size(size, args.reuse_builds)
        base = artefact.manifest.base_iri
        mix = savedmix.load_mix(settings.project_dir, base, artefact.nquads)
        notes: list[str] = []
        measured = serve_all(size, settings, artefact, mix, args, notes)
        sections.append(size_report(size, artefact.manifest, cells, mix, measured, notes))
        print(sections[-1], file=sys.stderr, flush=True)
    return "".join(sections)
