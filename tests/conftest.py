"""Shared fixtures: settings → artefact → store → server, as users meet them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from emmd_kg.build.artefact import Artefact
from emmd_kg.build.pipeline import build
from emmd_kg.config import Settings, load_settings
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
