"""The executor: real child processes, runaway and crashing queries, bounded in time."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from emmd_kg.config import Settings
from emmd_kg.errors import (
    EmmdError,
    ParameterError,
    QueryError,
    QueryProcessEnded,
    QueryResourceExhausted,
    QueryTimeout,
)
from emmd_kg.rdf.formats import BY_NAME
from emmd_kg.sparql.executor import Executor, ExecutorPool
from emmd_kg.store.memory import MemoryStore

G1, G2 = "http://example.org/graph/1", "http://example.org/graph/2"
SETTINGS = Settings(query_timeout=1.0, max_rows=100, max_query_memory_mb=256)
JSON = BY_NAME["json"]
RUNAWAY = "SELECT (COUNT(*) AS ?c) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def nquads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 triples in two graphs."""
    path = tmp_path_factory.mktemp("executor") / "data.nq"
    lines = [
        f'<http://example.org/s{i}> <http://example.org/p> "{i}" <{(G1, G2)[i % 2]}> .\n'
        for i in range(3000)
    ]
    path.write_text("".join(lines))
    return path


@pytest.fixture(scope="module")
def store(nquads: Path) -> MemoryStore:
    return MemoryStore(nquads, "v1")


class MisbehavingStore:
    """A test double of the Store protocol whose queries can kill or fail the worker."""

    version = "bad"

    def __init__(self, inner: MemoryStore) -> None:
        self.inner = inner

    def graph_names(self) -> frozenset[str]:
        return self.inner.graph_names()

    def query(self, sparql: str, **dataset):
        if "SEGFAULT" in sparql:
            os.kill(os.getpid(), signal.SIGSEGV)
        if "EXIT" in sparql:
            os._exit(3)
        if "PARAMETER" in sparql:
            raise ParameterError("name", "must be an IRI")
        if "BUG" in sparql:
            raise KeyError("/secret/path")
        return self.inner.query(sparql, **dataset)

    def close(self) -> None:
        pass


@pytest.fixture
def executor(store: MemoryStore):
    executor = Executor(lambda: store, SETTINGS)
    yield executor
    executor.close()


def count(rendered) -> int:
    return len(json.loads(rendered.body)["results"]["bindings"])


def test_a_select_returns_rows_of_the_store_version(executor):
    rendered = executor.run("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10", JSON)
    assert (count(rendered), rendered.truncated, rendered.version) == (10, False, "v1")


def test_the_row_cap_applies_in_the_worker(executor):
    rendered = executor.run("SELECT ?s WHERE { ?s ?p ?o }", JSON)
    assert (rendered.rows, rendered.truncated) == (100, True)


def test_bindings_and_the_dataset_reach_the_engine(executor):
    subject = ox.NamedNode("http://example.org/s7")
    rendered = executor.run("SELECT ?s ?o WHERE { ?s ?p ?o }", JSON, bindings={"s": subject})
    [row] = json.loads(rendered.body)["results"]["bindings"]
    assert row["o"] == {"type": "literal", "value": "7"}
    only_g1 = executor.run(
        "SELECT ?s WHERE { ?s ?p ?o }", BY_NAME["csv"], default_graphs=[G1], named_graphs=[]
    )
    assert b"http://example.org/s7\r\n" not in only_g1.body


def test_a_syntax_error_is_a_400_with_the_parsers_message(executor):
    with pytest.raises(QueryError, match="syntax error: error at 1:") as caught:
        executor.run("SELECT * WHERE { ?s ?p ", JSON)
    assert caught.value.status == 400


def test_a_runaway_query_times_out_and_the_next_query_works(executor):
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        executor.run(RUNAWAY, JSON)
    assert time.monotonic() - started < 2.0
    assert caught.value.status == 503 and caught.value.extra["retry_after"] >= 1
    assert executor.run("ASK {}", JSON).body == b'{"head":{},"boolean":true}'


def test_a_memory_bomb_exhausts_its_worker_and_the_next_query_works(executor):
    doubling = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(30))
    bomb = f'SELECT (STRLEN(?a30) AS ?n) WHERE {{ BIND("aaaaaaaa" AS ?a0) {doubling} }}'
    with pytest.raises((QueryResourceExhausted, QueryTimeout)) as caught:
        executor.run(bomb, JSON)
    assert caught.value.status == 503
    assert executor.run("ASK {}", JSON).rows == 1


@pytest.mark.parametrize("query", ["ASK { SEGFAULT }", "ASK { EXIT }"])
def test_a_worker_that_dies_gives_503_and_the_next_query_works(store, query):
    executor = Executor(lambda: MisbehavingStore(store), SETTINGS)
    try:
        with pytest.raises(
            (QueryResourceExhausted, QueryProcessEnded), match="query process"
        ) as caught:
            executor.run(query, JSON)
        assert caught.value.status == 503
        assert executor.run("ASK { ?s ?p ?o }", JSON).rows == 1
    finally:
        executor.close()


def test_an_error_of_the_store_arrives_with_its_class_and_attributes(store):
    executor = Executor(lambda: MisbehavingStore(store), SETTINGS)
    try:
        with pytest.raises(ParameterError) as caught:
            executor.run("ASK { PARAMETER }", JSON)
        assert caught.value.parameter == "name" and caught.value.status == 400
    finally:
        executor.close()


def test_an_unexpected_failure_is_a_500_without_details(store):
    executor = Executor(lambda: MisbehavingStore(store), SETTINGS)
    try:
        with pytest.raises(EmmdError) as caught:
            executor.run("ASK { BUG }", JSON)
        assert caught.value.status == 500 and "secret" not in caught.value.message
    finally:
        executor.close()


def test_an_answer_over_the_reply_limit_is_refused_and_the_next_query_works(store):
    executor = Executor(lambda: store, SETTINGS, max_reply_bytes=1000)
    try:
        with pytest.raises(QueryResourceExhausted, match="larger than 1000 bytes"):
            executor.run("SELECT * WHERE { ?s ?p ?o }", JSON)
        assert executor.run("ASK {}", JSON).rows == 1
    finally:
        executor.close()


def test_a_new_store_from_the_getter_replaces_the_child(store, nquads):
    current = {"store": store}
    executor = Executor(lambda: current["store"], SETTINGS)
    try:
        assert executor.run("ASK {}", JSON).version == "v1"
        current["store"] = MemoryStore(nquads, "v2")
        assert executor.run("ASK {}", JSON).version == "v2"
        assert executor.store_version == "v2"
    finally:
        executor.close()


def test_a_pool_answers_threads_concurrently_and_correctly(store):
    pool = ExecutorPool(lambda: store, SETTINGS, 3)
    answers: list[int] = []
    failures: list[BaseException] = []

    def client(n: int) -> None:
        try:
            query = f"SELECT ?o WHERE {{ <http://example.org/s{n}> ?p ?o }}"
            body = json.loads(pool.run(query, JSON).body)
            answers.append(int(body["results"]["bindings"][0]["o"]["value"]) - n)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(12)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        assert failures == [] and answers == [0] * 12
    finally:
        pool.close()


def test_a_pool_keeps_answering_while_one_query_runs_away(store):
    pool = ExecutorPool(lambda: store, SETTINGS, 2)
    outcome: list[BaseException] = []
    runaway = threading.Thread(target=lambda: _record(outcome, pool.run, RUNAWAY, JSON))
    try:
        runaway.start()
        time.sleep(0.1)  # let the runaway take one executor
        assert pool.run("ASK { ?s ?p ?o }", JSON).rows == 1
        assert runaway.is_alive()
        runaway.join(timeout=5)
        assert [type(e) for e in outcome] == [QueryTimeout]
    finally:
        pool.close()


def _record(outcome: list, function, *args) -> None:
    try:
        function(*args)
    except BaseException as exc:  # noqa: BLE001 - the test inspects it
        outcome.append(exc)
