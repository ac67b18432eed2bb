"""The server around the application: start-up, the edge layer, retiring old workers."""

from __future__ import annotations

import copy
import socket
import subprocess
import sys

from werkzeug.test import Client
from werkzeug.wrappers import Response

from conftest import ROOT
from emmd_kg.web.edge import HEADER_FIELD_LIMIT, REQUEST_LINE_LIMIT, Edge
from emmd_kg.web.server import Retiring


def hello(environ, start_response):
    return Response("hello")(environ, start_response)


def page(environ, start_response):
    response = Response("<p>hello</p>", mimetype="text/html")
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response(environ, start_response)


def edge(app=hello) -> Client:
    return Client(Edge(app, ["localhost", "127.0.0.1"]))


def test_a_request_within_the_limits_reaches_the_application():
    response = edge().get("/sparql?query=ASK%7B%7D")
    assert response.status_code == 200
    assert response.text == "hello"


def test_a_request_line_over_the_limit_is_a_414_problem():
    response = edge().get("/sparql?query=" + "a" * REQUEST_LINE_LIMIT)
    assert response.status_code == 414
    assert response.mimetype == "application/problem+json"
    assert "POST" in response.json["detail"]


def test_an_oversized_header_field_is_a_431_problem():
    response = edge().get("/health", headers={"X-Big": "a" * (HEADER_FIELD_LIMIT + 1)})
    assert response.status_code == 431
    assert response.mimetype == "application/problem+json"


def test_too_many_header_fields_are_a_431_problem():
    headers = {f"X-Field-{n}": "x" for n in range(101)}
    assert edge().get("/health", headers=headers).status_code == 431


def test_a_foreign_host_is_a_400_problem_before_the_application():
    calls = []
    response = edge(lambda e, s: calls.append(e) or hello(e, s)).get(
        "/health", headers={"Host": "evil.example"}
    )
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert calls == []


def test_a_foreign_host_is_refused_every_time_and_a_trusted_one_answered_every_time():
    client = edge()
    statuses = [
        client.get("/health", headers={"Host": host}).status_code
        for host in ["evil.example", "localhost", "evil.example", "localhost"]
    ]
    assert statuses == [400, 200, 400, 200]


def test_a_trusted_host_with_a_port_reaches_the_application():
    assert edge().get("/health", headers={"Host": "127.0.0.1:5000"}).text == "hello"


def test_every_answer_leaves_with_the_security_headers_and_cors():
    for response in (edge().get("/"), edge().get("/" + "a" * REQUEST_LINE_LIMIT)):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_only_html_gets_a_content_security_policy():
    assert "Content-Security-Policy" not in edge().get("/").headers
    assert "default-src 'none'" in edge(page).get("/").headers["Content-Security-Policy"]


def test_cors_never_allows_credentials_whatever_the_application_says():
    response = edge(page).get("/")
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]


def test_a_preflight_learns_the_methods_and_headers():
    response = edge().options("/sparql")
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Methods" not in edge().get("/sparql").headers


def test_workers_keep_connections_open_until_a_reload():
    retiring = Retiring(hello)
    worker = copy.copy(retiring)  # what a fork does: shared generation, own birth
    assert "Connection" not in Client(worker).get("/").headers


def test_workers_forked_before_a_reload_close_their_connections_after_it():
    retiring = Retiring(hello)
    old_worker = copy.copy(retiring)
    retiring.advance()  # the master has opened a new version
    new_worker = copy.copy(retiring)
    assert Client(old_worker).get("/").headers["Connection"] == "close"
    assert "Connection" not in Client(new_worker).get("/").headers


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
