"""Run wrk with a generated Lua script and read its result.

The script cycles through a list of request paths (all pre-encoded) and, in *unique*
mode, appends a comment to the query that differs for every request (``\\n# r<thread>-
<n>``, URL-encoded; the query parameter must come last), so no answer cache can serve
it while the engine does the same work.  Its ``done`` hook prints one line of JSON
(``BENCH {...}``) with the counts and latency percentiles, which :func:`run` parses:
no scraping of wrk's human-readable table.

>>> script = lua_script(["/sparql?query=ASK%7B%7D"], {"Accept": "text/csv"}, unique=True)
>>> '"/sparql?query=ASK%7B%7D"' in script and "unique = true" in script
True
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

WRK = shutil.which("wrk") or "/usr/bin/wrk"
UNIQUE_SUFFIX = "%0A%23%20r"  # "\n# r" before the thread number and the counter

_LUA = """
paths = { %(paths)s }
unique = %(unique)s
headers = { %(headers)s }
etags = { %(etags)s }
counter = 0
tid = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function request()
  counter = counter + 1
  local index = (counter - 1) %% #paths + 1
  local path = paths[index]
  if #etags > 0 then
    headers["If-None-Match"] = etags[index]
  end
  if unique then
    path = path .. "%(suffix)s" .. tid .. "-" .. counter
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"status": %%d, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""


@dataclass(frozen=True)
class Result:
    """What one wrk run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    non_2xx: int

    @property
    def rps(self) -> float:
        """Successful requests per second."""
        good = self.requests - self.non_2xx
        return good / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> bool:
        """Whether more than 1 % of the requests failed (status or socket errors)."""
        return self.non_2xx + self.errors > 0.01 * max(self.requests, 1)


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_script(
    paths: list[str], headers: dict[str, str], unique: bool, etags: list[str] | None = None
) -> str:
    """The Lua script requesting ``paths`` in turn (made unique per request if asked);
    with ``etags`` (one per path) each request is conditional: ``If-None-Match``."""
    if not paths:
        raise ValueError("wrk needs at least one path")
    return _LUA % {
        "paths": ", ".join(_lua_string(p) for p in paths),
        "unique": "true" if unique else "false",
        "headers": ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()),
        "suffix": UNIQUE_SUFFIX,
        "etags": ", ".join(_lua_string(e) for e in etags or []),
    }


def parse(output: str) -> Result:
    """The result line of a wrk run's output (see the ``done`` hook)."""
    for line in output.splitlines():
        if line.startswith("BENCH "):
            data = json.loads(line[len("BENCH ") :])
            return Result(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1e3,
                p99_ms=data["p99_us"] / 1e3,
                errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
                non_2xx=data["status"],
            )
    raise RuntimeError(f"wrk printed no result line:\n{output[-2000:]}")


def run(
    origin: str,
    paths: list[str],
    headers: dict[str, str],
    *,
    unique: bool,
    duration: float,
    connections: int,
    threads: int = 2,
    timeout: float = 10.0,
    etags: list[str] | None = None,
) -> Result:
    """Drive ``origin`` (``http://host:port``) for ``duration`` seconds; bounded by a kill."""
    script = lua_script(paths, headers, unique, etags)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = [
        WRK,
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={max(1, round(duration))}s",
        f"--timeout={max(1, math.ceil(timeout))}s",  # wrk reads whole seconds only
        "--latency",
        f"--script={handle.name}",
        origin,
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + timeout + 30, check=False
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return parse(done.stdout)
