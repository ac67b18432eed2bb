"""The query lane answers SPARQL queries in front of Flask, exactly as Flask would."""

from __future__ import annotations

import pytest
from flask import request_started
from werkzeug.test import Client

from emmd_kg.web import create_app
from emmd_kg.web.query_lane import QueryLane

HOST = {"Host": "127.0.0.1:5000"}
QUERIES = [
    ("SELECT ?s WHERE { ?s a ?c } ORDER BY ?s LIMIT 3", "application/sparql-results+json"),
    ("SELECT ?s WHERE { ?s a ?c } ORDER BY ?s LIMIT 3", "text/csv"),
    ("ASK { ?s ?p ?o }", "application/sparql-results+xml"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 4", "text/turtle"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 4", "application/ld+json"),
]


@pytest.fixture(scope="module")
def app(artefact, settings):
    app = create_app(settings)
    yield app
    app.extensions["emmd_kg"].executor().close()


@pytest.fixture
def flask_requests(app):
    """The requests that reached Flask while the test ran."""
    seen: list[str] = []

    def record(sender, **extra):
        seen.append(extra.get("request", None) and extra["request"].full_path)

    request_started.connect(record, app)
    yield seen
    request_started.disconnect(record, app)


def lane(app) -> QueryLane:
    layer = app.wsgi_app
    while not isinstance(layer, QueryLane):
        layer = layer.app
    return layer


def without_the_lane(app) -> Client:
    """A client for Flask alone, with the layers in front of the lane."""
    return Client(lane(app).app)


def comparable(response) -> tuple:
    return response.status_code, sorted(response.headers.items()), response.get_data()


@pytest.mark.parametrize(("query", "accept"), QUERIES)
def test_a_get_query_is_answered_without_entering_flask(app, flask_requests, query, accept):
    response = app.test_client().get(
        "/sparql", query_string={"query": query}, headers={**HOST, "Accept": accept}
    )
    assert response.status_code == 200
    assert response.mimetype == accept
    assert flask_requests == []


@pytest.mark.parametrize(("query", "accept"), QUERIES)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_the_lane_answers_with_the_same_bytes_and_headers_as_flask(app, query, accept, method):
    args = {"query_string": {"query": query}, "headers": {**HOST, "Accept": accept}}
    by_lane = Client(lane(app)).open("/sparql", method=method, **args)
    by_flask = without_the_lane(app).open("/sparql", method=method, **args)
    assert comparable(by_lane) == comparable(by_flask)


def test_a_known_etag_gets_the_same_304_from_the_lane_and_from_flask(app):
    args = {"query_string": {"query": "ASK {}"}, "headers": HOST}
    tag = Client(lane(app)).get("/sparql", **args).headers["ETag"]
    conditional = {**args, "headers": {**HOST, "If-None-Match": f"W/{tag}"}}
    by_lane = Client(lane(app)).get("/sparql", **conditional)
    by_flask = without_the_lane(app).get("/sparql", **conditional)
    assert by_lane.status_code == 304 and by_lane.get_data() == b""
    assert "Content-Type" not in by_lane.headers
    assert comparable(by_lane) == comparable(by_flask)


@pytest.mark.parametrize(
    "query", ["SELECT ?x WHERE { ?x ?y }", "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"]
)
def test_a_refused_query_is_the_same_problem_from_the_lane_and_from_flask(app, query):
    args = {"query_string": {"query": query}, "headers": HOST}
    by_lane = Client(lane(app)).get("/sparql", **args)
    assert 400 <= by_lane.status_code < 500
    assert by_lane.mimetype == "application/problem+json"
    assert comparable(by_lane) == comparable(without_the_lane(app).get("/sparql", **args))


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/sparql", {"Accept": "text/html"}),
        ("/sparql?query=ASK%7B%7D", {"Accept": "text/html"}),
        ("/sparql", {"Accept": "text/turtle"}),
        ("/health", {}),
    ],
)
def test_pages_and_other_paths_go_on_to_flask(app, flask_requests, path, headers):
    response = app.test_client().get(path, headers={**HOST, **headers})
    assert response.status_code == 200
    assert len(flask_requests) == 1


POSTS = [
    {"data": {"query": "ASK { ?s ?p ?o }"}},
    {"data": "ASK { ?s ?p ?o }", "content_type": "application/sparql-query"},
    {
        "data": {"query": "CONSTRUCT WHERE { ?s a ?c } LIMIT 2"},
        "headers": {"Accept": "text/turtle"},
    },
]


@pytest.mark.parametrize("post", POSTS)
def test_a_post_query_is_answered_without_entering_flask(app, flask_requests, post):
    response = app.test_client().post("/sparql", **with_host(post))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert flask_requests == []


@pytest.mark.parametrize(
    "post",
    [
        *POSTS,
        {"data": {"query": "ASK {}"}, "headers": {"Accept": "text/html"}},
        {"data": {"format": "json"}},
        {"data": {"query": "ASK {}", "update": "CLEAR ALL"}},
        {"data": "ASK {}", "content_type": "text/plain"},
        {"data": {"query": "ASK {} #" + "x" * 70_000}},
    ],
)
def test_the_lane_answers_a_post_as_flask_does(app, post):
    by_lane = Client(lane(app)).post("/sparql", **with_host(post))
    by_flask = without_the_lane(app).post("/sparql", **with_host(post))
    assert comparable(by_lane) == comparable(by_flask)


def test_a_post_the_lane_passes_on_reaches_flask_with_its_body(app, flask_requests):
    post = {"data": {"query": "SELECT ?x { VALUES ?x { 'passed-on' } }"}}
    response = app.test_client().post("/sparql", **with_host(post, Accept="text/html"))
    assert response.status_code == 200
    assert response.text.count("passed-on") >= 2  # the query box and the result table
    assert len(flask_requests) == 1


def test_an_oversized_post_is_a_413_problem(app):
    post = {"data": {"query": "ASK {} #" + "x" * 70_000}}
    response = Client(lane(app)).post("/sparql", **with_host(post))
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"


def with_host(post: dict, **headers: str) -> dict:
    return {**post, "headers": {**HOST, **post.get("headers", {}), **headers}}
