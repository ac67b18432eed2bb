"""The command line: ``emmd-kg build | validate | export | serve | query | publish``.

A thin front-end over the library: options become Settings, library errors become one
line on stderr and the exit status the error carries (0 ok, 1 data or query error,
2 usage error).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click
from click.core import ParameterSource

from .config import SETTINGS_HELP, Settings, load_settings
from .errors import EmmdError, ValidationFailed


class ProgressPrinter:
    """Prints a step's name once it has run for a second, then a tick each second."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, step: str, event: str, seconds: float) -> None:
        if event == "start":
            self._stop.clear()
            self._thread = threading.Thread(target=self._tick, args=(step,), daemon=True)
            self._thread.start()
        else:
            self._stop.set()
            if self._thread is not None:
                self._thread.join()
            if seconds >= 1:
                print(f"  {step}: done in {seconds:.1f} s", file=self.stream, flush=True)

    def _tick(self, step: str) -> None:
        started = time.monotonic()
        while not self._stop.wait(1.0):
            print(f"  {step} … {time.monotonic() - started:.0f} s", file=self.stream, flush=True)


def handle_errors(command: Callable) -> Callable:
    """Turn library errors into one clear line on stderr and the error's exit status."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ValidationFailed as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except EmmdError as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper


def project_options(command: Callable) -> Callable:
    """The options every command shares: the project folder and the base IRI."""
    command = click.option("--base", "base_iri", help=SETTINGS_HELP["base_iri"])(command)
    command = click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        help=SETTINGS_HELP["project_dir"],
    )(command)
    return command


def settings_from(project_dir: Path, **overrides) -> Settings:
    """Settings for a command: the project's config plus the command-line overrides."""
    return load_settings(project_dir, **overrides)


@click.group()
@click.version_option(package_name="emmd-kg")
def main() -> None:
    """Build, serve and query the knowledge graph."""


@main.command()
@project_options
@click.option(
    "--out", "build_dir", type=click.Path(path_type=Path), help=SETTINGS_HELP["build_dir"]
)
@handle_errors
def build(project_dir: Path, base_iri: str | None, build_dir: Path | None) -> None:
    """Parse, reason, validate and write the artefact; print a summary."""
    from .pipeline import build as run_build

    settings = settings_from(project_dir, base_iri=base_iri, build_dir=build_dir)
    artefact = run_build(settings, ProgressPrinter())
    manifest = artefact.manifest
    click.echo(f"dataset version {manifest.version}  ({manifest.base_iri})")
    click.echo(
        f"{manifest.triples} distinct triples, {manifest.inferred} inferred, "
        f"{manifest.quads} quads in {len(manifest.graphs)} graphs"
    )
    for graph, count in manifest.graphs.items():
        click.echo(f"  {count:>8}  {graph}")
    click.echo(f"SHACL: conforms ({manifest.validation.shapes} shapes)")
    timings = ", ".join(f"{k} {v:.2f} s" for k, v in manifest.timings.items())
    click.echo(f"took {timings}")
    click.echo(f"artefact: {artefact.path}")


@main.command()
@project_options
@handle_errors
def validate(project_dir: Path, base_iri: str | None) -> None:
    """Parse, reason and validate the sources; write nothing."""
    from .pipeline import check

    checked = check(settings_from(project_dir, base_iri=base_iri), ProgressPrinter())
    triples = sum(len(f.triples) for f in checked.sources.files())
    click.echo(
        f"valid: {triples} asserted triples, {len(checked.inferred)} inferred, "
        f"{checked.report.shapes} shapes, {len(checked.report.findings)} findings"
    )


@main.command()
@project_options
@click.option("--host", help=SETTINGS_HELP["host"])
@click.option("--port", type=int, help=SETTINGS_HELP["port"])
@click.option("--workers", type=int, help=SETTINGS_HELP["workers"])
@click.option("--store", help=SETTINGS_HELP["store"])
@click.option(
    "--build-dir", "build_dir", type=click.Path(path_type=Path), help=SETTINGS_HELP["build_dir"]
)
@click.option("--no-build", is_flag=True, help="serve the artefact as it is, never build")
@click.option("--dev", is_flag=True, help="reloading development server (never the debugger)")
@handle_errors
def serve(
    project_dir: Path,
    base_iri: str | None,
    host: str | None,
    port: int | None,
    workers: int | None,
    store: str | None,
    build_dir: Path | None,
    no_build: bool,
    dev: bool,
) -> None:
    """Serve the knowledge graph (building it first when the artefact is missing or stale)."""
    from .pipeline import build as run_build
    from .pipeline import is_current
    from .web import create_app

    settings = settings_from(
        project_dir,
        base_iri=base_iri,
        host=host,
        port=port,
        workers=workers,
        store=store,
        build_dir=build_dir,
    )
    if not no_build and not is_current(settings):
        click.echo("building the artefact …", err=True)
        run_build(settings, ProgressPrinter())
    app = create_app(settings)
    version = app.extensions["emmd_kg"].published.version
    click.echo(
        f"serving dataset version {version} on http://{settings.host}:{settings.port}/", err=True
    )
    if dev:
        app.run(settings.host, settings.port, debug=False, use_reloader=True, use_debugger=False)
    else:
        from .web.server import run

        run(app, settings)


@main.command()
@project_options
@click.option(
    "--format",
    "extension",
    type=click.Choice(["nq", "trig", "ttl", "nt", "jsonld"]),
    default="ttl",
    show_default=True,
    help="dump format (TriG and N-Quads keep the named graphs)",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="file (default: stdout)"
)
@click.option(
    "--build-dir", "build_dir", type=click.Path(path_type=Path), help=SETTINGS_HELP["build_dir"]
)
@handle_errors
def export(
    project_dir: Path,
    base_iri: str | None,
    extension: str,
    output: Path | None,
    build_dir: Path | None,
) -> None:
    """Write the knowledge graph as one dump (building it first when it is stale)."""
    from .artefact import open_artefact
    from .pipeline import build as run_build
    from .pipeline import is_current

    settings = settings_from(project_dir, base_iri=base_iri, build_dir=build_dir)
    if not is_current(settings):
        run_build(settings, ProgressPrinter())
    body = (
        open_artefact(settings.artefact_dir).path / "dumps" / f"dataset.{extension}"
    ).read_bytes()
    if output is None:
        click.get_binary_stream("stdout").write(body)
    else:
        output.write_bytes(body)
        click.echo(f"wrote {len(body)} bytes to {output}", err=True)


@main.command()
@project_options
@click.option("--port", type=int, help=SETTINGS_HELP["port"])
@click.option(
    "--build-dir", "build_dir", type=click.Path(path_type=Path), help=SETTINGS_HELP["build_dir"]
)
@handle_errors
def reload(
    project_dir: Path, base_iri: str | None, port: int | None, build_dir: Path | None
) -> None:
    """Make the running server serve the artefact built last (sends SIGHUP to it)."""
    import os
    import signal

    from .web.server import pidfile

    settings = settings_from(project_dir, base_iri=base_iri, port=port, build_dir=build_dir)
    path = pidfile(settings)
    try:
        pid = int(path.read_text(encoding="utf-8").strip())
        os.kill(pid, signal.SIGHUP)
    except (OSError, ValueError) as exc:
        raise EmmdError(f"no running server found through {path}: {exc}") from None
    click.echo(f"asked the server (process {pid}) to reload")


@main.command()
@project_options
@click.option(
    "--to",
    "store_url",
    required=True,
    help="Graph Store Protocol endpoint of the target store, e.g. http://host/store",
)
@click.option("--query-url", help="its SPARQL query endpoint (default: guessed for Oxigraph)")
@click.option(
    "--build-dir", "build_dir", type=click.Path(path_type=Path), help=SETTINGS_HELP["build_dir"]
)
@handle_errors
def publish(
    project_dir: Path,
    base_iri: str | None,
    store_url: str,
    query_url: str | None,
    build_dir: Path | None,
) -> None:
    """Load the artefact into a SPARQL store, graph by graph, and verify the counts."""
    from .artefact import open_artefact
    from .store.upload import query_url_for, upload

    settings = settings_from(project_dir, base_iri=base_iri, build_dir=build_dir)
    artefact = open_artefact(settings.artefact_dir)
    counts = upload(
        artefact,
        store_url,
        query_url_for(store_url, query_url),
        progress=lambda line: click.echo(line, err=True),
    )
    click.echo(
        f"published dataset version {artefact.version}: {sum(counts.values())} triples "
        f"in {len(counts)} graphs, counts verified"
    )


QUERY_OUTPUTS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld", "rdfxml")


class _QueryGroup(click.Group):
    """``emmd-kg query NAME …`` is short for ``emmd-kg query run NAME …``."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["run", *args]
        return super().resolve_command(ctx, args)


def _query_options(command: Callable) -> Callable:
    """Options of every ``query`` command: the project, the artefact, the output format."""
    command = click.option(
        "--format",
        "output",
        type=click.Choice(QUERY_OUTPUTS),
        help="output format [default: table on a terminal, else csv (turtle for graphs)]",
    )(command)
    command = click.option("--no-build", is_flag=True, help="use the artefact as it is")(command)
    command = click.option(
        "--build-dir", "build_dir", type=click.Path(path_type=Path), help=SETTINGS_HELP["build_dir"]
    )(command)
    return project_options(command)


def _query_settings(
    project_dir: Path, base_iri: str | None, build_dir: Path | None, no_build: bool
) -> Settings:
    """Settings for a query command, building the artefact first when it is stale."""
    from .pipeline import build as run_build
    from .pipeline import is_current

    settings = settings_from(project_dir, base_iri=base_iri, build_dir=build_dir)
    if not no_build and not is_current(settings):
        click.echo("building the artefact …", err=True)
        run_build(settings, ProgressPrinter())
    return settings


def _emit(rendered, output: str | None, kind: str) -> None:
    """Write an answer to stdout: an aligned table, or the bytes of the format."""
    from .queries.console import table

    if output == "table" and kind == "results":
        click.echo(table(rendered.body))
    else:
        click.echo(rendered.body, nl=False)
    if rendered.truncated:
        click.echo("warning: the answer was cut at the row cap (max_rows)", err=True)


def _output_format(output: str | None, kind: str):
    from .rdf.formats import BY_NAME, from_parameter

    if output is None:
        output = "table" if sys.stdout.isatty() else ("csv" if kind == "results" else "turtle")
    if output == "table":
        return output, BY_NAME["json" if kind == "results" else "turtle"]
    return output, from_parameter(output, kind)


@main.group(cls=_QueryGroup, invoke_without_command=True)
@_query_options
@click.option(
    "--sparql",
    type=click.File("r", encoding="utf-8"),
    help="run an ad-hoc query read from FILE ('-' for standard input)",
)
@click.pass_context
@handle_errors
def query(
    ctx: click.Context,
    project_dir: Path,
    base_iri: str | None,
    build_dir: Path | None,
    no_build: bool,
    output: str | None,
    sparql,
) -> None:
    """Saved queries: 'query list', 'query run NAME' (or 'query NAME'), or --sparql FILE."""
    from .queries.console import session
    from .sparql import gate

    if ctx.invoked_subcommand is not None:  # options given before NAME apply to it
        given = {
            k: v
            for k, v in ctx.params.items()
            if k != "sparql" and ctx.get_parameter_source(k) is not ParameterSource.DEFAULT
        }
        ctx.default_map = {name: given for name in ctx.command.commands}
        return
    if sparql is None:
        raise click.UsageError("give a command (list, run NAME), a query NAME, or --sparql FILE")
    settings = _query_settings(project_dir, base_iri, build_dir, no_build)
    with session(settings) as open_session:
        checked = gate.inspect(sparql.read(), settings, open_session.graph_names)
        output, fmt = _output_format(output, checked.kind)
        _emit(open_session.engine(checked.text, fmt, {}), output, checked.kind)


@query.command("list")
@_query_options
@click.option("--tag", help="only queries with this tag")
@handle_errors
def query_list(
    project_dir: Path,
    base_iri: str | None,
    build_dir: Path | None,
    no_build: bool,
    output: str | None,
    tag: str | None,
) -> None:
    """List the saved queries: name, parameters and title."""
    from .queries.console import session

    with session(_query_settings(project_dir, base_iri, build_dir, no_build)) as open_session:
        entries = [q for q in open_session.catalogue if tag is None or tag in q.tags]
    if output == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "name": q.name,
                        "form": q.form,
                        "title": q.text_in(q.title),
                        "tags": list(q.tags),
                        "parameters": [p.name for p in q.parameters],
                    }
                    for q in entries
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    width = max((len(q.name) for q in entries), default=0)
    for q in entries:
        params = " ".join(f"{p.name}{'*' if p.required else ''}" for p in q.parameters)
        suffix = f"  [{params}]" if params else ""
        click.echo(f"{q.name.ljust(width)}  {q.text_in(q.title)}{suffix}")


@query.command("run")
@click.argument("name")
@_query_options
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="a parameter value (repeat for several, or for several values of one)",
)
@click.option("--page", type=int, help="page number (with --page-size)")
@click.option("--page-size", type=int, help="rows per page [default: all, up to max_rows]")
@handle_errors
def query_run(
    name: str,
    project_dir: Path,
    base_iri: str | None,
    build_dir: Path | None,
    no_build: bool,
    output: str | None,
    params: tuple[str, ...],
    page: int | None,
    page_size: int | None,
) -> None:
    """Run the saved query NAME with typed parameters (--param name=value)."""
    from .queries.console import session
    from .queries.run import answer, bind, read_request

    pairs = []
    for item in params:
        key, equals, value = item.partition("=")
        if not equals:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--param")
        pairs.append((key, value))
    settings = _query_settings(project_dir, base_iri, build_dir, no_build)
    pairs += [("page", str(page or 1)), ("page_size", str(page_size or settings.max_rows))]
    with session(settings) as open_session:
        saved_query = open_session.catalogue.get(name)
        asked = read_request(saved_query, pairs, settings)
        runs = bind(saved_query, asked.values, open_session.engine, settings)
        output, fmt = _output_format(output, saved_query.kind)
        result = answer(
            saved_query,
            runs,
            fmt,
            open_session.engine,
            asked.page,
            asked.page_size,
            settings.max_rows,
        )
    _emit(result.rendered, output, saved_query.kind)


if __name__ == "__main__":
    main()
