"""``python -m bench build``: build times per step, for the real data and synthetic sizes.

Each size is built in this process with the real pipeline (``emmd_kg.pipeline``):
the real project into ``bench/out/builds/real``, a synthetic one (``bench/synthetic.py``)
generated into ``bench/out/projects/<size>`` first.  The table gives the manifest's
step timings (parse, reason, validate, write), the wall-clock total and the triple
counts; a second table where the time goes.  With ``--profile`` the largest size is
built once more with cProfile switched on during its slowest step only (through the
pipeline's progress callback; ``--profile-step`` picks another), and the top ten
functions are printed.  A failed build is a row of the report, not an abort; settings
come from the environment as for ``emmd-kg`` (e.g. ``EMMD_KG_REASONING_BUDGET=1200`` to
let the reasoner run past its default 120 s at a million triples).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time
from dataclasses import dataclass

from emmd_kg.artefact import Artefact, Manifest, open_artefact
from emmd_kg.config import Settings, load_settings
from emmd_kg.errors import BuildError
from emmd_kg.pipeline import build, is_current

from . import report
from .synthetic import ROOT, generate

OUT = ROOT / "bench" / "out"
STEPS = ("parse", "reason", "validate", "write")
TARGETS = {"real": 3.0, "100000": 60.0}  # seconds, the goals the report is held against


def parse_size(text: str) -> str:
    """``real`` or a triple count (``10000``, ``100k``, ``1M``) as a canonical string.

    >>> [parse_size(s) for s in ("real", "100k", "1M", "2500")]
    ['real', '100000', '1000000', '2500']
    """
    text = text.strip().lower()
    if text == "real":
        return text
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    digits = text[:-1] if factor > 1 else text
    if not digits.isdigit():
        raise ValueError(f"not a size: {text!r} (real, 10000, 100k, 1M)")
    return str(int(digits) * factor)


def settings_for(size: str, seed: int = 7, regenerate: bool = False) -> Settings:
    """Settings of the project of ``size`` (generated when missing), building under OUT."""
    build_dir = OUT / "builds" / size
    if size == "real":
        return load_settings(ROOT, build_dir=build_dir)
    project = OUT / "projects" / size
    if regenerate or not (project / "data").exists():
        print(f"generating a synthetic project of {int(size):,} triples …", file=sys.stderr)
        generate(int(size), project, seed=seed)
    return load_settings(project, build_dir=build_dir)


def ensure_built(size: str) -> tuple[Settings, Artefact]:
    """The artefact of ``size``, built only if it is missing or stale."""
    settings = settings_for(size)
    if not is_current(settings):
        print(f"building {size} …", file=sys.stderr)
        return settings, build(settings)
    return settings, open_artefact(settings.artefact_dir)


@dataclass(frozen=True)
class Timed:
    """One measured build."""

    size: str
    manifest: Manifest
    total: float

    @property
    def steps(self) -> dict[str, float]:
        """The manifest's step timings, in seconds."""
        return {step: float(self.manifest.timings.get(step, 0.0)) for step in STEPS}


def timed_build(size: str) -> Timed:
    """Generate (always afresh, so the run measures this code) and build ``size``."""
    settings = settings_for(size, regenerate=True)
    print(f"building {size} …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    artefact = build(settings)
    return Timed(size, artefact.manifest, time.perf_counter() - started)


def profile_step(size: str, step: str, top: int = 10) -> str:
    """cProfile's top ``top`` functions (by own time and by cumulative time) of ``step``."""
    profiler = cProfile.Profile()

    def progress(name: str, event: str, seconds: float) -> None:
        if name == step:
            (profiler.enable if event == "start" else profiler.disable)()

    build(settings_for(size), progress)
    lines = []
    for order in ("tottime", "cumulative"):
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order)
        stats.print_stats(top)
        body = stream.getvalue()
        table = body[body.index("   ncalls") :] if "   ncalls" in body else body
        lines.append(f"top {top} by {order}:\n\n```\n{table.rstrip()}\n```")
    return "\n\n".join(lines)


def run(sizes: list[str], profile: bool = False, step: str | None = None) -> str:
    """Build every size and return the report (Markdown); ``step`` overrides which step
    is profiled (default: the slowest)."""
    results: list[Timed] = []
    failures: list[list[str]] = []
    for size in sizes:
        try:
            results.append(timed_build(size))
        except BuildError as exc:  # a result too: e.g. the reasoning budget is exceeded
            failures.append([size, "–", "–", "–", "–", "–", "–", "–", f"failed: {exc.message}"])
    out = [report.heading("Build times (seconds)")]
    rows = []
    for r in results:
        m = r.manifest
        steps = [report.seconds(r.steps[s]) for s in STEPS]
        target = TARGETS.get(r.size)
        verdict = "–" if target is None else ("met" if r.total < target else "MISSED")
        goal = f"< {target:g} s: {verdict}" if target else "–"
        rows.append(
            [
                r.size,
                f"{m.triples:,}",
                f"{m.inferred:,}",
                *steps,
                report.seconds(r.total),
                goal,
            ]
        )
    headers = ["size", "triples", "inferred", *STEPS, "total", "target"]
    out.append(report.table(headers, rows + failures))
    out.append(report.heading("Where the time goes (share of the four steps)", 3))
    shares = []
    for r in results:
        whole = sum(r.steps.values())
        shares.append([r.size, *(report.share(r.steps[s], whole) for s in STEPS)])
    out.append(report.table(["size", *STEPS], shares))
    if profile and results:
        largest = max(results, key=lambda r: r.manifest.triples)
        slowest = step or max(STEPS, key=lambda s: largest.steps[s])
        out.append(report.heading(f"Profile: step '{slowest}' of size {largest.size}", 3))
        out.append(profile_step(largest.size, slowest))
    return "\n".join(out) + "\n"


__all__ = ["OUT", "ensure_built", "parse_size", "run", "settings_for"]
