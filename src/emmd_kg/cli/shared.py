"""What every command shares: options, settings, progress lines and error handling."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import IO, Any, ParamSpec, TypeVar

import click

from ..config import SETTINGS_HELP, Settings, load_settings
from ..errors import EmmdError

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


class ProgressPrinter:
    """Prints a step's name once it has run for a second, then a tick each second."""

    def __init__(self, stream: IO[str] = sys.stderr) -> None:
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


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one clear line on stderr and the error's exit status."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except EmmdError as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper


def project_options(command: F) -> F:
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


def build_dir_option(command: F) -> F:
    """``--build-dir``: where the artefact is read (and built)."""
    return click.option(
        "--build-dir", "build_dir", type=click.Path(path_type=Path), help=SETTINGS_HELP["build_dir"]
    )(command)


def settings_from(project_dir: Path, **overrides: Any) -> Settings:
    """Settings for a command: the project's config plus the command-line overrides."""
    return load_settings(project_dir, **overrides)


def build_if_stale(settings: Settings, *, announce: bool = True) -> None:
    """Build the artefact when it was not built from today's sources and settings."""
    from ..pipeline import build, is_current

    if not is_current(settings):
        if announce:
            click.echo("building the artefact …", err=True)
        build(settings, ProgressPrinter())
