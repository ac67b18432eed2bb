"""The inferred graph of the real data: what must be entailed is there, the noise is not."""

from __future__ import annotations

ID = "https://w3id.org/emmd/id/"
INFERRED = "https://w3id.org/emmd/graph/inferred"
PREFIXES = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


def ask(store, body: str) -> bool:
    return store.query(PREFIXES + "ASK { " + body + " }").boolean


def test_inverse_of_sub_organisation_is_inferred(store):
    assert ask(
        store,
        f"GRAPH <{INFERRED}> {{ <{ID}organisation/mlv> org:hasSubOrganization "
        f"<{ID}organisation/lvermgeo> }}",
    )


def test_every_sub_organisation_has_its_inverse(store):
    assert not ask(
        store, "?a org:subOrganizationOf ?b FILTER NOT EXISTS { ?b org:hasSubOrganization ?a }"
    )


def test_agency_is_transitively_under_its_state(store):
    assert ask(
        store,
        f"<{ID}organisation/lvermgeo> org:transitiveSubOrganizationOf <{ID}state/sachsen-anhalt>",
    )


def test_network_has_emmd_as_member(store):
    assert ask(store, f"<{ID}network/ikm> org:hasMember <{ID}organisation/emmd>")


def test_every_broader_has_its_narrower(store):
    assert not ask(store, "?a skos:broader ?b FILTER NOT EXISTS { ?b skos:narrower ?a }")


def test_close_match_is_symmetric(store):
    assert ask(store, "?a skos:closeMatch ?b")
    assert not ask(store, "?a skos:closeMatch ?b FILTER NOT EXISTS { ?b skos:closeMatch ?a }")


def test_inferences_live_in_their_own_graph(store):
    assert not ask(
        store,
        f"GRAPH <{INFERRED}> {{ ?a org:subOrganizationOf ?b }} "
        f"GRAPH ?g {{ ?a org:subOrganizationOf ?b }} FILTER(?g != <{INFERRED}>)",
    )


def test_no_same_as_at_all(store):
    assert not ask(store, "?a owl:sameAs ?b")


def test_no_reflexive_inference(store):
    assert not ask(store, f"GRAPH <{INFERRED}> {{ ?a ?p ?a }}")


def test_no_owl_thing_typing(store):
    assert not ask(store, "?a a owl:Thing")


def test_no_sub_organisation_of_itself(store):
    assert not ask(store, "?a org:transitiveSubOrganizationOf ?a")
