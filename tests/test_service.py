"""run_query: gate, dataset rules and cache in front of the executor."""

from __future__ import annotations

import pytest

from emmd_kg.config import Settings
from emmd_kg.errors import NotAcceptable, QueryForbidden
from emmd_kg.rdf.formats import BY_NAME
from emmd_kg.sparql.cache import Cache
from emmd_kg.sparql.gate import GateResult
from emmd_kg.sparql.results import Rendered
from emmd_kg.sparql.service import run_query

G1, G2 = "http://example.org/graph/1", "http://example.org/graph/2"
GRAPHS = frozenset({G1, G2})
SETTINGS = Settings()
JSON = BY_NAME["json"]


class RecordingRunner:
    """A test double of the executor: records what it is asked, answers from a version."""

    def __init__(self, version: str = "v1", answer_version: str | None = None) -> None:
        self.store_version = version
        self.answer_version = answer_version or version
        self.calls: list[tuple] = []

    def run(self, query, fmt, *, default_graphs=None, named_graphs=None, bindings=None):
        self.calls.append((query, fmt.name, default_graphs, named_graphs, bindings))
        return Rendered(b"{}", fmt.media_type, False, 0, self.answer_version)


def run(runner, query, fmt=JSON, **options):
    return run_query(runner, GRAPHS, SETTINGS, query, fmt, **options)


def test_the_decoded_text_reaches_the_executor_with_the_union_default_graph():
    runner = RecordingRunner()
    run(runner, r"SELECT * { ?s \u003Chttp://x/p> ?o }")
    assert runner.calls == [("SELECT * { ?s <http://x/p> ?o }", "json", None, None, None)]


def test_the_gate_runs_before_the_executor():
    runner = RecordingRunner()
    with pytest.raises(QueryForbidden):
        run(runner, "SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }")
    assert runner.calls == []


def test_a_gate_result_is_not_gated_again():
    runner = RecordingRunner()
    unchecked = "SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }"
    run(runner, GateResult(text=unchecked, form="SELECT"))
    assert runner.calls[0][0] == unchecked


def test_from_graphs_are_passed_explicitly_with_an_empty_other_side():
    runner = RecordingRunner()
    run(runner, f"SELECT * FROM NAMED <{G1}> {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert runner.calls[0][2:4] == ([], [G1])


def test_protocol_graphs_override_from():
    runner = RecordingRunner()
    run(runner, f"SELECT * FROM <{G1}> {{ ?s ?p ?o }}", default_graphs=[G2])
    assert runner.calls[0][2:4] == ([G2], [])


def test_empty_protocol_lists_mean_no_protocol_dataset():
    runner = RecordingRunner()
    run(runner, "SELECT * { ?s ?p ?o }", default_graphs=[], named_graphs=[])
    assert runner.calls[0][2:4] == (None, None)


def test_a_protocol_graph_outside_the_store_is_refused_naming_it():
    runner = RecordingRunner()
    with pytest.raises(QueryForbidden, match="file:///etc/passwd"):
        run(runner, "ASK {}", named_graphs=["file:///etc/passwd"])
    assert runner.calls == []


def test_a_format_that_does_not_fit_the_query_form_is_406():
    runner = RecordingRunner()
    with pytest.raises(NotAcceptable):
        run(runner, "CONSTRUCT WHERE { ?s ?p ?o }", BY_NAME["csv"])
    assert runner.calls == []


def test_html_is_never_run():
    runner = RecordingRunner()
    with pytest.raises(ValueError, match="HTML"):
        run(runner, "ASK {}", BY_NAME["html"])
    assert runner.calls == []


def test_a_cached_answer_is_served_without_the_executor():
    runner, cache = RecordingRunner(), Cache(10)
    first = run(runner, "ASK {}", cache=cache)
    assert run(runner, "ASK {}", cache=cache) is first and len(runner.calls) == 1


def test_an_answer_is_cached_per_format_and_version():
    runner, cache = RecordingRunner(), Cache(10)
    run(runner, "ASK {}", cache=cache)
    run(runner, "ASK {}", BY_NAME["xml"], cache=cache)
    runner.store_version = runner.answer_version = "v2"
    run(runner, "ASK {}", cache=cache)
    assert len(runner.calls) == 3


def test_an_answer_from_another_version_than_expected_is_not_cached():
    runner, cache = RecordingRunner("v2", answer_version="v1"), Cache(10)
    run(runner, "ASK {}", cache=cache)
    assert len(cache) == 0
