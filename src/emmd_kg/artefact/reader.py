"""Reading the artefact: the version ``current`` points at, with its manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BuildError
from .layout import CONTEXT, CURRENT, MANIFEST, NQUADS
from .manifest import Manifest


@dataclass(frozen=True)
class Artefact:
    """A written artefact version."""

    path: Path
    manifest: Manifest

    @property
    def version(self) -> str:
        """The dataset version (content hash)."""
        return self.manifest.version

    @property
    def nquads(self) -> Path:
        """The N-Quads file holding every graph."""
        return self.path / NQUADS

    def context(self) -> dict[str, Any]:
        """The JSON-LD context document."""
        document: dict[str, Any] = json.loads((self.path / CONTEXT).read_text(encoding="utf-8"))
        return document


def open_artefact(build_dir: Path) -> Artefact:
    """The artefact ``current`` points at; BuildError if there is none or it is malformed."""
    path = build_dir / CURRENT
    if not (path / MANIFEST).exists():
        raise BuildError(f"no artefact in {build_dir}: run 'emmd-kg build' first")
    resolved = path.resolve()
    return Artefact(resolved, Manifest.from_file(resolved / MANIFEST))
