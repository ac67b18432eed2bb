"""Serving with granian: start-up failures are one clear line."""

from __future__ import annotations

import multiprocessing
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


def _retiring_after_the_master_moves_on(generation, moved, answer) -> None:
    moved.wait(10)
    answer.put(generation.retiring())


def test_a_worker_forked_before_a_reload_is_retiring_and_one_forked_after_is_not():
    from emmd_kg.web.serving import Generation

    fork = multiprocessing.get_context("fork")
    generation, moved = Generation(), fork.Event()
    seen = {"old": fork.Queue(), "new": fork.Queue()}
    workers = {}
    for name in ("old", "new"):
        if name == "new":
            generation.advance()  # the master opens a new version, then forks again
        workers[name] = fork.Process(
            target=_retiring_after_the_master_moves_on, args=(generation, moved, seen[name])
        )
        workers[name].start()
    moved.set()
    retiring = {name: queue.get(timeout=10) for name, queue in seen.items()}
    for worker in workers.values():
        worker.join(10)
    assert retiring == {"old": True, "new": False}
    assert not generation.retiring()
