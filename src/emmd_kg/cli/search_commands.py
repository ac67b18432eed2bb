"""``emmd-kg search TEXT``: the search index of the built artefact, on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .shared import build_dir_option, handle_errors, project_options, settings_from


@click.command()
@project_options
@click.argument("text")
@click.option("--type", "types", multiple=True, help="only resources of this type IRI (repeatable)")
@click.option("--lang", help="language of the labels shown (de, en)")
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="the answer as /search gives it in JSON")
@build_dir_option
@handle_errors
def search(
    project_dir: Path,
    base_iri: str | None,
    text: str,
    types: tuple[str, ...],
    lang: str | None,
    limit: int,
    as_json: bool,
    build_dir: Path | None,
) -> None:
    """Find resources by name: one line per hit (score, IRI, label, matched name)."""
    from ..artefact import open_artefact
    from ..search import SearchIndex

    settings = settings_from(project_dir, base_iri=base_iri, build_dir=build_dir)
    artefact = open_artefact(settings.artefact_dir)
    index = SearchIndex.open(artefact.path, artefact.manifest.search.sha256)
    found = index.search(text, types=types, lang=lang, limit=limit)
    if as_json:
        results = [
            {
                "id": h.iri,
                "label": h.label,
                "type": list(h.types),
                "score": h.score,
                "matched": h.matched,
            }
            for h in found.hits
        ]
        click.echo(
            json.dumps(
                {"query": text, "total": found.total, "results": results}, ensure_ascii=False
            )
        )
        return
    for hit in found.hits:
        click.echo(f"{hit.score:8.2f}  {hit.iri}  {hit.label}  [{hit.matched}]")
    click.echo(f"{found.total} found", err=True)
