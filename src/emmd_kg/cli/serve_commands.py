"""``emmd-kg serve`` and ``reload``: the running server."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import SETTINGS_HELP
from ..errors import EmmdError
from .shared import build_dir_option, build_if_stale, handle_errors, project_options, settings_from


@click.command()
@project_options
@click.option("--host", help=SETTINGS_HELP["host"])
@click.option("--port", type=int, help=SETTINGS_HELP["port"])
@click.option("--workers", type=int, help=SETTINGS_HELP["workers"])
@click.option("--store", help=SETTINGS_HELP["store"])
@build_dir_option
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
    from ..web import create_app

    settings = settings_from(
        project_dir,
        base_iri=base_iri,
        host=host,
        port=port,
        workers=workers,
        store=store,
        build_dir=build_dir,
    )
    if not no_build:
        build_if_stale(settings)
    app = create_app(settings)
    version = app.extensions["emmd_kg"].served.version
    click.echo(
        f"serving dataset version {version} on http://{settings.host}:{settings.port}/", err=True
    )
    if dev:
        app.run(settings.host, settings.port, debug=False, use_reloader=True, use_debugger=False)
    else:
        from ..web.serving import run

        run(app, settings)


@click.command()
@project_options
@click.option("--port", type=int, help=SETTINGS_HELP["port"])
@build_dir_option
@handle_errors
def reload(
    project_dir: Path, base_iri: str | None, port: int | None, build_dir: Path | None
) -> None:
    """Make the running server serve the artefact built last (sends SIGHUP to it)."""
    import os
    import signal

    from ..web.serving import pidfile

    settings = settings_from(project_dir, base_iri=base_iri, port=port, build_dir=build_dir)
    path = pidfile(settings)
    try:
        pid = int(path.read_text(encoding="utf-8").strip())
        os.kill(pid, signal.SIGHUP)
    except (OSError, ValueError) as exc:
        raise EmmdError(f"no running server found through {path}: {exc}") from None
    click.echo(f"asked the server (process {pid}) to reload")
