"""Running the application under gunicorn, the production WSGI server.

The application (and with it the loaded store) is created once in the master process
and shared copy-on-write with the forked workers (``preload_app``); each worker then
forks its own query executor on first use.  Gunicorn's own limits guard the edge:
request-line and header sizes (414 and 431/400 beyond them).

Reload: SIGHUP to the master (``emmd-kg reload`` sends it) opens the artefact that
``build/current`` points at now, in the master, then gunicorn starts fresh workers from
it and retires the old ones gracefully: a request is answered wholly by the old or the
new version, never a mix, and none is dropped.  If the new artefact cannot be opened the
old one stays served.
"""

from __future__ import annotations

import logging

from flask import Flask
from gunicorn.app.base import BaseApplication

from ..config import Settings
from ..errors import EmmdError
from . import warm
from .state import ServerState, publish

log = logging.getLogger(__name__)

REQUEST_LINE_LIMIT = 8190  # gunicorn's ceiling; longer queries must be POSTed


class _Gunicorn(BaseApplication):
    def __init__(self, app: Flask, options: dict) -> None:
        self._app, self._options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self._app

    def reload(self) -> None:
        super().reload()
        state: ServerState = self._app.extensions["emmd_kg"]
        try:
            fresh = publish(state.settings)
        except (EmmdError, OSError) as exc:
            log.error("reload failed, still serving %s: %s", state.published.version, exc)
            return
        if fresh.version != state.published.version:
            state.published = fresh
            state.cache.clear()
            warm(self._app)
            log.warning("reloaded: now serving dataset version %s", fresh.version)


def gunicorn_options(settings: Settings) -> dict:
    """The gunicorn configuration for ``settings``."""
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "worker_class": "gthread",
        "threads": settings.threads,
        "preload_app": True,
        "timeout": int(settings.query_timeout) + 30,
        "graceful_timeout": 5,
        "keepalive": 5,
        "backlog": 2048,
        "limit_request_line": REQUEST_LINE_LIMIT,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "pidfile": str(pidfile(settings)),
    }


def pidfile(settings: Settings):
    """Where the serving master writes its process id (read by ``emmd-kg reload``)."""
    return settings.artefact_dir / f"server-{settings.port}.pid"


def run(app: Flask, settings: Settings) -> None:
    """Serve ``app`` with gunicorn until stopped."""
    _Gunicorn(app, gunicorn_options(settings)).run()
