"""The package build: setuptools (configured in pyproject.toml) plus one step, bundling
the editor script from ``editor/`` (npm + esbuild) into the package's static files
before the package data is copied, so every wheel carries it; the bundle is never
committed.  ``./run`` bundles it the same way for a checkout."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
EDITOR = ROOT / "editor"
BUNDLE = ROOT / "src" / "emmd_kg" / "web" / "static" / "editor" / "editor.js"


def _stale() -> bool:
    """Whether the bundle is missing or older than one of its sources."""
    if not BUNDLE.exists():
        return True
    sources = [*(EDITOR / "src").rglob("*.js"), EDITOR / "build.mjs", EDITOR / "package-lock.json"]
    built = BUNDLE.stat().st_mtime
    return any(path.stat().st_mtime > built for path in sources if path.exists())


def bundle_editor() -> None:
    """Install the editor's npm packages if needed and bundle it (needs node and npm)."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        raise SystemExit("building the editor script needs node and npm (Debian: nodejs npm)")
    if not (EDITOR / "node_modules" / ".package-lock.json").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=EDITOR, check=True)
    subprocess.run([node, "build.mjs"], cwd=EDITOR, check=True)


class BuildWithEditor(build_py):
    """``build_py`` that bundles the editor script first (when its sources are here)."""

    def run(self) -> None:
        if EDITOR.is_dir() and _stale():
            bundle_editor()
            self.__dict__.pop("data_files", None)  # found again, with the bundle
        super().run()


setup(cmdclass={"build_py": BuildWithEditor})
