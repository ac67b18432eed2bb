"""The threats of docs/SECURITY.md, each sent to a running server; the safe answer checked.

A canary HTTP listener on loopback records every request it gets: no query may ever make
the server reach it.  Two servers run with small caps (2 s, 100 rows), one on each
engine, so that the limits are hit quickly and the attacks that only one engine falls
for (rdflib's backtracking regular expressions, its loading of ``FROM`` IRIs) meet it.
The checks that concern every response alike (414, 431, a foreign ``Host``, the
security and CORS headers, conditional requests) are in tests/test_response_path.py.
"""

from __future__ import annotations

import http.client
import http.server
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from conftest import ROOT, RunningServer

PROBLEM = "application/problem+json"
LIMIT = 2  # the query time limit of the capped servers, in seconds
GRACE = 1.5  # what answering may take beyond it
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DOUBLING = (
    'SELECT ?s WHERE { BIND("'
    + "x" * 64
    + '" AS ?a0) '
    + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(40))
    + " BIND(STRLEN(?a40) AS ?s) }"
)
REDOS = 'ASK { FILTER(REGEX("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "^(a+)+$")) }'
NOT_CHAIN = "ASK { FILTER(" + "!" * 12_000 + "true) }"
"""12 KB, under the length cap and without a bracket: pyoxigraph 0.5.13 segfaults on it."""
ENGINE_FAILURE = "SELECT (<http://example.org/no-such-function>(1) AS ?x) {}"
"""pyoxigraph raises a RuntimeError naming the unsupported function."""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class Canary:
    """An HTTP listener on loopback that records every request it gets."""

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
def listening():
    listener = Canary()
    yield listener
    listener.close()


@pytest.fixture
def canary(listening):
    """The canary, with no request recorded yet."""
    listening.hits.clear()
    return listening


def capped_server(settings, store: str) -> RunningServer:
    return RunningServer(
        settings.artefact_dir,
        workers=3,
        store=store,
        query_timeout=LIMIT,
        max_rows=100,
        max_query_memory_mb=512,
    )


@pytest.fixture(scope="module")
def capped(artefact, settings):
    running = capped_server(settings, "memory")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def capped_rdflib(artefact, settings):
    running = capped_server(settings, "rdflib")
    yield running
    running.stop()


@pytest.fixture(params=["pyoxigraph", "rdflib"])
def engine(request) -> RunningServer:
    """A capped server on each engine in turn."""
    return request.getfixturevalue("capped" if request.param == "pyoxigraph" else "capped_rdflib")


def get(server, query: str, **headers: str) -> httpx.Response:
    return httpx.get(server.url + "/sparql", params={"query": query}, headers=headers, timeout=30)


def post(server, query: str) -> httpx.Response:
    return httpx.post(server.url + "/sparql", data={"query": query}, timeout=30)


def raw_get(server, path: str) -> tuple[int, bytes]:
    """GET ``path`` exactly as written: no client normalises its dots or escapes."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def assert_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


def assert_answers(server) -> None:
    """The server still answers queries correctly."""
    assert get(server, "ASK { ?s ?p ?o }").json()["boolean"] is True


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
def test_no_query_makes_the_server_fetch_anything(engine, canary, template):
    response = get(engine, template.format(url=canary.url))
    assert_problem(response, 400)
    assert canary.hits == []


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_never_fetch(engine, canary, parameter):
    response = httpx.get(
        engine.url + "/sparql",
        params={"query": "ASK { ?s ?p ?o }", parameter: canary.url},
        timeout=30,
    )
    assert_problem(response, 400)
    assert canary.hits == []


def test_from_a_file_is_refused_and_the_file_never_read(engine, tmp_path):
    secret = tmp_path / "canary.ttl"
    secret.write_text("<http://secret/s> <http://secret/p> 'CANARY-CONTENT' .", encoding="utf-8")
    response = get(engine, f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}")
    assert_problem(response, 400)
    assert "CANARY-CONTENT" not in response.text


def test_a_json_ld_body_with_a_remote_context_is_never_parsed(server, canary):
    response = httpx.post(
        server.url + "/sparql",
        content=f'{{"@context": "{canary.url}", "@id": "http://x/s"}}'.encode(),
        headers={"Content-Type": "application/ld+json"},
        timeout=30,
    )
    assert_problem(response, 415)
    assert canary.hits == []


def test_a_json_ld_answer_carries_the_published_context_and_fetches_none(server, canary):
    query = (
        "CONSTRUCT { <https://w3id.org/emmd/id/x> "
        f"<http://www.w3.org/2000/01/rdf-schema#seeAlso> <{canary.url}> }} WHERE {{}}"
    )
    response = get(server, query, Accept="application/ld+json")
    assert response.status_code == 200, response.text
    published = httpx.get(server.url + "/context.jsonld", timeout=30).json()
    assert response.json()["@context"] == published["@context"]
    assert canary.hits == []


# 2. Writes


@pytest.mark.parametrize(
    ("method", "options"),
    [
        ("POST", {"data": {"update": "INSERT DATA { <a:s> <a:p> <a:o> }"}}),
        (
            "POST",
            {
                "content": b"INSERT DATA { <a:s> <a:p> <a:o> }",
                "headers": {"Content-Type": "application/sparql-update"},
            },
        ),
        ("GET", {"params": {"update": "DROP ALL"}}),
        ("GET", {"params": {"query": "INSERT DATA { <a:s> <a:p> <a:o> }"}}),
        ("GET", {"params": {"query": "DROP ALL"}}),
        ("POST", {"data": {"query": "DELETE WHERE { ?s ?p ?o }"}}),
    ],
)
def test_no_update_is_reachable_and_the_data_is_unchanged(server, method, options):
    before = get(server, COUNT)
    assert before.status_code == 200, before.text
    assert int(before.json()["results"]["bindings"][0]["n"]["value"]) > 0
    response = httpx.request(method, server.url + "/sparql", timeout=30, **options)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith(PROBLEM)
    assert get(server, COUNT).json() == before.json()
    assert get(server, "ASK { <a:s> <a:p> <a:o> }").json()["boolean"] is False


# 3. CPU


def test_a_runaway_query_is_stopped_at_the_limit_with_503_and_retry_after(capped):
    # the client gives up well before the query could end by itself: only the limit answers
    response = httpx.get(
        capped.url + "/sparql", params={"query": RUNAWAY}, timeout=LIMIT + 10 * GRACE
    )
    assert_problem(response, 503)
    assert int(response.headers["Retry-After"]) > 0


def test_other_clients_are_answered_while_a_runaway_query_runs(capped):
    with ThreadPoolExecutor(max_workers=1) as pool:
        runaway = pool.submit(get, capped, RUNAWAY)
        time.sleep(0.3)
        health = httpx.get(capped.url + "/health", timeout=5)
        answer = get(capped, "ASK { ?s ?p ?o }")
        assert not runaway.done()  # both were answered while the runaway still ran
        assert health.status_code == 200
        assert answer.json()["boolean"] is True
        assert runaway.result().status_code == 503


def test_a_catastrophic_regex_on_rdflib_is_stopped_at_the_limit(capped_rdflib):
    response = httpx.get(
        capped_rdflib.url + "/sparql", params={"query": REDOS}, timeout=LIMIT + 10 * GRACE
    )
    assert_problem(response, 503)
    assert int(response.headers["Retry-After"]) > 0
    assert_answers(capped_rdflib)


def test_a_catastrophic_regex_on_pyoxigraph_is_answered_not_stopped(capped):
    response = get(capped, REDOS)  # a 200 proves the engine answered before the limit
    assert response.status_code == 200
    assert response.json()["boolean"] is False


# 4. Memory


def test_a_string_doubling_bomb_costs_one_query_process_not_the_server(capped):
    assert_problem(get(capped, DOUBLING), 503)
    assert_answers(capped)


def test_the_row_cap_cuts_the_answer_visibly_in_header_and_body(capped):
    response = get(capped, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 200
    assert response.headers["Result-Truncated"] == "true"
    body = response.json()
    assert len(body["results"]["bindings"]) == 100
    assert body["truncated"] is True


def test_an_answer_under_the_row_cap_is_not_marked(capped):
    response = get(capped, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
    assert response.status_code == 200
    assert "Result-Truncated" not in response.headers
    body = response.json()
    assert len(body["results"]["bindings"]) == 5
    assert "truncated" not in body


# 5. Parser crashes


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
        "SELECT * WHERE " + "\\u007B" * 100 + "\\u007D" * 100,
    ],
    ids=["braces", "escaped-braces"],
)
def test_deep_nesting_is_refused_before_any_parser(capped, query):
    body = assert_problem(post(capped, query), 400)
    assert "nest" in body["detail"]
    assert_answers(capped)


def test_a_query_that_crashes_the_engine_costs_one_query_process_not_the_server(capped):
    response = post(capped, NOT_CHAIN)
    assert response.status_code == 503, "pyoxigraph no longer crashes: find a query that does"
    assert_problem(response, 503)
    assert_answers(capped)


# 7. Path traversal


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("/static/../__init__.py", b"create_app"),
        ("/static/%2e%2e/__init__.py", b"create_app"),
        ("/static/..%2F..%2F..%2F..%2Fpyproject.toml", b"[project]"),
        ("/queries/..%2Fqueries%2Fnetworks", b"results"),
        ("/queries/%2e%2e%2fqueries%2fnetworks.rq", b"SELECT"),
        ("/dumps/..%2fmanifest.json", b"base_iri"),
        ("/dumps/%2e%2e%2fdataset.nq", b"<https://"),
        ("/dumps/dataset.nq%00", b"<https://"),
    ],
)
def test_a_traversal_in_a_request_path_opens_no_file(server, path, content):
    status, body = raw_get(server, path)
    assert status == 404
    assert content not in body


# 8. XSS


def test_the_editor_shows_the_query_text_escaped(server):
    query = "ASK {} #</textarea><script>alert(1)</script>"
    response = get(server, query, Accept="text/html")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;/textarea&gt;&lt;script&gt;" in response.text


# 10. Content negotiation and caching


@pytest.mark.parametrize("path", ["/sparql?query=ASK%20%7B%7D", "/doc/id/organisation/smr"])
@pytest.mark.parametrize(
    "accept",
    [";;;,,q=abc/", "text/", "*/*;q=x", "\x7f", "a/b;q=0.1, c", "text/turtle;q=2;q=3", "é/é", ","],
)
def test_a_malformed_accept_is_never_a_server_error(server, path, accept):
    response = httpx.get(server.url + path, headers={"Accept": accept.encode()}, timeout=30)
    assert response.status_code < 500


def test_no_accept_gives_the_default_format_and_vary(server):
    response = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Accept": ""})
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.headers["Vary"] == "Accept"


def test_nothing_acceptable_is_406_naming_the_formats(server):
    body = assert_problem(get(server, "ASK {}", Accept="image/png"), 406)
    assert "application/sparql-results+json" in body["detail"]


def test_the_etag_differs_by_format(server):
    json_tag = get(server, "ASK {}", Accept="application/sparql-results+json").headers["ETag"]
    xml_tag = get(server, "ASK {}", Accept="application/sparql-results+xml").headers["ETag"]
    assert json_tag != xml_tag


# 11. Information disclosure


def test_an_unsupported_function_is_a_400_in_the_engines_words_and_nothing_more(server):
    body = assert_problem(get(server, ENGINE_FAILURE), 400)
    assert body["detail"] == (
        "unsupported: the custom function <http://example.org/no-such-function> is not supported"
    )


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/sparql", "SELECT ?x WHERE { ?x ?y }"),
        ("/sparql", "SELECT (1/0 AS ?x) {}"),
        ("/sparql", ENGINE_FAILURE),
        ("/sparql", RUNAWAY),
        ("/sparql", DOUBLING),
        ("/doc/id/organisation/nothing.ttl", None),
        ("/queries/no-such-query", None),
    ],
)
def test_no_answer_reveals_a_traceback_or_a_path(capped, settings, path, query):
    params = {"query": query} if query else {}
    text = httpx.get(capped.url + path, params=params, timeout=30).text
    for leak in ("Traceback", "site-packages", ".py", str(ROOT), str(settings.artefact_dir)):
        assert leak not in text


def test_the_debugger_stays_off_even_when_flask_debug_is_set(settings, artefact, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    debugging = RunningServer(settings.artefact_dir, workers=1)
    try:
        assert httpx.get(debugging.url + "/console", timeout=30).status_code == 404
        response = get(debugging, ENGINE_FAILURE)
        assert_problem(response, 400)
        assert "Traceback" not in response.text
    finally:
        debugging.stop()


# 12. Oversized requests


def test_a_query_over_the_length_cap_is_413(server):
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 17_000
    response = httpx.post(
        server.url + "/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert_problem(response, 413)


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
        lambda r: r.status_code == 200 and r.headers["content-type"].startswith("text/turtle"),
    ),
    ("SELECT ?x WHERE { ?x ?y }", lambda r: r.status_code == 400),
]


@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_fifty_concurrent_mixed_queries_on_a_fresh_server_are_all_answered(
    settings, artefact, store
):
    fresh = RunningServer(settings.artefact_dir, workers=3, store=store)
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
        assert_answers(fresh)
    finally:
        fresh.stop()
