"""Memory while dumps are downloaded: streamed from their file, never held or cached.

Our server (two workers) serves an artefact; each dump is downloaded ``rounds`` times in
a row by ``clients`` concurrent streaming clients, while the server's PSS (all its
processes) is sampled every 20 ms.  A body held in memory or kept by a cache would show
as a peak near the dump's size and as growth that stays afterwards.
"""

from __future__ import annotations

import sys
import threading
import time

import httpx

from . import report, servers
from .build import OUT, ensure_built

SAMPLE_SECONDS = 0.02


def _download(url: str, rounds: int) -> int:
    received = 0
    with httpx.Client(timeout=120) as client:
        for _ in range(rounds):
            with client.stream("GET", url) as response:
                response.raise_for_status()
                for chunk in response.iter_bytes(1 << 16):
                    received += len(chunk)
    return received


def _peak_while(pid: int, work: list[threading.Thread]) -> float:
    peak = 0.0
    for thread in work:
        thread.start()
    while any(t.is_alive() for t in work):
        peak = max(peak, servers.memory_mb(pid)[1])
        time.sleep(SAMPLE_SECONDS)
    for thread in work:
        thread.join()
    return peak


def run(size: str, rounds: int, clients: int) -> str:
    """The report: per dump, its size, PSS before, the peak while downloading, after."""
    settings, artefact = ensure_built(size)
    server, _ = servers.start_ours(
        settings.project_dir, settings.artefact_dir, 2, OUT / "logs" / "downloads"
    )
    rows = []
    try:
        for name, info in sorted(artefact.manifest.dumps.items(), key=lambda d: d[1].size):
            print(f"[{size}] downloading {name} …", file=sys.stderr, flush=True)
            url = f"{server.origin}/{name}"
            before = servers.memory_mb(server.process.pid)[1]
            work = [threading.Thread(target=_download, args=(url, rounds)) for _ in range(clients)]
            peak = _peak_while(server.process.pid, work)
            after = servers.memory_mb(server.process.pid)[1]
            rows.append(
                [
                    name,
                    f"{info.size / 2**20:,.1f}",
                    f"{before:,.0f}",
                    f"{peak:,.0f}",
                    f"{peak - before:+,.1f}",
                    f"{after - before:+,.1f}",
                ]
            )
    finally:
        server.stop()
    intro = (
        f"Size {size}: {clients} clients each download every dump {rounds} times, streaming; "
        "PSS of all our server's processes in MiB.\n"
    )
    header = ["dump", "MiB", "PSS before", "PSS peak", "peak − before", "after − before"]
    return report.heading(f"Dump downloads, size {size}", 3) + intro + report.table(header, rows)
