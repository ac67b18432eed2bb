"""``emmd-kg build``, ``validate`` and ``export``: the artefact from the sources."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import SETTINGS_HELP
from .shared import (
    ProgressPrinter,
    build_dir_option,
    build_if_stale,
    handle_errors,
    project_options,
    settings_from,
)


@click.command()
@project_options
@click.option(
    "--out", "build_dir", type=click.Path(path_type=Path), help=SETTINGS_HELP["build_dir"]
)
@handle_errors
def build(project_dir: Path, base_iri: str | None, build_dir: Path | None) -> None:
    """Parse, reason, validate and write the artefact; print a summary."""
    from ..pipeline import build as run_build

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


@click.command()
@project_options
@handle_errors
def validate(project_dir: Path, base_iri: str | None) -> None:
    """Parse, reason and validate the sources; write nothing."""
    from ..pipeline import check

    checked = check(settings_from(project_dir, base_iri=base_iri), ProgressPrinter())
    triples = sum(len(f.triples) for f in checked.sources.files())
    click.echo(
        f"valid: {triples} asserted triples, {len(checked.inferred)} inferred, "
        f"{checked.report.shapes} shapes, {len(checked.report.findings)} findings"
    )


@click.command()
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
@build_dir_option
@handle_errors
def export(
    project_dir: Path,
    base_iri: str | None,
    extension: str,
    output: Path | None,
    build_dir: Path | None,
) -> None:
    """Write the knowledge graph as one dump (building it first when it is stale)."""
    from ..artefact import open_artefact

    settings = settings_from(project_dir, base_iri=base_iri, build_dir=build_dir)
    build_if_stale(settings, announce=False)
    body = (
        open_artefact(settings.artefact_dir).path / "dumps" / f"dataset.{extension}"
    ).read_bytes()
    if output is None:
        click.echo(body, nl=False)
    else:
        output.write_bytes(body)
        click.echo(f"wrote {len(body)} bytes to {output}", err=True)
