"""``emmd-kg query``: saved queries (``list``, ``run NAME``) and ad-hoc ``--sparql FILE``.

A query on the command line runs as one over HTTP does (:mod:`emmd_kg.queries.console`):
gated, bound and capped in a query worker.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from ..config import Settings
from .shared import (
    F,
    build_dir_option,
    build_if_stale,
    handle_errors,
    project_options,
    settings_from,
)

if TYPE_CHECKING:
    from ..queries.run import Engine
    from ..queries.saved import SavedQuery
    from ..rdf.formats import Format
    from ..sparql.results import Rendered

QUERY_OUTPUTS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld", "rdfxml")


class _QueryGroup(click.Group):
    """``emmd-kg query NAME …`` is short for ``emmd-kg query run NAME …``."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["run", *args]
        return super().resolve_command(ctx, args)


def _query_options(command: F) -> F:
    """Options of every ``query`` command: the project, the artefact, the output format."""
    command = click.option(
        "--format",
        "output",
        type=click.Choice(QUERY_OUTPUTS),
        help="output format [default: table on a terminal, else csv (turtle for graphs)]",
    )(command)
    command = click.option("--no-build", is_flag=True, help="use the artefact as it is")(command)
    command = build_dir_option(command)
    return project_options(command)


def _query_settings(
    project_dir: Path, base_iri: str | None, build_dir: Path | None, no_build: bool
) -> Settings:
    """Settings for a query command, building the artefact first when it is stale."""
    settings = settings_from(project_dir, base_iri=base_iri, build_dir=build_dir)
    if not no_build:
        build_if_stale(settings)
    return settings


def _emit(rendered: Rendered, output: str, kind: str) -> None:
    """Write an answer to stdout: an aligned table, or the bytes of the format."""
    from ..queries.console import table

    if output == "table" and kind == "results":
        click.echo(table(rendered.body))
    else:
        click.echo(rendered.body, nl=False)
    if rendered.truncated:
        click.echo("warning: the answer was cut at the row cap (max_rows)", err=True)


def _output_format(output: str | None, kind: str) -> tuple[str, Format]:
    """The output asked for (or the default for a terminal or a pipe) and its format."""
    from ..rdf.formats import BY_NAME
    from ..rdf.negotiation import from_parameter

    if output is None:
        output = "table" if sys.stdout.isatty() else ("csv" if kind == "results" else "turtle")
    if output == "table":
        return output, BY_NAME["json" if kind == "results" else "turtle"]
    return output, from_parameter(output, kind)


@click.group(cls=_QueryGroup, invoke_without_command=True)
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
    sparql: IO[str] | None,
) -> None:
    """Saved queries: 'query list', 'query run NAME' (or 'query NAME'), or --sparql FILE."""
    from ..queries.console import session
    from ..sparql import gate

    if ctx.invoked_subcommand is not None:  # options given before NAME apply to it
        given = {
            k: v
            for k, v in ctx.params.items()
            if k != "sparql" and ctx.get_parameter_source(k) is not ParameterSource.DEFAULT
        }
        assert isinstance(ctx.command, click.Group)
        ctx.default_map = {name: given for name in ctx.command.commands}
        return
    if sparql is None:
        raise click.UsageError("give a command (list, run NAME), a query NAME, or --sparql FILE")
    settings = _query_settings(project_dir, base_iri, build_dir, no_build)
    with session(settings) as open_session:
        checked = gate.inspect(sparql.read(), settings, open_session.graph_names)
        shown, fmt = _output_format(output, checked.kind)
        _emit(open_session.engine(checked.text, fmt, {}), shown, checked.kind)


def _listing(query: SavedQuery) -> dict[str, Any]:
    """One saved query in the JSON listing."""
    return {
        "name": query.name,
        "form": query.form,
        "title": query.text_in(query.title),
        "tags": list(query.tags),
        "parameters": [p.name for p in query.parameters],
    }


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
    from ..queries.console import session

    with session(_query_settings(project_dir, base_iri, build_dir, no_build)) as open_session:
        entries = [q for q in open_session.catalogue if tag is None or tag in q.tags]
    if output == "json":
        click.echo(json.dumps([_listing(q) for q in entries], ensure_ascii=False, indent=1))
        return
    width = max((len(q.name) for q in entries), default=0)
    for q in entries:
        params = " ".join(f"{p.name}{'*' if p.required else ''}" for p in q.parameters)
        suffix = f"  [{params}]" if params else ""
        click.echo(f"{q.name.ljust(width)}  {q.text_in(q.title)}{suffix}")


def _pairs(params: tuple[str, ...]) -> list[tuple[str, str]]:
    """``--param NAME=VALUE`` options as (name, value) pairs."""
    pairs = []
    for item in params:
        key, equals, value = item.partition("=")
        if not equals:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--param")
        pairs.append((key, value))
    return pairs


def _engine_for(saved_query: SavedQuery, engine: Engine, settings: Settings) -> Engine:
    """``engine``, or the search index's answer when the query says so (as the server)."""
    if saved_query.answered_by != "search-index":
        return engine
    from ..artefact import open_artefact
    from ..search import SearchIndex
    from ..search.saved_answers import answering

    artefact = open_artefact(settings.artefact_dir)
    index = SearchIndex.open(artefact.path, artefact.manifest.search.sha256)
    return answering(saved_query.text, index, engine, settings.max_rows)


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
    from ..queries.console import session
    from ..queries.run import answer, bind, read_request

    pairs = _pairs(params)
    settings = _query_settings(project_dir, base_iri, build_dir, no_build)
    pairs += [("page", str(page or 1)), ("page_size", str(page_size or settings.max_rows))]
    with session(settings) as open_session:
        saved_query = open_session.catalogue.get(name)
        asked = read_request(saved_query, pairs, settings)
        engine = _engine_for(saved_query, open_session.engine, settings)
        runs = bind(saved_query, asked.values, engine, settings)
        shown, fmt = _output_format(output, saved_query.kind)
        result = answer(
            saved_query,
            runs,
            fmt,
            engine,
            asked.page,
            asked.page_size,
            settings.max_rows,
        )
    _emit(result.rendered, shown, saved_query.kind)
