"""Reasoning keeps what the axioms entail and nothing of owlrl's noise."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from emmd_kg.builder.reason import infer
from emmd_kg.errors import BuildError

ORG = "http://www.w3.org/ns/org#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
EX = "http://example.org/"


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


AXIOMS = [
    (n(ORG + "subOrganizationOf"), n(OWL + "inverseOf"), n(ORG + "hasSubOrganization")),
    (
        n(ORG + "subOrganizationOf"),
        n("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"),
        n(ORG + "transitiveSubOrganizationOf"),
    ),
    (n(ORG + "transitiveSubOrganizationOf"), RDF_TYPE, n(OWL + "TransitiveProperty")),
]
DATA = [
    (n(EX + "agency"), n(ORG + "subOrganizationOf"), n(EX + "ministry")),
    (n(EX + "ministry"), n(ORG + "subOrganizationOf"), n(EX + "state")),
    (
        n(EX + "agency"),
        n("http://www.w3.org/2004/02/skos/core#prefLabel"),
        ox.Literal("A", language="en"),
    ),
]


@pytest.fixture(scope="module")
def inferred() -> set[tuple]:
    return set(infer(AXIOMS, DATA, budget=30))


def test_inverse_is_inferred(inferred):
    assert (n(EX + "ministry"), n(ORG + "hasSubOrganization"), n(EX + "agency")) in inferred


def test_transitive_closure_is_inferred(inferred):
    assert (n(EX + "agency"), n(ORG + "transitiveSubOrganizationOf"), n(EX + "state")) in inferred


def test_asserted_triples_are_not_repeated(inferred):
    assert not set(DATA) & inferred


def test_no_same_as_is_kept(inferred):
    assert not [t for t in inferred if t[1].value == OWL + "sameAs"]


def test_no_reflexive_triple_is_kept(inferred):
    assert not [t for t in inferred if t[0] == t[2]]


def test_no_typing_with_system_classes(inferred):
    system = (
        "http://www.w3.org/2002/07/owl#",
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    )
    assert not [t for t in inferred if t[1] == RDF_TYPE and t[2].value.startswith(system)]


def test_only_axiom_properties_and_types_are_kept(inferred):
    allowed = {
        ORG + "hasSubOrganization",
        ORG + "transitiveSubOrganizationOf",
        ORG + "subOrganizationOf",
        RDF_TYPE.value,
    }
    assert {t[1].value for t in inferred} <= allowed


def test_reasoning_over_budget_fails_the_build():
    chain = [(n(f"{EX}o{i}"), n(ORG + "subOrganizationOf"), n(f"{EX}o{i + 1}")) for i in range(400)]
    with pytest.raises(BuildError, match="budget"):
        infer(AXIOMS, chain, budget=0.05)


def test_rules_reasoner_gives_exactly_what_owlrl_gives_on_the_real_data():
    from emmd_kg.config import load_settings
    from emmd_kg.sources import iter_triples, read_sources

    settings = load_settings(Path(__file__).resolve().parent.parent)
    sources = read_sources(settings.project_dir, settings.source_base, settings.base_iri)
    ontology, data = list(iter_triples(sources.ontology)), list(iter_triples(sources.data))
    assert infer(ontology, data, 60, "rules") == infer(ontology, data, 60, "owlrl")


def test_rules_reasoner_gives_exactly_what_owlrl_gives_on_a_chain():
    chain = [(n(f"{EX}o{i}"), n(ORG + "subOrganizationOf"), n(f"{EX}o{i + 1}")) for i in range(12)]
    assert infer(AXIOMS, chain, 60, "rules") == infer(AXIOMS, chain, 60, "owlrl")


def test_an_unknown_reasoner_is_a_clear_error():
    with pytest.raises(BuildError, match="reasoner"):
        infer(AXIOMS, DATA, 60, "hermit")
