"""SPARQL queries to ``/sparql``, answered in front of Flask: the endpoint's hot path.

A query operation needs nothing Flask adds (routing, templates, sessions, response
objects), and on the cheapest queries Flask's share of a request is about as large as
the query's.  This layer answers GET, HEAD and POST queries with the blueprint's own
:func:`~.query_answer.respond` (a POST body under the same size limits as Flask's), so
both paths give the same bytes and headers.  What it does not answer goes on to Flask
unchanged, a POST body included: other paths and methods, ``/sparql`` without a query
(service description, editor, the refusal of a bodiless POST) and a browser asking for
HTML (the editor with the results).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from werkzeug.wrappers import Request

from .errors import problem_for
from .query_answer import respond
from .state import ServerState

PATH = "/sparql"


class QueryLane:
    """WSGI middleware answering SPARQL query operations without entering ``app``."""

    def __init__(self, app: Callable, server_state: ServerState) -> None:
        self.app = app
        self.state = server_state

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if environ.get("PATH_INFO") != PATH or method not in ("GET", "HEAD", "POST"):
            return self.app(environ, start_response)
        request = Request(environ)
        request.max_content_length = self.state.settings.max_body_bytes
        request.max_form_memory_size = self.state.settings.max_body_bytes
        body = b""
        try:
            if method == "POST":
                body = request.get_data(cache=True)  # read once, kept for Flask
            result = respond(self.state, request)
        except Exception as exc:
            return problem_for(exc, method, PATH)(environ, start_response)
        if result is None:
            if method == "POST":
                environ["wsgi.input"] = io.BytesIO(body)
            return self.app(environ, start_response)
        return result(environ, start_response)
