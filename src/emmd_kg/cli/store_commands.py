"""``emmd-kg publish``: the artefact loaded into a SPARQL store."""

from __future__ import annotations

from pathlib import Path

import click

from .shared import build_dir_option, handle_errors, project_options, settings_from


@click.command()
@project_options
@click.option(
    "--to",
    "store_url",
    required=True,
    help="Graph Store Protocol endpoint of the target store, e.g. http://host/store",
)
@click.option("--query-url", help="its SPARQL query endpoint (default: guessed for Oxigraph)")
@build_dir_option
@handle_errors
def publish(
    project_dir: Path,
    base_iri: str | None,
    store_url: str,
    query_url: str | None,
    build_dir: Path | None,
) -> None:
    """Load the artefact into a SPARQL store, graph by graph, and verify the counts."""
    from ..artefact import open_artefact
    from ..store.upload import query_url_for, upload

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
