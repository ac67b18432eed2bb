"""One way out for every response: the front layer, the finish, the response cache.

Each behaviour is checked on the three kinds of answer the server gives: one a Flask
view made (``/context.jsonld``), one the front layer's direct view made (a SPARQL query)
and one replayed from the response cache; refusals are made before either.
"""

from __future__ import annotations

import pytest
from flask import request_started
from werkzeug.test import Client

from emmd_kg.sparql import gate
from emmd_kg.web import create_app
from emmd_kg.web.http.front import HEADER_FIELD_LIMIT, REQUEST_LINE_LIMIT, Front

HOST = {"Host": "127.0.0.1:5000"}
FLASK_VIEW = "/context.jsonld"
DIRECT_VIEW = "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"
ROUTES = [FLASK_VIEW, DIRECT_VIEW]


@pytest.fixture(scope="module")
def app(artefact, settings):
    app = create_app(settings)
    yield app
    app.extensions["emmd_kg"].executor().close()


@pytest.fixture
def http(app) -> Client:
    """A client of the whole application, with an empty response cache."""
    app.extensions["emmd_kg"].responses.clear()
    return Client(app)


@pytest.fixture
def reached(app, monkeypatch) -> list[str]:
    """The requests that got past the front layer's cache: to Flask or to a direct view."""
    seen: list[str] = []

    def record(sender, **extra):
        seen.append("flask")

    front: Front = app.wsgi_app
    direct = dict(front.direct)
    monkeypatch.setattr(
        front,
        "direct",
        {
            path: (lambda req, view=view: seen.append("direct") or view(req))
            for path, view in direct.items()
        },
    )
    request_started.connect(record, app)
    yield seen
    request_started.disconnect(record, app)


def get(http: Client, path: str, **headers: str):
    """A GET with a trusted Host, its body read and its file (a dump) closed."""
    response = http.get(path, headers={**HOST, **headers})
    response.get_data()
    response.close()
    return response


# Refusals before anything else


def test_a_request_line_over_the_limit_is_a_414_problem(http):
    response = get(http, "/sparql?query=" + "a" * REQUEST_LINE_LIMIT)
    assert response.status_code == 414
    assert response.mimetype == "application/problem+json"
    assert "POST" in response.json["detail"]


def test_an_oversized_header_field_is_a_431_problem(http):
    response = get(http, "/health", **{"X-Big": "a" * (HEADER_FIELD_LIMIT + 1)})
    assert response.status_code == 431
    assert response.mimetype == "application/problem+json"


def test_too_many_header_fields_are_a_431_problem(http):
    headers = {f"X-Field-{n}": "x" for n in range(101)}
    assert get(http, "/health", **headers).status_code == 431


@pytest.mark.parametrize("path", ROUTES)
def test_a_foreign_host_is_a_400_problem_that_reaches_no_view(http, reached, path):
    response = http.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert reached == []


def test_a_foreign_host_is_refused_every_time_and_a_trusted_one_answered_every_time(http):
    statuses = [
        http.get("/health", headers={"Host": host}).status_code
        for host in ["evil.example", "localhost", "evil.example", "localhost:5000"]
    ]
    assert statuses == [400, 200, 400, 200]


# The finish: the same headers on every kind of answer


def answers(http: Client, path: str) -> list:
    """The answer a view made, the same made again (and now kept), then a replay."""
    return [get(http, path), get(http, path), get(http, path)]


@pytest.mark.parametrize("path", [*ROUTES, "/health", "/no-such-page", "/?" + "a" * 9000])
def test_every_answer_leaves_with_the_security_headers_and_cors(http, path):
    for response in answers(http, path):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers.getlist("Access-Control-Allow-Origin") == ["*"]
        assert "Access-Control-Allow-Credentials" not in response.headers


def test_only_html_gets_a_content_security_policy(http):
    assert "Content-Security-Policy" not in get(http, FLASK_VIEW).headers
    assert "default-src 'none'" in get(http, "/").headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/sparql", FLASK_VIEW])
def test_a_preflight_learns_the_methods_and_headers_and_a_get_does_not(http, path):
    preflight = http.options(path, headers=HOST)
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Methods" not in get(http, path).headers


# Conditional requests: one rule


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("held", ["{}", "W/{}", '"other", {}', "*"])
def test_a_client_holding_the_answer_gets_304_from_the_view_and_from_the_cache(http, path, held):
    tag = get(http, path).headers["ETag"]
    http.application.extensions["emmd_kg"].responses.clear()
    for response in [get(http, path, **{"If-None-Match": held.format(tag)}) for _ in range(3)]:
        assert response.status_code == 304
        assert response.get_data() == b""
        assert response.headers["ETag"] == tag
        assert "Content-Type" not in response.headers
        if path == DIRECT_VIEW:
            assert response.headers["Vary"] == "Accept"


@pytest.mark.parametrize("path", ROUTES)
def test_another_tag_gets_the_whole_answer(http, path):
    response = get(http, path, **{"If-None-Match": '"other"'})
    assert response.status_code == 200 and response.get_data()


@pytest.mark.parametrize("path", ROUTES)
def test_head_is_conditional_too_and_has_no_body(http, path):
    tag = get(http, path).headers["ETag"]
    assert http.head(path, headers={**HOST, "If-None-Match": tag}).status_code == 304
    head = http.head(path, headers=HOST)
    assert head.status_code == 200 and head.get_data() == b""


def test_a_post_is_never_answered_304(http):
    response = http.post(
        "/sparql", data={"query": "ASK {}"}, headers={**HOST, "If-None-Match": "*"}
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


# The response cache


@pytest.mark.parametrize("path", ROUTES)
def test_a_get_asked_again_is_kept_and_then_replayed_with_the_same_bytes_and_headers(
    http, reached, path
):
    first, _, replayed = answers(http, path)
    assert len(reached) == 2
    assert replayed.get_data() == first.get_data()
    assert sorted(replayed.headers.items()) == sorted(first.headers.items())


def test_an_answer_asked_for_once_is_not_kept(http, reached):
    get(http, FLASK_VIEW)
    assert len(http.application.extensions["emmd_kg"].responses) == 0


def test_answers_are_kept_apart_by_the_request_fields_their_vary_names(http, reached):
    for accept in ("text/csv", "text/tab-separated-values") * 3:
        get(http, DIRECT_VIEW, Accept=accept)
    assert len(reached) == 4  # each kept when asked the second time, replayed the third


def test_another_host_is_another_entry(http, reached):
    for host in ("127.0.0.1:5000", "localhost:5000") * 3:
        http.get(FLASK_VIEW, headers={"Host": host})
    assert len(reached) == 4


@pytest.mark.parametrize(
    "path", ["/health", "/no-such-page", "/dumps/dataset.nt", "/sparql?query=nonsense"]
)
def test_private_failed_and_streamed_answers_are_never_kept(http, reached, path):
    answers(http, path)
    assert len(reached) == 3
    assert len(http.application.extensions["emmd_kg"].responses) == 0


def test_posts_always_reach_the_view(http, reached):
    for _ in range(2):
        http.post("/sparql", data={"query": "ASK {}"}, headers=HOST)
    assert reached == ["direct", "direct"]


def test_a_body_over_the_bound_is_not_kept(app, http, reached, monkeypatch):
    monkeypatch.setattr(app.extensions["emmd_kg"].responses, "max_body", 10)
    answers(http, FLASK_VIEW)
    assert len(reached) == 3


def test_a_new_dataset_version_is_a_new_entry(app, http, reached, monkeypatch):
    get(http, FLASK_VIEW)
    get(http, FLASK_VIEW)  # kept
    monkeypatch.setattr(app.wsgi_app, "version", lambda: "another-version")
    get(http, FLASK_VIEW)
    assert len(reached) == 3


def test_the_least_recently_used_entry_leaves_when_the_cache_is_full(
    app, http, reached, monkeypatch
):
    monkeypatch.setattr(app.extensions["emmd_kg"].responses, "entries", 2)
    for path in ("/context.jsonld", "/shapes", "/robots.txt"):
        get(http, path)
        get(http, path)  # kept: the third leaves no room for the first
    get(http, "/context.jsonld")
    assert len(reached) == 7


# The direct view and the gate


def test_a_query_answered_directly_is_the_answer_flask_gives(app, http):
    flask_only = Client(app.wsgi_app.app)
    for method in ("GET", "HEAD"):
        direct = http.open(DIRECT_VIEW, method=method, headers=HOST)
        by_flask = flask_only.open(DIRECT_VIEW, method=method, headers=HOST)
        assert direct.status_code == by_flask.status_code == 200
        assert direct.get_data() == by_flask.get_data()
        assert sorted(direct.headers.items()) == sorted(by_flask.headers.items())


@pytest.mark.parametrize("accept", ["text/html", "application/sparql-results+json"])
def test_the_gate_runs_once_per_request(http, monkeypatch, accept):
    calls = []
    inspect = gate.inspect
    monkeypatch.setattr(gate, "inspect", lambda *a, **k: calls.append(1) or inspect(*a, **k))
    response = get(http, "/sparql?query=ASK%7B%7D", Accept=accept)
    assert response.status_code == 200
    assert calls == [1]


def test_a_post_for_the_editor_reaches_flask_with_its_query(http, reached):
    response = http.post(
        "/sparql",
        data={"query": "SELECT ?x { VALUES ?x { 'passed-on' } }"},
        headers={**HOST, "Accept": "text/html"},
    )
    assert response.status_code == 200
    assert response.text.count("passed-on") >= 2  # the query box and the result table
    assert reached == ["direct", "flask"]


def test_an_oversized_post_is_a_413_problem(http):
    response = http.post("/sparql", data={"query": "ASK {} #" + "x" * 70_000}, headers=HOST)
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"


# Retiring after a reload


def test_a_retiring_worker_closes_every_connection_after_answering(app, http, monkeypatch):
    assert "Connection" not in get(http, FLASK_VIEW).headers
    monkeypatch.setattr(app.wsgi_app, "closing", lambda: True)
    for path in (FLASK_VIEW, FLASK_VIEW, DIRECT_VIEW, "/health"):
        assert get(http, path).headers["Connection"] == "close"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_health_answers_only_get_and_head_others_get_405_with_allow(http, method):
    response = http.open("/health", method=method)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
