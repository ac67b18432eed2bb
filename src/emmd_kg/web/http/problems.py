"""Every failure as an RFC 9457 problem document, in one shape.

Library errors carry their status and title; werkzeug's HTTP errors keep theirs;
anything else is a 500 whose body says nothing about the inside (no traceback, no path),
while the log gets the traceback.  :func:`register` installs the same rendering as
Flask's error handlers; the front layer calls :func:`problem_for` directly.
"""

from __future__ import annotations

import json
import logging

from flask import Flask, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.wrappers import Response

from ...errors import EmmdError

PROBLEM = "application/problem+json"
log = logging.getLogger(__name__)


def problem(status: int, title: str, detail: str, **extra: object) -> Response:
    """A problem+json response (the same bytes inside a request context or outside).

    >>> problem(404, "Not found", "no resource has this name").status
    '404 NOT FOUND'
    """
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body.update({k: v for k, v in extra.items() if isinstance(v, str | int | float | bool | list)})
    response = Response(
        json.dumps(body, ensure_ascii=False) + "\n", status=status, mimetype=PROBLEM
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _library_error(exc: EmmdError) -> Response:
    status = exc.status if 400 <= exc.status < 600 else 500
    response = problem(status, exc.title, exc.message, **exc.extra)
    if status == 503:
        retry = exc.extra.get("retry_after", 5)
        seconds = int(retry) if isinstance(retry, int | float | str) else 5
        response.headers["Retry-After"] = str(seconds)
    return response


def _http_error(exc: HTTPException) -> Response:
    response = problem(exc.code or 500, exc.name, exc.description or exc.name)
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def problem_for(exc: Exception, method: str, path: str) -> Response:
    """The problem response for ``exc`` raised while answering ``method path``; call it
    in the ``except`` block, so that an unexpected error is logged with its traceback."""
    if isinstance(exc, EmmdError):
        return _library_error(exc)
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    log.exception("unexpected error on %s %s", method, path)
    return problem(500, "Internal error", "The server could not answer this request.")


def _unexpected(exc: Exception) -> Response:
    return problem_for(exc, request.method, request.path)


def register(app: Flask) -> None:
    """Install the handlers on ``app``."""
    app.register_error_handler(EmmdError, _library_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
