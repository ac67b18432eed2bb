"""Start, check and stop the three SPARQL servers compared, each on a loopback port.

- ``ours``: ``python -m emmd_kg.cli serve --no-build`` (granian, N workers) over the
  artefact, as ``tests/conftest.py`` starts it;
- ``oxigraph``: ``oxigraph serve`` with its in-memory store (no ``--location``) and
  ``--union-default-graph`` (our default-graph rule), then the artefact's ``dataset.nq``
  POSTed to its Graph Store endpoint ``/store``;
- ``rdflib``: ``rdflib-endpoint serve dataset.nq`` (an rdflib ``Dataset`` with
  ``default_union=True``, FastAPI under one uvicorn process; the endpoint is ``/``).

Every server runs in its own session (process group) so that :meth:`Server.stop` ends
it with everything it forked; every wait is bounded.  Logs go to ``<logs>/<name>.log``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx

BIN = Path(sys.executable).parent
PROBE = "ASK {}"


def free_port() -> int:
    """A loopback TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running server: its name, origin, SPARQL query path and process."""

    name: str
    origin: str
    query_path: str
    process: subprocess.Popen
    log: Path

    def query_url(self, query: str) -> str:
        """The path of a GET request for ``query`` (the query parameter last)."""
        return f"{self.query_path}?query={quote(query, safe='')}"

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.process.poll() is None

    def wait_ready(self, seconds: float) -> None:
        """Wait until the server answers ``ASK {}``; raise if it exits or takes too long."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.alive():
                tail = self.log.read_text(errors="replace")[-1500:]
                raise RuntimeError(f"{self.name} exited before it was ready:\n{tail}")
            status = self.probe(timeout=2.0)
            if status == 200:
                return
            if status is not None and 400 <= status < 500:
                self.stop()
                raise RuntimeError(f"{self.name} answers {status} to a query: wrong path?")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} was not ready within {seconds:g} s")

    def probe(self, timeout: float) -> int | None:
        """The status of the answer to a trivial query, None if none came within ``timeout``."""
        try:
            url = self.origin + self.query_url(PROBE)
            accept = {"Accept": "application/sparql-results+json"}
            return httpx.get(url, headers=accept, timeout=timeout).status_code
        except httpx.HTTPError:
            return None

    def answers_quickly(self, timeout: float) -> bool:
        """Whether a trivial query is answered within ``timeout`` seconds."""
        return self.probe(timeout) == 200

    def wait_idle(self, seconds: float = 60.0) -> bool:
        """After a load run: wait (bounded) until queued work has drained."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.answers_quickly(timeout=0.5):
                return True
            time.sleep(0.5)
        return False

    def stop(self) -> None:
        """Terminate the server's process group; kill it if it lingers."""
        if self.process.poll() is None:
            group = self.process.pid  # its own session: the group id is its pid
            os.killpg(group, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(group, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.process.wait(timeout=5)


def _spawn(name: str, command: list[str], logs: Path, env: dict | None = None) -> tuple:
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    return process, log


def start_ours(
    project: Path,
    build_dir: Path,
    workers: int,
    logs: Path,
    store: str = "memory",
    label: str = "ours",
) -> tuple[Server, float]:
    """Our server over the artefact in ``build_dir`` on ``store``, and the seconds from
    start until it answers a query (loading included)."""
    port = free_port()
    env = {**os.environ, "EMMD_KG_WORKERS": str(workers), "EMMD_KG_STORE": store}
    command = [sys.executable, "-m", "emmd_kg.cli", "serve", "--project", str(project)]
    command += ["--build-dir", str(build_dir), "--port", str(port), "--no-build"]
    started = time.monotonic()
    process, log = _spawn(label, command, logs, env)
    server = Server(label, f"http://127.0.0.1:{port}", "/sparql", process, log)
    server.wait_ready(900)
    return server, time.monotonic() - started


def start_oxigraph(
    nquads: Path, logs: Path, location: Path | None = None, label: str = "oxigraph"
) -> Server:
    """``oxigraph serve`` (in memory, or on disk at ``location``), loaded with ``nquads``
    through its Graph Store endpoint."""
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        command += ["--location", str(location)]
    # No --timeout-s: it starts a timer thread per query that lives for the whole timeout;
    # under load they pile up until thread creation fails (EAGAIN) and the server panics.
    command += ["--union-default-graph"]
    process, log = _spawn(label, command, logs)
    server = Server(label, f"http://127.0.0.1:{port}", "/query", process, log)
    server.wait_ready(60)
    if nquads.exists():
        with nquads.open("rb") as body:
            answer = httpx.post(
                server.origin + "/store",
                content=body,
                headers={"Content-Type": "application/n-quads"},
                timeout=900,
            )
        if answer.status_code not in (200, 201, 204):
            server.stop()
            raise RuntimeError(
                f"{label} refused the data: {answer.status_code} {answer.text[:300]}"
            )
    return server


def start_rdflib(nquads: Path, logs: Path) -> Server:
    """``rdflib-endpoint serve`` over ``nquads`` (parsing it takes a while at size)."""
    port = free_port()
    command = [str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), str(nquads)]
    process, log = _spawn("rdflib", command, logs)
    server = Server("rdflib", f"http://127.0.0.1:{port}", "/", process, log)
    server.wait_ready(900)
    return server


def memory_mb(pid: int) -> tuple[float, float]:
    """RSS and PSS in MiB summed over ``pid`` and all its descendants (``/proc``)."""
    pids, queue = [], [pid]
    while queue and len(pids) < 10_000:
        current = queue.pop()
        pids.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue += [int(c) for c in children.read_text().split()]
            except OSError:
                continue
    rss = pss = 0
    for each in pids:
        try:
            lines = Path(f"/proc/{each}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                kib = int(rest.split()[0])
                rss, pss = (rss + kib, pss) if key == "Rss" else (rss, pss + kib)
    return rss / 1024, pss / 1024
