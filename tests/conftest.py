"""Shared fixtures: settings → artefact → store → server, as users meet them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from emmd_kg.artefact import Artefact
from emmd_kg.config import Settings, load_settings
from emmd_kg.pipeline import build
from emmd_kg.store.memory import MemoryStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_PARTS = ("ontology", "data", "shapes", "meta", "queries", "emmd-kg.toml")


def copy_project(source: Path, target: Path) -> Path:
    """A private copy of a project's sources, safe to break."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part)
        elif path.exists():
            shutil.copy(path, target / part)
    return target


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of the real project, building into a private folder."""
    return load_settings(ROOT, build_dir=tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def artefact(settings: Settings) -> Artefact:
    """The real project, built once per test process."""
    return build(settings)


@pytest.fixture(scope="session")
def store(artefact: Artefact) -> MemoryStore:
    """The built artefact loaded into the embedded store."""
    return MemoryStore(artefact.nquads, artefact.version)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the real project's sources in a temporary folder."""
    return copy_project(ROOT, tmp_path / "project")


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A copy of a tiny project of another domain."""
    return copy_project(FIXTURES / "mini", tmp_path / "mini")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningServer:
    """A real ``emmd-kg serve`` process on a loopback port."""

    def __init__(
        self, build_dir: Path, project: Path = ROOT, port: int | None = None, **settings: object
    ) -> None:
        import os
        import subprocess
        import sys

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **{f"EMMD_KG_{k.upper()}": str(v) for k, v in settings.items()}}
        command = [
            sys.executable,
            "-m",
            "emmd_kg.cli",
            "serve",
            "--project",
            str(project),
            "--build-dir",
            str(build_dir),
            "--port",
            str(self.port),
            "--no-build",
        ]
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self._wait_until_ready()

    def _wait_until_ready(self, seconds: float = 30.0) -> None:
        import time

        import httpx

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = self.process.stderr.read().decode()
                self.process.stderr.close()
                raise RuntimeError(f"server exited: {message}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not become ready in time")

    def stop(self) -> None:
        """Stop the server and wait for it to exit."""
        import subprocess

        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process.stderr.close()


@pytest.fixture(scope="session")
def server(artefact: Artefact, settings: Settings):
    """The real server over the real artefact (3 workers, default limits)."""
    running = RunningServer(settings.artefact_dir, workers=3)
    yield running
    running.stop()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (own context: no shared cookies or storage)."""
    context = browser.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()


def publish_to(settings: Settings, store_url: str, query_url: str | None = None) -> None:
    """Load the built artefact into a running store with ``emmd-kg publish``."""
    from click.testing import CliRunner

    from emmd_kg.cli import main

    args = ["publish", "--project", str(ROOT), "--build-dir", str(settings.artefact_dir)]
    args += ["--to", store_url] + (["--query-url", query_url] if query_url else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
