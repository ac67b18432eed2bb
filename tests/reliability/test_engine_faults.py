"""What the engine cannot do is said as what it is: an ORDER BY over mixed values is
answered (the engine's comparison made total), an engine panic is a 500 naming it with
nothing that invites a retry, an unsupported function a 400 in the engine's words, and a
query process killed by a signal is reported by that signal's name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from artefacts import write_artefact
from conftest import ROOT, RunningServer
from emmd_kg.config import Settings
from emmd_kg.errors import EngineFault
from emmd_kg.rdf.formats import BY_NAME
from emmd_kg.sparql.executor import Executor
from emmd_kg.web.http.problems import problem_for

ISSUE_QUERY = (
    'SELECT ?x WHERE { VALUES ?x { "16e3" 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 } }'
    " ORDER BY ?x"
)
ORDER_04 = ROOT / "tests/w3c/sparql10/syntax-sparql1/syntax-order-04.rq"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long")}
KIND_RANK = {"bnode": 1, "uri": 2, "literal": 3}


def _select(url: str, query: str) -> list[dict]:
    answer = httpx.get(url + "/sparql", params={"query": query}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]["bindings"]


def _in_sparql_order(terms: list[dict | None], descending: bool = False) -> bool:
    """Whether ``terms`` (SPARQL JSON, None for unbound) are ordered as SPARQL 1.1 (15.1)
    fixes it: unbound < blank nodes < IRIs < literals; numbers by value, plain strings by
    code point, IRIs by their text.  (SPARQL leaves the rest to the engine.)"""
    if descending:
        terms = terms[::-1]
    ranks = [0 if t is None else KIND_RANK[t["type"]] for t in terms]
    numbers = [
        Decimal(t["value"])
        for t in terms
        if t and t.get("datatype") in NUMERIC and t["value"] not in ("NaN", "INF", "-INF")
    ]
    strings = [t["value"] for t in terms if t and t["type"] == "literal" and _plain(t)]
    iris = [t["value"] for t in terms if t and t["type"] == "uri"]
    return all(seq == sorted(seq) for seq in (ranks, numbers, strings, iris))


def _plain(term: dict) -> bool:
    return "xml:lang" not in term and term.get("datatype", XSD + "string") == XSD + "string"


def test_the_mixed_values_of_the_issue_are_answered_in_sparql_order(server):
    rows = _select(server.url, ISSUE_QUERY)
    assert len(rows) == 21
    assert _in_sparql_order([row.get("x") for row in rows])


def test_the_w3c_query_syntax_order_04_over_the_dataset_is_answered_in_sparql_order(server):
    query = ORDER_04.read_text(encoding="utf-8")
    rows = _select(server.url, query)
    everything = _select(server.url, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert len(rows) == int(everything[0]["n"]["value"])
    assert _in_sparql_order([row["o"] for row in rows], descending=True)


VERSIONS = ["16e32866ab12cd34", "0123456789abcdef", "9e10ffffffffffff", "1e5", "abcdef0123456789"]


def _versions_artefact(build_dir: Path) -> None:
    about = ox.NamedNode("https://example.org/graph/versions")
    has = ox.NamedNode("https://example.org/version")
    quads = [
        ox.Quad(ox.NamedNode(f"https://example.org/build/{i}"), has, ox.Literal(v), about)
        for i, v in enumerate(VERSIONS)
    ]
    quads += [
        ox.Quad(ox.NamedNode(f"https://example.org/n/{n}"), has, ox.Literal(n), about)
        for n in range(1, 21)
    ]
    write_artefact(build_dir, quads, "https://example.org/")


def test_order_by_over_dataset_versions_that_read_as_numbers_is_answered(tmp_path):
    build_dir = tmp_path / "build"
    _versions_artefact(build_dir)
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    nquads = build_dir / "current" / "dataset.nq"
    alone = subprocess.run(  # the engine on its own dies of this data
        [sys.executable, "-c", _RAW.format(path=str(nquads), query=query)],
        capture_output=True,
        timeout=60,
        env={**os.environ, "RUST_BACKTRACE": "0"},
    )
    assert alone.returncode == -signal.SIGABRT and b"total order" in alone.stderr
    running = RunningServer(build_dir, workers=1)
    try:
        rows = _select(running.url, query)
    finally:
        running.stop()
    assert len(rows) == len(VERSIONS) + 20
    assert _in_sparql_order([row["o"] for row in rows])


_RAW = """
import pyoxigraph as ox
store = ox.Store()
store.bulk_load(path={path!r}, format=ox.RdfFormat.N_QUADS)
list(store.query({query!r}, use_default_graph_as_union=True))
"""


def test_an_unsupported_function_is_a_400_in_the_engines_words(server):
    query = "SELECT ?x WHERE { BIND(<http://example.org/fn>(1) AS ?x) }"
    answer = httpx.get(server.url + "/sparql", params={"query": query}, timeout=30)
    assert answer.status_code == 400
    detail = answer.json()["detail"]
    assert "custom function <http://example.org/fn> is not supported" in detail


def test_an_engine_panic_is_a_500_naming_it_without_retry_after(store):
    executor = Executor(lambda: store, Settings(query_timeout=30))
    try:  # the text the gate would have made total, given to the engine as it is
        with pytest.raises(EngineFault) as caught:
            executor.run(ISSUE_QUERY, BY_NAME["json"])
        assert executor.run("ASK {}", BY_NAME["json"]).rows == 1
    finally:
        executor.close()
    response = problem_for(caught.value, "GET", "/sparql")
    assert response.status_code == 500 and "Retry-After" not in response.headers
    assert "does not correctly implement a total order" in caught.value.message


def _descendants(pid: int, depth: int) -> list[int]:
    """The processes ``depth`` generations below ``pid`` (from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    level = [pid]
    for _ in range(depth):
        level = [child for child, parent in parents.items() if parent in level]
    return level


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_query_process_killed_by_a_signal_is_reported_by_its_name(artefact, settings):
    running = RunningServer(settings.artefact_dir, workers=1, threads=1, query_timeout=30)
    answers: list[httpx.Response] = []
    try:
        asking = threading.Thread(
            target=lambda: answers.append(
                httpx.get(running.url + "/sparql", params={"query": RUNAWAY}, timeout=60)
            )
        )
        asking.start()
        deadline = time.monotonic() + 20
        while not (children := _descendants(running.process.pid, 2)):
            assert time.monotonic() < deadline, "no query process appeared"
            time.sleep(0.05)
        time.sleep(0.5)
        for child in children:
            os.kill(child, signal.SIGTERM)
        asking.join(timeout=60)
    finally:
        running.stop()
    assert answers and answers[0].status_code == 503
    problem = answers[0].json()
    assert problem["title"] == "Query process ended"
    assert "SIGTERM" in problem["detail"] and "memory" not in problem["detail"]
