"""A build that is killed leaves no lasting trace: the next build clears the staging
folder it left, and never the one of a build still running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT
from emmd_kg.artefact import VERSIONS, staging_dir

ATTEMPTS = 5
BUILD_SECONDS = 120


def _build(build_dir: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "emmd_kg.cli", "build", "--project", str(ROOT)]
    command += ["--out", str(build_dir)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _staging(build_dir: Path) -> list[Path]:
    return list((build_dir / VERSIONS).glob(".staging-*"))


def _kill_while_writing(build_dir: Path) -> bool:
    """Start a build and SIGKILL it once its staging folder exists; whether it was caught
    writing (a build may finish before it is seen)."""
    process = _build(build_dir)
    deadline = time.monotonic() + BUILD_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        if (build_dir / VERSIONS).is_dir() and _staging(build_dir):
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            return True
        time.sleep(0.002)
    process.kill()
    process.wait(timeout=10)
    return False


def test_the_staging_folder_of_a_killed_build_is_cleared_by_the_next_build(tmp_path):
    build_dir = tmp_path / "build"
    caught = any(_kill_while_writing(build_dir) for _ in range(ATTEMPTS))
    assert caught, "no build was caught while writing"
    assert _staging(build_dir), "the killed build left nothing to clear"
    finished = _build(build_dir)
    assert finished.wait(timeout=BUILD_SECONDS) == 0
    assert _staging(build_dir) == []
    assert (build_dir / "current" / "manifest.json").exists()


def test_the_staging_folder_of_a_running_build_is_kept(tmp_path):
    versions = tmp_path / VERSIONS
    running = versions / f".staging-{os.getppid()}-abc"  # a live process: this one's parent
    gone = versions / ".staging-999999999-abc"
    for folder in (running, gone):
        folder.mkdir(parents=True)
    fresh = staging_dir(tmp_path)
    assert running.is_dir() and not gone.exists() and fresh.is_dir()
