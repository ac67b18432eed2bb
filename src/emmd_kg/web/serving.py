"""Running the application under granian, the production server.

Granian parses HTTP in Rust and calls the WSGI application from its own threads; on the
benchmark machine it answers about five times the requests of gunicorn's threaded
workers for the same application (``bench/RESULTS.md``).

The application (and with it the loaded store) is created once in the master process;
the worker processes are forked from it and share it copy-on-write, the way gunicorn's
``preload_app`` does.  Each worker then forks its own query executors on first use.

Reload: SIGHUP to the master (``emmd-kg reload`` sends it) opens the artefact that
``current`` points at now, in the master; then granian forks fresh workers from it
and retires the old ones gracefully, one by one: a request is answered wholly by the old
or the new version, never a mix, and none is dropped.  From the moment the new version
is open (or, if it cannot be opened, from the moment the old one is kept), the workers
about to be replaced answer with ``Connection: close``, so clients move their kept-alive
connections to the new workers before the old ones stop.  If the new artefact cannot be
opened the old one stays served.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
from pathlib import Path

from flask import Flask
from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings
from granian.log import LogLevels
from granian.server import MPServer, MTServer, Server

from ..config import Settings
from ..errors import EmmdError
from . import warm
from .http.front import Front
from .state import ServerState, open_served

log = logging.getLogger(__name__)

RESPAWN_INTERVAL = 0.5  # seconds a fresh worker gets before its predecessor is retired


def reload_artefact(app: Flask) -> bool:
    """Serve the artefact ``current`` points at now, if it opens; else keep the old.

    True when the version served changed.
    """
    state: ServerState = app.extensions["emmd_kg"]
    try:
        fresh = open_served(state.settings)
    except Exception as exc:  # any failure to open keeps the old version and the master alive
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        log.error("reload failed, still serving %s: %s", state.served.version, reason)
        return False
    if fresh.version == state.served.version:
        return False
    state.served = fresh
    state.answers.clear()
    state.responses.clear()
    warm(app)
    log.warning("reloaded: now serving dataset version %s", fresh.version)
    return True


class Generation:
    """Which reload this process belongs to, so old workers can tell they are retiring.

    ``current`` is shared memory, written by the master at each reload and read by the
    workers forked from it; a worker whose birth generation is behind it is about to be
    retired and closes its connections after answering (the front layer asks
    :meth:`retiring` on every request).
    """

    def __init__(self) -> None:
        self.current: ctypes.c_ulong = multiprocessing.Value("L", 0, lock=False)
        self.born = 0

    def advance(self) -> None:
        """In the master: the workers forked so far are now old."""
        self.current.value += 1
        self.born = self.current.value

    def retiring(self) -> bool:
        """In a worker: whether the master has moved on since this process was forked."""
        return self.current.value != self.born


def pidfile(settings: Settings) -> Path:
    """Where the serving master writes its process id (read by ``emmd-kg reload``)."""
    return settings.artefact_dir / f"server-{settings.port}.pid"


def server(app: Flask, settings: Settings) -> MPServer | MTServer:
    """A granian server for ``app``, configured from ``settings``."""
    instance = Server(
        "emmd_kg",
        address=settings.host,
        port=settings.port,
        interface=Interfaces.WSGI,
        http=HTTPModes.http1,
        workers=settings.workers,
        blocking_threads=settings.threads,
        backlog=2048,
        http1_settings=HTTP1Settings(header_read_timeout=10_000, max_buffer_size=64 * 1024),
        respawn_failed_workers=True,
        respawn_interval=RESPAWN_INTERVAL,
        workers_kill_timeout=int(settings.query_timeout) + 5,
        log_level=LogLevels.warning,
        log_access=False,
        pid_file=pidfile(settings),
    )
    generation = Generation()
    front = app.wsgi_app
    if not isinstance(front, Front):
        raise TypeError("the application has no front layer (create it with create_app)")
    front.closing = generation.retiring

    def reload() -> None:
        if reload_artefact(app):
            _freeze()
        generation.advance()  # granian replaces every worker now, new version or not

    instance.on_reload(reload)
    return instance


def _freeze() -> None:
    """Keep the cyclic collector off what the workers inherit (it lives as long as they
    do), so collecting costs no time per request and copies no shared pages.  What an
    earlier freeze kept and is garbage now is collected first."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def run(app: Flask, settings: Settings) -> None:
    """Serve ``app`` until stopped (SIGINT or SIGTERM); SIGHUP reloads."""
    # Workers must be forked, not spawned: they inherit the loaded application.
    multiprocessing.set_start_method("fork", force=True)
    instance = server(app, settings)
    _freeze()
    try:
        instance.serve(target_loader=lambda _target: app)
    except RuntimeError as exc:  # granian could not start: most often the address is taken
        pidfile(settings).unlink(missing_ok=True)
        reason = str(exc).splitlines()[0]
        raise EmmdError(f"cannot serve on {settings.host}:{settings.port}: {reason}") from None
