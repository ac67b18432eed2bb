"""Every example of every saved query returns exactly its expected answer.

The queries run against the built artefact with the same binding and merging code the
server uses (:func:`emmd_kg.queries.run.bind` and :func:`~emmd_kg.queries.run.answer`);
only the worker process is left out, which the HTTP tests cover.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from conftest import ROOT
from emmd_kg.config import load_settings
from emmd_kg.queries import files as query_files
from emmd_kg.queries.run import answer, bind
from emmd_kg.queries.saved import read_folder
from emmd_kg.rdf.formats import BY_NAME
from emmd_kg.sparql.results import render

SETTINGS = load_settings(ROOT)
CATALOGUE = read_folder(ROOT / "queries", SETTINGS.source_base, SETTINGS.base_iri)
CASES = [
    pytest.param(query, number, id=f"{query.name}-{number}")
    for query in CATALOGUE
    for number in range(len(query.examples))
]
QUESTIONS = {
    "responsible-for-policy-area": "who is responsible for a policy area in each state",
    "organisation-tree": "the whole tree under an organisation",
    "organisations-of-state": "the organisations of a state",
    "responsibilities-of-organisation": "everything an organisation is responsible for",
    "shared-policy-areas": "which ministries share a policy area",
    "networks": "the networks and their stated sizes",
    "fact-provenance": "where a fact comes from",
    "search-by-name": "search by name in de or en",
    "dataset-statistics": "dataset statistics",
}


@pytest.fixture(scope="module")
def engine(store):
    def run(text, fmt, bindings):
        return render(store.query(text, bindings=bindings), fmt, SETTINGS.max_rows)

    return run


def test_the_catalogue_has_at_least_twelve_queries():
    assert len(CATALOGUE) >= 12


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_the_starter_set_answers_the_common_question(name):
    assert name in CATALOGUE.queries, QUESTIONS[name]


def test_the_starter_set_uses_every_parameter_type():
    from emmd_kg.queries.params import TYPES

    used = {p.type for query in CATALOGUE for p in query.parameters}
    assert used == set(TYPES)


def test_the_artefact_holds_the_same_catalogue(artefact):
    loaded = query_files.load(artefact.path, artefact.manifest)
    assert {q.name: q.version for q in loaded} == {q.name: q.version for q in CATALOGUE}


@pytest.mark.parametrize(("query", "number"), CASES)
def test_example_returns_exactly_the_expected_answer(query, number, engine):
    example = query.examples[number]
    runs = bind(query, {k: list(v) for k, v in example.parameters.items()}, engine, SETTINGS)
    if query.form == "ASK":
        result = answer(query, runs, BY_NAME["json"], engine)
        assert json.loads(result.rendered.body)["boolean"] is example.boolean
        return
    if query.form == "CONSTRUCT":
        result = answer(query, runs, BY_NAME["ntriples"], engine)
        got = {q.triple for q in ox.parse(result.rendered.body, format=ox.RdfFormat.N_TRIPLES)}
        assert got == example.triples
        return
    result = answer(query, runs, BY_NAME["json"], engine, 1, SETTINGS.max_rows)
    solutions = ox.parse_query_results(result.rendered.body, format=ox.QueryResultsFormat.JSON)
    variables = [v.value for v in solutions.variables]
    rows = [tuple(solution[c] for c in example.columns) for solution in solutions]
    assert rows == list(example.rows)
    unchecked = set(variables) - set(example.columns) - {p.name for p in query.parameters}
    assert not unchecked, f"the example leaves out the columns {sorted(unchecked)}"
