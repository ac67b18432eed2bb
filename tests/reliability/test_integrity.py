"""A damaged artefact is refused with one clear line and never served, at start and on
reload; an intact one is served, and the same input gives the same files.

Each attack damages a private copy of the built artefact the way a bad disk or a bad
copy does (cut at a line end, cut inside a line, one byte changed, a file gone) and
starts a real ``emmd-kg serve`` on it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import ROOT, RunningServer, free_port
from emmd_kg.artefact import CURRENT, MANIFEST, NQUADS, VERSIONS, Manifest, verify
from emmd_kg.config import load_settings
from emmd_kg.errors import ArtefactError
from emmd_kg.pipeline import build

START_SECONDS = 60


def _copy(artefact, build_dir: Path) -> Path:
    """``build_dir`` serving a copy of the built artefact; the copy's folder."""
    folder = build_dir / VERSIONS / artefact.version
    shutil.copytree(artefact.path, folder)
    (build_dir / CURRENT).symlink_to(Path(VERSIONS) / artefact.version)
    return folder


def _truncate_at_a_line_end(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"\n", 0, len(data) // 2) + 1])


def _truncate_mid_line(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"\n", 0, len(data) // 2) + 10])


def _edit_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = data.index(b'"', len(data) // 2) + 1  # inside a literal: still N-Quads
    data[middle] = ord("X") if data[middle] != ord("X") else ord("Y")
    path.write_bytes(bytes(data))


DAMAGES = {
    "truncated": (NQUADS, _truncate_at_a_line_end, "truncated"),
    "truncated mid-line": (NQUADS, _truncate_mid_line, "truncated"),
    "edited": (NQUADS, _edit_one_byte, "sha256"),
    "a dump edited": ("dumps/dataset.nt", _edit_one_byte, "sha256"),
    "the context missing": ("context.jsonld", Path.unlink, "missing"),
    "a saved query missing": (None, Path.unlink, "missing"),
}


def _serve(build_dir: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "emmd_kg.cli", "serve", "--project", str(ROOT)]
    command += ["--build-dir", str(build_dir), "--port", str(free_port()), "--no-build"]
    return subprocess.run(command, capture_output=True, text=True, timeout=START_SECONDS)


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_artefact_is_refused_at_start_with_one_line_naming_the_file(
    artefact, tmp_path, damage
):
    folder = _copy(artefact, tmp_path / "build")
    name, spoil, problem = DAMAGES[damage]
    name = name or next(iter(artefact.manifest.queries.files.values())).file
    spoil(folder / name)
    finished = _serve(tmp_path / "build")
    lines = finished.stderr.strip().splitlines()
    assert finished.returncode == 1
    assert len(lines) == 1, finished.stderr
    assert name in lines[0] and problem in lines[0] and "damaged artefact" in lines[0]


def test_an_intact_artefact_passes_and_every_file_it_serves_is_listed(artefact):
    verify(artefact.path)
    listed = set(artefact.manifest.files)
    on_disk = {
        p.relative_to(artefact.path).as_posix() for p in artefact.path.rglob("*") if p.is_file()
    }
    assert listed == on_disk - {MANIFEST}
    assert {NQUADS, "context.jsonld", "shapes.ttl", *artefact.manifest.dumps} <= listed


def test_counts_that_do_not_match_the_quads_are_refused(artefact, tmp_path):
    folder = _copy(artefact, tmp_path / "build")
    manifest = Manifest.from_file(folder / MANIFEST)
    graph = next(iter(manifest.graphs))
    wrong = {**manifest.graphs, graph: manifest.graphs[graph] + 1}
    text = manifest.to_json().replace(
        f'"{graph}": {manifest.graphs[graph]}', f'"{graph}": {wrong[graph]}', 1
    )
    (folder / MANIFEST).write_text(text, encoding="utf-8")
    with pytest.raises(ArtefactError, match=f"quads in <{graph}>"):
        verify(folder)


def test_a_reload_onto_a_damaged_artefact_keeps_the_old_version_served(artefact, tmp_path):
    build_dir = tmp_path / "build"
    _copy(artefact, build_dir)
    damaged = build_dir / VERSIONS / "0000damaged00000"
    shutil.copytree(artefact.path, damaged)
    _truncate_mid_line(damaged / NQUADS)
    running = RunningServer(build_dir, workers=1)
    try:
        link = build_dir / f".{CURRENT}-test"
        link.symlink_to(Path(VERSIONS) / damaged.name)
        os.replace(link, build_dir / CURRENT)
        os.kill(running.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + 10
        answers = []
        while time.monotonic() < deadline and len(answers) < 50:
            answers.append(httpx.get(running.url + "/health", timeout=10))
            time.sleep(0.1)
        assert all(a.status_code == 200 for a in answers)
        assert {a.json()["version"] for a in answers} == {artefact.version}
    finally:
        running.stop()


def test_the_same_input_gives_byte_identical_files(artefact, tmp_path):
    again = build(load_settings(ROOT, build_dir=tmp_path / "again"))
    assert again.manifest.files == artefact.manifest.files
    assert again.version == artefact.version
