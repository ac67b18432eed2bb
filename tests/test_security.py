"""Every threat of the threat model, sent to the running server; the safe answer checked.

A canary HTTP listener on loopback counts requests: no query may ever make the server
reach it.  A second server runs with small caps (2 s, 100 rows) so the limits are hit
quickly.
"""

from __future__ import annotations

import http.server
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from conftest import RunningServer

PROBLEM = "application/problem+json"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DOUBLING = (
    'SELECT ?s WHERE { BIND("'
    + "x" * 64
    + '" AS ?a0) '
    + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(40))
    + " BIND(STRLEN(?a40) AS ?s) }"
)


class Canary:
    """An HTTP listener on loopback that counts every request it gets."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/turtle")
                self.end_headers()
                self.wfile.write(b"<http://canary/s> <http://canary/p> <http://canary/o> .")

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def canary():
    listener = Canary()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def capped(artefact, settings):
    running = RunningServer(
        settings.artefact_dir, workers=3, query_timeout=2, max_rows=100, max_query_memory_mb=512
    )
    yield running
    running.stop()


def get(server, query: str, **headers: str) -> httpx.Response:
    return httpx.get(server.url + "/sparql", params={"query": query}, headers=headers, timeout=30)


def assert_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


# 1. SSRF


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ sErViCe SILENT <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "SELECT * \\u0046ROM <{url}> WHERE {{ ?s ?p ?o }}",
        "LOAD <{url}>",
    ],
)
def test_no_query_makes_the_server_fetch_anything(server, canary, template):
    response = get(server, template.format(url=canary.url))
    assert_problem(response, 400)
    assert canary.hits == []


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_never_fetch(server, canary, parameter):
    response = httpx.get(
        server.url + "/sparql",
        params={"query": "ASK { ?s ?p ?o }", parameter: canary.url},
    )
    assert_problem(response, 400)
    assert canary.hits == []


def test_from_a_file_is_refused_and_the_file_never_read(server, tmp_path):
    secret = tmp_path / "canary.ttl"
    secret.write_text("<http://secret/s> <http://secret/p> 'CANARY-CONTENT' .", encoding="utf-8")
    response = get(server, f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}")
    assert_problem(response, 400)
    assert "CANARY-CONTENT" not in response.text


# 2. Writes


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": {"update": "INSERT DATA { <a:s> <a:p> <a:o> }"}},
        {
            "method": "POST",
            "content": b"INSERT DATA { <a:s> <a:p> <a:o> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"method": "GET", "params": {"update": "DROP ALL"}},
        {"method": "GET", "params": {"query": "INSERT DATA { <a:s> <a:p> <a:o> }"}},
        {"method": "GET", "params": {"query": "DROP ALL"}},
    ],
)
def test_no_update_is_reachable_and_the_data_is_unchanged(server, request_kwargs):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = get(server, count).json()
    method = request_kwargs.pop("method")
    response = httpx.request(method, server.url + "/sparql", **request_kwargs)
    assert 400 <= response.status_code < 500
    assert get(server, count).json() == before


# 3. CPU


def test_runaway_query_gets_503_with_retry_after_within_the_limit(capped):
    started = time.monotonic()
    response = get(capped, RUNAWAY)
    elapsed = time.monotonic() - started
    assert_problem(response, 503)
    assert int(response.headers["Retry-After"]) > 0
    assert elapsed < 2 + 1.5


def test_other_clients_are_answered_while_a_runaway_query_runs(capped):
    with ThreadPoolExecutor(max_workers=1) as pool:
        runaway = pool.submit(get, capped, RUNAWAY)
        time.sleep(0.3)
        started = time.monotonic()
        health = httpx.get(capped.url + "/health", timeout=5)
        answer = get(capped, "ASK { ?s ?p ?o }")
        assert time.monotonic() - started < 1.5
        assert health.status_code == 200
        assert answer.json()["boolean"] is True
        assert runaway.result().status_code == 503


def test_catastrophic_regex_is_answered_within_the_limit(capped):
    query = 'ASK { FILTER(REGEX("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "^(a+)+$")) }'
    started = time.monotonic()
    response = get(capped, query)
    assert response.status_code in (200, 503)
    assert time.monotonic() - started < 2 + 1.5


# 4. Memory


def test_string_doubling_bomb_is_stopped_and_the_server_answers_after(capped):
    response = get(capped, DOUBLING)
    assert_problem(response, 503)
    assert get(capped, "ASK { ?s ?p ?o }").status_code == 200


def test_row_cap_cuts_the_answer_visibly_in_header_and_body(capped):
    response = get(capped, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 200
    assert response.headers["Result-Truncated"] == "true"
    body = response.json()
    assert len(body["results"]["bindings"]) == 100
    assert body["truncated"] is True


def test_an_answer_under_the_row_cap_is_not_marked(capped):
    response = get(capped, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
    assert "Result-Truncated" not in response.headers


# 5. Parser crashes and 12. oversized requests


def test_deep_nesting_is_refused_before_any_parser(server):
    query = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    response = httpx.post(server.url + "/sparql", data={"query": query})
    body = assert_problem(response, 400)
    assert "nest" in body["detail"]
    assert get(server, "ASK {}").status_code == 200


def test_query_over_the_length_cap_is_413(server):
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 17_000
    response = httpx.post(
        server.url + "/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert_problem(response, 413)


def test_body_over_the_cap_is_413(server):
    response = httpx.post(
        server.url + "/sparql",
        content=b"#" * 70_000,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 413


def test_request_line_over_the_limit_is_414(server):
    response = httpx.get(server.url + "/sparql", params={"query": "ASK {}" + " " * 9000})
    assert response.status_code == 414


def test_oversized_header_is_refused(server):
    response = httpx.get(server.url + "/health", headers={"X-Big": "a" * 9000})
    assert response.status_code in (400, 431)


# 8. XSS


def test_editor_escapes_the_query_text(server):
    query = "ASK {} #</textarea><script>alert(1)</script>"
    response = get(server, query, Accept="text/html")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;/textarea&gt;&lt;script&gt;" in response.text
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


# 10. Content negotiation and caching


@pytest.mark.parametrize("accept", [";;;,,q=abc/", "text/", "*/*;q=x", "\x7f", "a/b;q=0.1, c"])
def test_malformed_accept_never_gives_500(server, accept):
    response = get(server, "ASK {}", Accept=accept)
    assert response.status_code < 500


def test_no_accept_gives_the_default_format_and_vary(server):
    response = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Accept": ""})
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.headers["Vary"] == "Accept"


def test_nothing_acceptable_is_406_naming_the_formats(server):
    body = assert_problem(get(server, "ASK {}", Accept="image/png"), 406)
    assert "application/sparql-results+json" in body["detail"]


def test_etag_gives_304_on_if_none_match(server):
    first = get(server, "ASK { ?s ?p ?o }")
    tag = first.headers["ETag"]
    second = get(server, "ASK { ?s ?p ?o }", **{"If-None-Match": tag})
    assert second.status_code == 304
    assert second.content == b""


def test_etag_differs_by_format(server):
    json_tag = get(server, "ASK {}", Accept="application/sparql-results+json").headers["ETag"]
    xml_tag = get(server, "ASK {}", Accept="application/sparql-results+xml").headers["ETag"]
    assert json_tag != xml_tag


def test_head_gives_headers_without_body(server):
    response = httpx.head(server.url + "/sparql", params={"query": "ASK {}"})
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-type"] == "application/sparql-results+json"


# 11. Information disclosure


@pytest.mark.parametrize("query", ["SELECT ?x WHERE { ?x ?y }", "SELECT (1/0 AS ?x) {}", RUNAWAY])
def test_errors_reveal_no_traceback_or_path(capped, query):
    response = get(capped, query)
    for leak in ("Traceback", "site-packages", ".py", "/home", "/root"):
        assert leak not in response.text


# CORS, trusted hosts, security headers


def test_cors_allows_any_origin_without_credentials(server):
    response = get(server, "ASK {}", Origin="http://elsewhere.example")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_cors_preflight_allows_a_direct_post(server):
    response = httpx.options(
        server.url + "/sparql",
        headers={
            "Origin": "http://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]


def test_foreign_host_header_is_refused(server):
    response = httpx.get(server.url + "/health", headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_security_headers_are_sent(server):
    response = httpx.get(server.url + "/health")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


# 13. Concurrency


MIX = [
    ("ASK { ?s ?p ?o }", lambda r: r.json()["boolean"] is True),
    (
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        lambda r: int(r.json()["results"]["bindings"][0]["n"]["value"]) > 0,
    ),
    ("SELECT ?s WHERE { ?s a ?c } LIMIT 3", lambda r: len(r.json()["results"]["bindings"]) == 3),
    (
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
        lambda r: r.headers["content-type"].startswith("text/turtle"),
    ),
    ("SELECT ?x WHERE { ?x ?y }", lambda r: r.status_code == 400),
]


def test_fifty_concurrent_mixed_queries_on_a_fresh_server_are_all_answered(settings, artefact):
    fresh = RunningServer(settings.artefact_dir, workers=3)
    try:
        jobs = [MIX[i % len(MIX)] for i in range(50)]
        with httpx.Client(timeout=60) as client, ThreadPoolExecutor(max_workers=50) as pool:
            responses = list(
                pool.map(
                    lambda job: client.get(fresh.url + "/sparql", params={"query": job[0]}), jobs
                )
            )
        for (query, check), response in zip(jobs, responses, strict=True):
            assert check(response), (query, response.status_code, response.text[:200])
        assert httpx.get(fresh.url + "/health").status_code == 200
        assert get(fresh, "ASK { ?s ?p ?o }").json()["boolean"] is True
    finally:
        fresh.stop()
