"""Literals of every kind become the value objects of a data extension answer."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from emmd_kg.search.reconcile_graph import GraphFacts, Value
from emmd_kg.web.reconcile.extension import rendered
from test_reconcile_api import valid

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        (ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")), {"float": 1.5}),
        (ox.Literal("2.5E3", datatype=ox.NamedNode(XSD + "double")), {"float": 2500.0}),
        (ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")), {"int": 42}),
        (
            ox.Literal("2024-05-01", datatype=ox.NamedNode(XSD + "date")),
            {"date": "2024-05-01T00:00:00"},
        ),
        (
            ox.Literal("2024-05-01T10:20:30+02:00", datatype=ox.NamedNode(XSD + "dateTime")),
            {"date": "2024-05-01T10:20:30+02:00"},
        ),
        (ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), {"str": "true"}),
        (ox.Literal("2004", datatype=ox.NamedNode(XSD + "gYear")), {"str": "2004"}),
        (ox.Literal("INF", datatype=ox.NamedNode(XSD + "double")), {"str": "INF"}),
        (ox.Literal("Amt", language="de"), {"str": "Amt"}),
    ],
    ids=lambda x: str(x) if isinstance(x, ox.Literal) else "",
)
def test_a_literal_becomes_the_value_object_of_its_kind(store, literal, expected):
    value = rendered(Value(literal), GraphFacts(store), "en")
    assert value == expected
    valid("data-extension-response.json", {"meta": [], "rows": {"e": {"p": [value]}}})
