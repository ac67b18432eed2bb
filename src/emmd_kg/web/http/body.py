"""Reading a request body whole, within a deadline, before any view sees it.

Granian hands a request to a request thread as soon as its header is in, and
``wsgi.input.read`` then blocks that thread until the body has arrived, however slowly
it trickles in (granian has no body timeout).  So the body is read by a small pool of
reader threads while the request thread waits at most ``body_timeout``: a body that is
not complete by then is a 408 problem and the connection is closed (which also ends the
reader's wait); a body over ``max_body_bytes``, declared or sent, is a 413.  The body
read is handed on in memory, so no view ever blocks on the client.
"""

from __future__ import annotations

import io
import os
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from werkzeug.wrappers import Response

from .problems import problem

READERS = 64  # body readers per worker process: threads that only wait on clients


class BodyReader:
    """Reads request bodies of at most ``limit`` bytes within ``timeout`` seconds."""

    def __init__(self, limit: int, timeout: float) -> None:
        self.limit, self.timeout = limit, timeout
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0

    def take(self, environ: dict[str, Any]) -> Response | None:
        """Read the body of ``environ`` into memory (replacing ``wsgi.input``); a 408 or
        413 problem instead if it is late or too large; None when all is well."""
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem(400, "Bad Request", "The Content-Length is not a number.")
        if not chunked and declared <= 0:
            return None
        if declared > self.limit:
            return _too_large(self.limit)
        size = self.limit + 1 if chunked else declared
        future = self._readers().submit(environ["wsgi.input"].read, size)
        try:
            body: bytes = future.result(timeout=self.timeout)
        except FutureTimeout:
            return problem(
                408,
                "Request Timeout",
                f"The request body did not arrive within {self.timeout:g} s.",
            )
        if len(body) > self.limit:
            return _too_large(self.limit)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ["wsgi.input_terminated"] = True
        return None

    def _readers(self) -> ThreadPoolExecutor:
        if self._pool is None or self._pid != os.getpid():  # threads do not survive a fork
            self._pool = ThreadPoolExecutor(READERS, thread_name_prefix="body-reader")
            self._pid = os.getpid()
        return self._pool


def _too_large(limit: int) -> Response:
    return problem(413, "Content Too Large", f"The request body is over {limit} bytes.")
