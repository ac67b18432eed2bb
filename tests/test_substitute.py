"""Text substitution of bound variables gives what pyoxigraph's own binding gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from emmd_kg.store.substitute import substitute

LANG = {"lang": ox.Literal("de")}
SMR = ox.NamedNode("https://w3id.org/emmd/id/organisation/smr")

QUERIES = [
    (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?s ?lang ?l WHERE "
        "{ ?s skos:prefLabel ?l FILTER(LANG(?l) = ?lang) } ORDER BY ?lang ?l",
        LANG,
    ),
    (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?lang (COUNT(*) AS ?n) "
        "WHERE { ?s skos:prefLabel ?l FILTER(LANG(?l) = ?lang) } GROUP BY ?lang",
        LANG,
    ),
    (
        "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?org ?sub WHERE "
        "{ ?sub org:subOrganizationOf ?org }",
        {"org": SMR},
    ),
    ("ASK { ?org ?p ?o }", {"org": SMR}),
    ("CONSTRUCT { ?org ?p ?o } WHERE { ?org ?p ?o }", {"org": SMR}),
]


@pytest.mark.parametrize(("query", "bindings"), QUERIES)
def test_substituted_text_answers_like_bound_variables(store, query, bindings):
    def answer(result):
        if result.kind == "boolean":
            return result.boolean
        if result.kind == "solutions":
            names = result.variables
            return sorted(tuple(str(row[n]) for n in names) for row in result.solutions())
        return sorted(map(str, result.triples()))

    bound = answer(store.query(query, bindings=bindings))
    substituted = answer(store.query(substitute(query, bindings)))
    assert substituted == bound
    assert bound


def test_strings_iris_and_comments_are_left_alone():
    query = 'SELECT ?x WHERE { ?x <urn:?lang> "?lang" } # ?lang'
    assert substitute(query, LANG) == query


def test_projection_keeps_the_variable_as_a_column():
    assert substitute("SELECT ?lang WHERE {}", LANG) == 'SELECT ("de" AS ?lang) WHERE {}'


def test_escaped_variable_names_are_substituted_too():
    assert '"de"' in substitute("SELECT * WHERE { FILTER(?\\u006Cang) }", LANG)
