"""``python -m bench <command>``: the benchmark commands (``./run bench`` calls this).

Commands::

    python -m bench build    [--sizes real,10000,100000] [--profile] [--profile-step STEP]
    python -m bench endpoint [--sizes real,100000] [--duration 10] [--connections 8]
    python -m bench scale    [--sizes 10000,100000,1000000] [--duration 5] [--reuse-builds]
    python -m bench downloads [--size 100000] [--rounds 3] [--clients 4]
    python -m bench editor   [--rounds 10]
    python -m bench generate SIZE [--out DIR] [--seed N]
    python -m bench reconcile [--sizes real,100000,1000000] [--workers 2]
    python -m bench search   [--sizes real,1000000] [--queries 200] [--oxigraph-queries 20]

Reports are Markdown on standard output (progress goes to standard error); ``--save
FILE`` appends the report to a file as well, under a line with the date and the command.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path


def _sizes(text: str) -> list[str]:
    from .build import parse_size

    try:
        return [parse_size(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    main = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    main.add_argument("--save", type=Path, help="also append the report to this file")
    commands = main.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build times per step and size")
    build.add_argument(
        "--sizes",
        type=_sizes,
        default=_sizes("real,10000,100000"),
        help="comma-separated: real and/or triple counts (default: %(default)s)",
    )
    build.add_argument(
        "--profile", action="store_true", help="cProfile the slowest step of the largest size"
    )
    build.add_argument(
        "--profile-step",
        choices=("parse", "reason", "validate", "write"),
        help="profile this step instead of the slowest (implies --profile)",
    )

    endpoint = commands.add_parser("endpoint", help="SPARQL and /doc throughput with wrk")
    endpoint.add_argument(
        "--sizes",
        type=_sizes,
        default=_sizes("real,100000"),
        help="comma-separated: real and/or triple counts",
    )
    endpoint.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    endpoint.add_argument("--connections", type=int, default=8, help="wrk connections")
    endpoint.add_argument("--threads", type=int, default=2, help="wrk threads")
    endpoint.add_argument(
        "--workers",
        type=int,
        default=2,
        help="our server's worker processes",
    )

    scale = commands.add_parser("scale", help="build, load, memory, saved-query mix by size")
    scale.add_argument("--sizes", type=_sizes, default=_sizes("10000,100000,1000000"))
    scale.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run")
    scale.add_argument("--connections", type=int, default=8, help="wrk connections")
    scale.add_argument("--threads", type=int, default=2, help="wrk threads")
    scale.add_argument("--workers", type=int, default=2, help="our worker processes")
    scale.add_argument("--disk", action="store_true", help="Oxigraph on disk at every size")
    scale.add_argument(
        "--skip-remote", type=_sizes, default=[], help="sizes without the sparql: backend"
    )
    scale.add_argument(
        "--reuse-builds", action="store_true", help="serve a current artefact without rebuilding"
    )

    downloads = commands.add_parser("downloads", help="server memory while dumps stream out")
    downloads.add_argument("--size", type=lambda s: _sizes(s)[0], default="100000")
    downloads.add_argument("--rounds", type=int, default=3, help="downloads per client and dump")
    downloads.add_argument("--clients", type=int, default=4, help="concurrent clients")

    editor = commands.add_parser("editor", help="the editor page: bytes shipped, first render")
    editor.add_argument("--rounds", type=int, default=10, help="renders timed (fresh contexts)")
    reconcile = commands.add_parser("reconcile", help="reconciliation batches of 10 queries")
    reconcile.add_argument("--sizes", type=_sizes, default=_sizes("real,100000,1000000"))
    reconcile.add_argument("--workers", type=int, default=2, help="our worker processes")
    search = commands.add_parser("search", help="/search and the saved name search vs oxigraph")
    search.add_argument("--sizes", type=_sizes, default=_sizes("real,1000000"))
    search.add_argument("--queries", type=int, default=200, help="names sent to /search")
    search.add_argument(
        "--oxigraph-queries", type=int, default=20, help="of those, sent to oxigraph"
    )
    search.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run")
    search.add_argument("--connections", type=int, default=8, help="wrk connections")
    search.add_argument("--workers", type=int, default=2, help="our worker processes")

    generate = commands.add_parser("generate", help="write a synthetic project")
    generate.add_argument("size", type=lambda s: int(_sizes(s)[0]), help="target triples")
    generate.add_argument(
        "--out", type=Path, help="project folder (default bench/out/projects/SIZE)"
    )
    generate.add_argument("--seed", type=int, default=7)
    return main


def _stamp(argv: list[str]) -> str:
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    load = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    return f"{now} · {machine} · {load} · `python -m bench {shlex.join(argv)}`\n"


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    # SIGTERM (e.g. from `timeout`) unwinds like Ctrl-C, so every started server is stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    args = parser().parse_args(argv)
    stamp = _stamp(argv)  # date, machine and load when the run starts
    if args.command == "build":
        from .build import run

        profile = args.profile or bool(args.profile_step)
        text = run(args.sizes, profile=profile, step=args.profile_step)
    elif args.command == "endpoint":
        from .endpoint import run as run_endpoint

        if not (1 <= args.connections <= 256 and 1 <= args.duration <= 120):
            raise SystemExit("keep --connections within 1–256 and --duration within 1–120 s")
        text = run_endpoint(args.sizes, args)
    elif args.command == "scale":
        from .scale import run as run_scale

        if not (1 <= args.connections <= 256 and 1 <= args.duration <= 120):
            raise SystemExit("keep --connections within 1–256 and --duration within 1–120 s")
        text = run_scale(args.sizes, args)
    elif args.command == "downloads":
        from .downloads import run as run_downloads

        if not (1 <= args.rounds <= 20 and 1 <= args.clients <= 32):
            raise SystemExit("keep --rounds within 1–20 and --clients within 1–32")
        text = run_downloads(args.size, args.rounds, args.clients)
    elif args.command == "editor":
        from .editor import run as run_editor

        if not 1 <= args.rounds <= 100:
            raise SystemExit("keep --rounds within 1–100")
        text = run_editor(args.rounds)
    elif args.command == "reconcile":
        from .reconcile import run as run_reconcile

        text = run_reconcile(args.sizes, args.workers)
    elif args.command == "search":
        from .search import run as run_search

        if not (1 <= args.queries <= 2000 and 1 <= args.oxigraph_queries <= args.queries):
            raise SystemExit("keep --queries within 1–2000 and --oxigraph-queries within 1–queries")
        if not (1 <= args.connections <= 256 and 1 <= args.duration <= 120):
            raise SystemExit("keep --connections within 1–256 and --duration within 1–120 s")
        text = run_search(args.sizes, args)
    else:
        from .build import OUT
        from .synthetic import generate

        made = generate(args.size, args.out or OUT / "projects" / str(args.size), seed=args.seed)
        text = (
            f"{made.project}: about {made.estimate:,} triples after the build "
            f"({made.asserted:,} asserted); {made.counts}\n"
        )
    text = stamp + text
    text += "\nload average at the end: {:.1f} {:.1f} {:.1f}\n".format(*os.getloadavg())
    print(text)
    if args.save:
        with args.save.open("a", encoding="utf-8") as out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
