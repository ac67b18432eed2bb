"""Serving with granian: start-up failures are one clear line."""

from __future__ import annotations

import socket
import subprocess
import sys

from conftest import ROOT


def test_serving_on_a_taken_port_fails_with_one_clear_line(artefact, settings):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "emmd_kg.cli", "serve", "--project", str(ROOT)]
            + ["--build-dir", str(settings.artefact_dir), "--no-build", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: cannot serve on 127.0.0.1:{port}: Address already in use (os error 98)"
    ]
    assert "Traceback" not in done.stderr
