"""The package build bundles the editor script: a wheel built from a checkout without
the bundle carries it (the bundle is never committed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = "emmd_kg/web/static/editor/editor.js"


def _checkout(target: Path) -> Path:
    """The files a wheel is built from, without any bundle; the npm packages linked."""
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(
        ROOT / "src",
        target / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "editor"),
    )
    (target / "editor").mkdir()
    for name in ("package.json", "package-lock.json", "build.mjs"):
        shutil.copy(ROOT / "editor" / name, target / "editor" / name)
    shutil.copytree(ROOT / "editor" / "src", target / "editor" / "src")
    (target / "editor" / "node_modules").symlink_to(ROOT / "editor" / "node_modules")
    return target


@pytest.mark.slow
def test_a_wheel_carries_the_editor_bundle(tmp_path):
    if not (ROOT / "editor" / "node_modules" / ".package-lock.json").exists():
        pytest.fail("editor/node_modules is missing: run ./run test (npm ci in editor/)")
    (tmp_path / "checkout").mkdir()
    source = _checkout(tmp_path / "checkout")
    assert not (source / "src" / BUNDLED).exists()
    out = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q"] + ["-w", str(out), str(source)],
        check=True,
        timeout=300,
    )
    (wheel,) = out.glob("emmd_kg-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert BUNDLED in names
        assert archive.getinfo(BUNDLED).file_size > 100_000
    assert "emmd_kg/web/static/style.css" in names
