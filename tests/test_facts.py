"""Every fact of the source page, asserted through SPARQL against the knowledge graph.

The source is the EMMD page "Partner" (shared/source/000_e07568e6dfaa1470.txt). The
fixture ``kg`` is the built artefact (every graph: asserted, inferred and the dataset
description) as one rdflib graph, queried with plain SPARQL 1.1.
"""

from __future__ import annotations

import pathlib

import pytest
from rdflib import Graph, Literal, URIRef

ROOT = pathlib.Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/emmd/"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = f"""
PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX emmd: <{BASE}def/emmd#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX ido: <{BASE}id/organisation/>
PREFIX idn: <{BASE}id/network/>
PREFIX ids: <{BASE}id/state/>
PREFIX idm: <{BASE}id/membership/>
PREFIX idf: <{BASE}id/figure/>
PREFIX src: <{BASE}id/source/>
PREFIX resp: <{BASE}def/responsibilities/>
PREFIX area: <{BASE}def/policy-areas/>
PREFIX authtype: <{BASE}def/authority-types/>
PREFIX purpose: <{BASE}def/network-purposes/>
PREFIX role: <{BASE}def/roles/>
PREFIX precision: <{BASE}def/figure-precision/>
PREFIX nuts: <http://data.europa.eu/nuts/code/>
PREFIX wd: <http://www.wikidata.org/entity/>
"""


def iri(path: str) -> URIRef:
    return URIRef(BASE + path)


@pytest.fixture(scope="module")
def kg(artefact) -> Graph:
    """The union of every graph of the built artefact."""
    graph = Graph()
    graph.parse(artefact.path / "dumps" / "dataset.nt", format="nt")
    return graph


def ask(kg: Graph, query: str) -> bool:
    return bool(kg.query(PREFIXES + "ASK {" + query + "}").askAnswer)


def rows(kg: Graph, query: str) -> set[tuple]:
    return {tuple(row) for row in kg.query(PREFIXES + query)}


def values(kg: Graph, query: str) -> set:
    """The values of the single variable a SELECT query returns."""
    return {row[0] for row in kg.query(PREFIXES + query)}


def labels(kg: Graph, subject: str, prop: str = "skos:prefLabel") -> set[Literal]:
    return values(kg, f"SELECT ?l WHERE {{ {subject} {prop} ?l }}")


def de(text: str) -> Literal:
    return Literal(text, lang="de")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def purposes_de(kg: Graph, subject: str) -> set[str]:
    found = values(
        kg,
        f"""SELECT ?l WHERE {{ {subject} org:purpose ?c . ?c skos:prefLabel ?l .
            FILTER(lang(?l) = "de") }}""",
    )
    return {str(label) for label in found}


# EMMD


def test_emmd_is_the_europaeische_metropolregion_mitteldeutschland(kg):
    assert ask(kg, "ido:emmd a emmd:MetropolitanRegion, org:Organization")
    assert de("Europäische Metropolregion Mitteldeutschland") in labels(kg, "ido:emmd")
    assert {de("EMMD"), en("EMMD")} <= labels(kg, "ido:emmd", "skos:altLabel")


def test_emmd_works_closely_with_actors_clusters_and_initiatives_in_the_region(kg):
    (text_de,) = values(
        kg, 'SELECT ?d WHERE { ido:emmd dct:description ?d FILTER(lang(?d) = "de") }'
    )
    (text_en,) = values(
        kg, 'SELECT ?d WHERE { ido:emmd dct:description ?d FILTER(lang(?d) = "en") }'
    )
    for word in ("eng", "Akteuren", "Clustern", "Initiativen", "Region"):
        assert word in text_de
    for word in ("closely", "actors", "clusters", "initiatives", "region"):
        assert word in text_en


def test_the_ministries_of_the_three_states_are_partners_of_emmd(kg):
    partners = values(kg, "SELECT ?m WHERE { ?m a emmd:StateMinistry ; emmd:partnerOf ido:emmd }")
    assert partners == {
        iri("id/organisation/smr"),
        iri("id/organisation/mlv"),
        iri("id/organisation/tmil"),
    }
    states = values(
        kg,
        """SELECT ?s WHERE { ?m a emmd:StateMinistry ; emmd:partnerOf ido:emmd ;
           org:subOrganizationOf ?s . ?s a emmd:State }""",
    )
    assert len(states) == 3


def test_the_german_and_european_networks_are_partners_of_emmd(kg):
    partners = values(
        kg, "SELECT ?n WHERE { ?n a emmd:MetropolitanRegionNetwork ; emmd:partnerOf ido:emmd }"
    )
    assert partners == {iri("id/network/ikm"), iri("id/network/metrex")}


def test_every_partnership_is_also_a_membership_with_role_partner(kg):
    shortcuts = values(kg, "SELECT ?x WHERE { ?x emmd:partnerOf ido:emmd }")
    memberships = rows(
        kg,
        """SELECT ?membership ?x WHERE { ?membership a org:Membership ; org:member ?x ;
           org:organization ido:emmd ; org:role role:partner }""",
    )
    assert {x for _, x in memberships} == shortcuts
    assert len(shortcuts) == 5
    for membership, member in memberships:
        key = str(member).rsplit("/", 1)[-1]
        assert membership == iri(f"id/membership/{key}-emmd")


def test_partner_of_specialises_org_linked_to(kg):
    assert ask(kg, "emmd:partnerOf rdfs:subPropertyOf org:linkedTo")


# Sachsen: SMR


def test_smr_is_named_as_the_heading_spells_it(kg):
    assert labels(kg, "ido:smr") == {
        de("Sächsisches Staatsministerium für Regionalentwicklung"),
        en("Saxon State Ministry for Regional Development"),
    }
    assert {de("Staatsministerium für Regionalentwicklung"), de("SMR"), en("SMR")} <= labels(
        kg, "ido:smr", "skos:altLabel"
    )


def test_smr_is_newly_founded_without_a_stated_date(kg):
    notes = labels(kg, "ido:smr", "skos:note")
    assert any("neu gegründet" in note and note.language == "de" for note in notes)
    assert any("newly founded" in note and note.language == "en" for note in notes)
    assert not ask(kg, "ido:smr schema:foundingDate ?date")


def test_smr_is_a_ministry_of_sachsen(kg):
    assert ask(kg, "ido:smr org:subOrganizationOf ids:sachsen ; dct:spatial nuts:DED")


def test_smr_responsibilities_in_its_own_wording(kg):
    assert purposes_de(kg, "ido:smr") == {
        "Strukturwandel und -entwicklung",
        "Regionalpolitik",
        "ländlicher Raum und Innovation",
        "Stadtentwicklung",
        "Bau- und Wohnungswesen",
        "Landesentwicklung",
        "Vermessungswesen",
    }


def test_smr_has_two_subordinate_agencies_without_acronyms(kg):
    agencies = values(kg, "SELECT ?a WHERE { ?a org:subOrganizationOf ido:smr }")
    assert agencies == {
        iri("id/organisation/staatsbetrieb-geobasisinformation-und-vermessung"),
        iri("id/organisation/landesamt-fuer-denkmalpflege"),
    }
    assert de("Staatsbetrieb Geobasisinformation und Vermessung") in labels(
        kg, "ido:staatsbetrieb-geobasisinformation-und-vermessung"
    )
    assert de("Landesamt für Denkmalpflege") in labels(kg, "ido:landesamt-fuer-denkmalpflege")
    assert not ask(kg, "ido:smr ^org:subOrganizationOf/skos:altLabel ?acronym")


# Sachsen-Anhalt: MLV


def test_mlv_is_named_as_the_heading_spells_it(kg):
    assert de("Ministerium für Landesentwicklung und Verkehr des Landes Sachsen-Anhalt") in labels(
        kg, "ido:mlv"
    )
    assert {de("Ministerium für Landesentwicklung und Verkehr"), de("MLV"), en("MLV")} <= labels(
        kg, "ido:mlv", "skos:altLabel"
    )


def test_mlv_is_oberste_landesbehoerde(kg):
    assert ask(
        kg,
        """ido:mlv org:classification authtype:oberste-landesbehoerde .
           authtype:oberste-landesbehoerde skos:prefLabel "oberste Landesbehörde"@de ;
             skos:inScheme <https://w3id.org/emmd/def/authority-types> ;
             skos:broadMatch
               <http://publications.europa.eu/resource/authority/organization-type/GOV>""",
    )


def test_only_mlv_is_stated_to_be_oberste_landesbehoerde(kg):
    classified = values(
        kg, "SELECT ?x WHERE { ?x org:classification authtype:oberste-landesbehoerde }"
    )
    assert classified == {iri("id/organisation/mlv")}


def test_mlv_is_a_ministry_of_sachsen_anhalt(kg):
    assert ask(kg, "ido:mlv org:subOrganizationOf ids:sachsen-anhalt ; dct:spatial nuts:DEE")


def test_mlv_responsibilities_in_its_own_wording(kg):
    assert purposes_de(kg, "ido:mlv") == {
        "Bauen und Stadtentwicklung",
        "Demografie und Landesplanung",
        "Verkehr und Logistik",
        "Geoinformation",
    }


def test_lsbb_and_lvermgeo_are_subordinate_to_mlv(kg):
    agencies = values(kg, "SELECT ?a WHERE { ?a org:subOrganizationOf ido:mlv }")
    assert agencies == {iri("id/organisation/lsbb"), iri("id/organisation/lvermgeo")}
    assert de("Landesstraßenbaubehörde") in labels(kg, "ido:lsbb")
    assert {de("LSBB"), en("LSBB")} <= labels(kg, "ido:lsbb", "skos:altLabel")
    assert de("Landesamt für Vermessung und Geoinformation") in labels(kg, "ido:lvermgeo")
    assert {de("LVermGeo"), en("LVermGeo")} <= labels(kg, "ido:lvermgeo", "skos:altLabel")


# Thüringen: TMIL


def test_tmil_is_named_as_the_heading_spells_it(kg):
    assert de("Thüringer Ministerium für Infrastruktur und Landwirtschaft") in labels(
        kg, "ido:tmil"
    )
    assert {de("TMIL"), en("TMIL")} <= labels(kg, "ido:tmil", "skos:altLabel")


def test_tmil_was_founded_in_2004(kg):
    assert values(kg, "SELECT ?d WHERE { ido:tmil schema:foundingDate ?d }") == {
        Literal("2004", datatype=URIRef(XSD + "gYear"))
    }


def test_tmil_is_a_ministry_of_thueringen(kg):
    assert ask(kg, "ido:tmil org:subOrganizationOf ids:thueringen ; dct:spatial nuts:DEG")


def test_tmil_responsibilities_in_its_own_wording(kg):
    assert purposes_de(kg, "ido:tmil") == {
        "Städte- und Wohnungsbau",
        "Demografie",
        "Verkehr und Straßenbau",
        "Strategische Landesentwicklung",
        "Landwirtschaft und Ländlicher Raum",
        "Forst, Jagd und Fischerei",
    }


def test_no_agency_is_invented_for_tmil(kg):
    assert not ask(kg, "?agency org:subOrganizationOf ido:tmil")


# Ministries, agencies and states in general


def test_ministries_are_public_formal_organisations(kg):
    ministries = values(
        kg,
        """SELECT ?m WHERE { ?m a emmd:StateMinistry, cv:PublicOrganisation,
           org:FormalOrganization }""",
    )
    assert len(ministries) == 3


def test_agencies_are_subordinate_authorities_of_their_ministry(kg):
    found = rows(
        kg,
        """SELECT ?agency ?ministry ?state WHERE {
             ?agency a emmd:StateAgency, cv:PublicOrganisation, org:FormalOrganization ;
               org:classification authtype:nachgeordnete-behoerde ;
               org:subOrganizationOf ?ministry .
             ?ministry a emmd:StateMinistry ; org:subOrganizationOf ?state .
             ?state a emmd:State }""",
    )
    assert len(found) == 4
    assert {state for _, _, state in found} == {
        iri("id/state/sachsen"),
        iri("id/state/sachsen-anhalt"),
    }


def test_states_are_organisations_apart_from_their_territory(kg):
    found = rows(
        kg,
        """SELECT ?state ?nuts ?wikidata WHERE {
             ?state a emmd:State, cv:PublicOrganisation ; dct:spatial ?nuts ;
               skos:closeMatch ?wikidata .
             ?nuts a dct:Location .
             FILTER(STRSTARTS(STR(?nuts), "http://data.europa.eu/nuts/code/"))
             FILTER(STRSTARTS(STR(?wikidata), "http://www.wikidata.org/entity/")) }""",
    )
    nuts = "http://data.europa.eu/nuts/code/"
    wikidata = "http://www.wikidata.org/entity/"
    assert found == {
        (iri("id/state/sachsen"), URIRef(nuts + "DED"), URIRef(wikidata + "Q1202")),
        (iri("id/state/sachsen-anhalt"), URIRef(nuts + "DEE"), URIRef(wikidata + "Q1206")),
        (iri("id/state/thueringen"), URIRef(nuts + "DEG"), URIRef(wikidata + "Q1205")),
    }
    assert not ask(kg, "?state a emmd:State, dct:Location")
    assert not ask(kg, "?state a emmd:State ; owl:sameAs ?other FILTER(?state != ?other)")


def test_states_carry_their_dcat_ap_de_state_key(kg):
    key = "http://dcat-ap.de/def/politicalGeocoding/stateKey/"
    found = rows(
        kg,
        f"""SELECT ?state ?key WHERE {{ ?state a emmd:State ; dct:spatial ?key .
            ?key a dct:Location FILTER(STRSTARTS(STR(?key), "{key}")) }}""",
    )
    assert found == {
        (iri("id/state/sachsen"), URIRef(key + "14")),
        (iri("id/state/sachsen-anhalt"), URIRef(key + "15")),
        (iri("id/state/thueringen"), URIRef(key + "16")),
    }


def test_states_are_named(kg):
    assert labels(kg, "ids:sachsen") == {de("Sachsen"), en("Saxony")}
    assert labels(kg, "ids:sachsen-anhalt") == {de("Sachsen-Anhalt"), en("Saxony-Anhalt")}
    assert labels(kg, "ids:thueringen") == {de("Thüringen"), en("Thuringia")}


# Responsibilities and policy areas

RESPONSIBLE = {
    "structural-change": {("smr", "Strukturwandel und -entwicklung")},
    "regional-policy": {("smr", "Regionalpolitik")},
    "rural-areas": {
        ("smr", "ländlicher Raum und Innovation"),
        ("tmil", "Landwirtschaft und Ländlicher Raum"),
    },
    "innovation": {("smr", "ländlicher Raum und Innovation")},
    "urban-development": {
        ("smr", "Stadtentwicklung"),
        ("mlv", "Bauen und Stadtentwicklung"),
        ("tmil", "Städte- und Wohnungsbau"),
    },
    "construction": {("smr", "Bau- und Wohnungswesen"), ("mlv", "Bauen und Stadtentwicklung")},
    "housing": {("smr", "Bau- und Wohnungswesen"), ("tmil", "Städte- und Wohnungsbau")},
    "state-planning-and-development": {
        ("smr", "Landesentwicklung"),
        ("mlv", "Demografie und Landesplanung"),
        ("tmil", "Strategische Landesentwicklung"),
    },
    "demography": {("mlv", "Demografie und Landesplanung"), ("tmil", "Demografie")},
    "transport": {("mlv", "Verkehr und Logistik"), ("tmil", "Verkehr und Straßenbau")},
    "surveying-and-geoinformation": {("smr", "Vermessungswesen"), ("mlv", "Geoinformation")},
    "agriculture": {("tmil", "Landwirtschaft und Ländlicher Raum")},
    "forestry-hunting-and-fishing": {("tmil", "Forst, Jagd und Fischerei")},
}

STATE_OF = {"smr": "Sachsen", "mlv": "Sachsen-Anhalt", "tmil": "Thüringen"}

WHO_IS_RESPONSIBLE = """
SELECT DISTINCT ?ministry ?state ?wording WHERE {
  VALUES ?area { <%s> }
  ?area skos:inScheme <https://w3id.org/emmd/def/policy-areas> .
  ?responsibility skos:closeMatch|skos:broadMatch|skos:narrowMatch ?area ;
    skos:inScheme <https://w3id.org/emmd/def/responsibilities> ;
    skos:prefLabel ?wording .
  ?ministry a emmd:StateMinistry ; org:purpose ?responsibility ;
    org:subOrganizationOf ?s .
  ?s a emmd:State ; skos:prefLabel ?state .
  FILTER(lang(?wording) = "de" && lang(?state) = "de")
}
"""


@pytest.mark.parametrize("area", sorted(RESPONSIBLE))
def test_responsibility_query_one_query_per_policy_area(kg, area):
    """'Who is responsible for <area> in each state?' is one query, answered in each
    ministry's own wording (the source names no transport remit for the SMR, so
    transport has two answers, not three)."""
    found = rows(kg, WHO_IS_RESPONSIBLE % iri(f"def/policy-areas/{area}"))
    expected = {
        (iri(f"id/organisation/{m}"), de(STATE_OF[m]), de(wording))
        for m, wording in RESPONSIBLE[area]
    }
    assert found == expected


def test_urban_development_is_answered_for_all_three_states(kg):
    found = rows(kg, WHO_IS_RESPONSIBLE % iri("def/policy-areas/urban-development"))
    assert {str(state) for _, state, _ in found} == set(STATE_OF.values())


def test_every_policy_area_is_covered_by_the_responsibility_table(kg):
    areas = values(
        kg,
        """SELECT ?a WHERE { ?a a skos:Concept ;
           skos:inScheme <https://w3id.org/emmd/def/policy-areas> }""",
    )
    assert areas == {iri(f"def/policy-areas/{a}") for a in RESPONSIBLE}


def test_each_list_item_is_a_concept_of_one_ministry(kg):
    found = rows(
        kg,
        """SELECT ?c (COUNT(DISTINCT ?m) AS ?n) WHERE {
             ?c skos:inScheme <https://w3id.org/emmd/def/responsibilities> .
             ?m a emmd:StateMinistry ; org:purpose ?c } GROUP BY ?c""",
    )
    assert len(found) == 7 + 4 + 6
    assert {int(n) for _, n in found} == {1}
    concepts = values(
        kg,
        """SELECT ?c WHERE { ?c a skos:Concept ;
           skos:inScheme <https://w3id.org/emmd/def/responsibilities> }""",
    )
    assert concepts == {c for c, _ in found}


def test_responsibility_slugs_carry_the_ministry_key(kg):
    found = rows(kg, "SELECT ?m ?c WHERE { ?m a emmd:StateMinistry ; org:purpose ?c }")
    for ministry, concept in found:
        key = str(ministry).rsplit("/", 1)[-1]
        assert str(concept).startswith(f"{BASE}def/responsibilities/{key}-")


# Networks


def test_ikm_is_the_initiativkreis_europaeische_metropolregionen_in_deutschland(kg):
    assert ask(kg, "idn:ikm a emmd:MetropolitanRegionNetwork")
    assert de("Initiativkreis Europäische Metropolregionen in Deutschland") in labels(kg, "idn:ikm")
    assert {de("IKM"), en("IKM")} <= labels(kg, "idn:ikm", "skos:altLabel")


def member_figure(kg, network: str) -> set[tuple]:
    """(value, precision, German wording) of a network's stated member count."""
    return rows(
        kg,
        f"""SELECT ?value ?precision ?wording WHERE {{ {network} emmd:memberCount ?figure .
           ?figure a schema:QuantitativeValue ; schema:value ?value ;
             schema:valueReference ?precision ; schema:description ?wording
           FILTER(lang(?wording) = "de") }}""",
    )


def test_ikm_unites_the_eleven_german_metropolitan_regions(kg):
    assert member_figure(kg, "idn:ikm") == {
        (Literal(11), iri("def/figure-precision/exact"), de("die elf deutschen Metropolregionen"))
    }


def test_ikm_purposes(kg):
    assert purposes_de(kg, "idn:ikm") == {
        "Nutzen metropolregionaler Zusammenarbeit aufzeigen",
        "Erfahrungsaustausch über Projekte in ganz Deutschland intensivieren",
        "Gemeinsame Vorhaben initiieren",
    }


def test_network_purposes_are_defined_in_german_and_english(kg):
    found = rows(
        kg,
        """SELECT ?p (COUNT(DISTINCT ?d) AS ?n) WHERE {
             ?network a emmd:MetropolitanRegionNetwork ; org:purpose ?p .
             ?p skos:inScheme <https://w3id.org/emmd/def/network-purposes> ;
               skos:definition ?d
             FILTER(lang(?d) IN ("de", "en")) } GROUP BY ?p""",
    )
    assert len(found) == 4
    assert {int(n) for _, n in found} == {2}


def test_metrex_is_the_network_of_european_metropolitan_regions_and_areas(kg):
    assert ask(kg, "idn:metrex a emmd:MetropolitanRegionNetwork")
    assert labels(kg, "idn:metrex") == {
        de("METREX - Das Netzwerk der Europäischen Metropolregionen"),
        en("The Network of European Metropolitan Regions and Areas"),
    }
    assert {de("METREX"), en("METREX")} <= labels(kg, "idn:metrex", "skos:altLabel")


def test_metrex_member_count_is_approximate_120(kg):
    assert member_figure(kg, "idn:metrex") == {
        (
            Literal(120),
            iri("def/figure-precision/approximate"),
            de("rund 120 Ballungs- und Großräume"),
        )
    }


def test_120_is_never_a_bare_number(kg):
    found = rows(
        kg,
        """SELECT ?s ?p WHERE { ?s ?p ?o FILTER(isLiteral(?o) && datatype(?o) = xsd:integer
           && ?o = 120) }""",
    )
    assert found == {(iri("id/figure/metrex-members"), URIRef("http://schema.org/value"))}
    assert ask(kg, "idf:metrex-members schema:valueReference precision:approximate")


def test_metrex_areas_are_cores_of_development_in_europe(kg):
    (text,) = values(
        kg, 'SELECT ?d WHERE { idn:metrex dct:description ?d FILTER(lang(?d) = "en") }'
    )
    assert "cores of social, societal and economic development in Europe" in text


def test_metrex_is_a_networking_platform_for_expert_discourse(kg):
    assert purposes_de(kg, "idn:metrex") == {"Vernetzungsplattform für fachliche Diskurse"}
    (definition,) = values(
        kg,
        """SELECT ?d WHERE { purpose:metrex-platform-for-expert-discourse skos:definition ?d
           FILTER(lang(?d) = "en") }""",
    )
    for words in ("current topics", "challenges", "metropolitan areas", "European context"):
        assert words in definition


def test_emmd_is_member_of_ikm_and_metrex(kg):
    assert values(kg, "SELECT ?n WHERE { ido:emmd org:memberOf ?n }") == {
        iri("id/network/ikm"),
        iri("id/network/metrex"),
    }
    found = values(
        kg,
        """SELECT ?n WHERE { ?m a org:Membership ; org:member ido:emmd ;
           org:organization ?n ; org:role role:member }""",
    )
    assert found == {iri("id/network/ikm"), iri("id/network/metrex")}


# Source and provenance


def test_source_document_is_the_german_page_partner_published_by_emmd(kg):
    assert ask(
        kg,
        """src:partner-page a foaf:Document ; dct:title "Partner"@de ;
           dct:language <http://publications.europa.eu/resource/authority/language/DEU> ;
           dct:publisher ido:emmd""",
    )


def test_partner_page_graph_is_derived_from_the_source_at_a_fixed_time(kg):
    assert values(
        kg,
        """SELECT ?t WHERE { <https://w3id.org/emmd/graph/partner-page>
           prov:wasDerivedFrom src:partner-page ; prov:generatedAtTime ?t }""",
    ) == {Literal("2026-11-27T00:00:00Z", datatype=URIRef(XSD + "dateTime"))}


def test_every_main_resource_is_derived_from_the_source(kg):
    missing = values(
        kg,
        f"""SELECT DISTINCT ?s WHERE {{
              ?s a ?type .
              FILTER(STRSTARTS(STR(?s), "{BASE}id/") || STRSTARTS(STR(?s), "{BASE}def/"))
              FILTER(!STRSTARTS(STR(?s), "{BASE}id/source/"))
              FILTER(!STRSTARTS(STR(?s), "{BASE}def/emmd"))
              FILTER NOT EXISTS {{ ?s prov:wasDerivedFrom src:partner-page }} }}""",
    )
    assert missing == set()


def test_every_resource_has_one_pref_label_per_language(kg):
    found = rows(
        kg,
        f"""SELECT ?s (SUM(IF(lang(?l) = "de", 1, 0)) AS ?de)
                      (SUM(IF(lang(?l) = "en", 1, 0)) AS ?en) (COUNT(?l) AS ?all) WHERE {{
              {{ SELECT DISTINCT ?s WHERE {{
                  {{ ?s ?p ?o FILTER(isIRI(?s) && (STRSTARTS(STR(?s), "{BASE}id/")
                     || STRSTARTS(STR(?s), "{BASE}def/") || STRSTARTS(STR(?s), "{BASE}graph/"))) }}
                  UNION {{ ?s a dct:Location }} }} }}
              OPTIONAL {{ ?s skos:prefLabel ?l }}
            }} GROUP BY ?s""",
    )
    assert len(found) > 80
    bad = {(s, int(d), int(e), int(a)) for s, d, e, a in found}
    assert {b for b in bad if b[1:] != (1, 1, 2)} == set()


def test_acronyms_are_tagged_in_german_and_english(kg):
    found = rows(kg, "SELECT ?s ?l WHERE { ?s skos:altLabel ?l }")
    assert found
    assert {label.language for _, label in found} == {"de", "en"}


def test_every_concept_is_a_top_concept_of_its_scheme(kg):
    missing = values(
        kg,
        """SELECT ?c WHERE { ?c a skos:Concept ; skos:inScheme ?scheme .
           FILTER NOT EXISTS { ?c skos:topConceptOf ?scheme . ?scheme skos:hasTopConcept ?c } }""",
    )
    assert missing == set()


def test_every_figure_states_its_precision(kg):
    found = rows(
        kg,
        """SELECT ?f ?p WHERE { ?f a schema:QuantitativeValue ; schema:valueReference ?p .
           ?p skos:inScheme <https://w3id.org/emmd/def/figure-precision> }""",
    )
    assert {f for f, _ in found} == {iri("id/figure/ikm-members"), iri("id/figure/metrex-members")}


# The ontology


def test_ontology_header(kg):
    assert ask(
        kg,
        """<https://w3id.org/emmd/def/emmd> a owl:Ontology ; owl:versionInfo ?version ;
           dct:license ?licence ; dct:description ?de, ?en
           FILTER(lang(?de) = "de" && lang(?en) = "en")""",
    )


OWN_TERMS = {
    "StateMinistry",
    "StateAgency",
    "State",
    "MetropolitanRegion",
    "MetropolitanRegionNetwork",
    "partnerOf",
    "memberCount",
}


def test_own_terms_are_labelled_defined_and_specialise_a_standard_term(kg):
    found = rows(
        kg,
        """SELECT DISTINCT ?term ?super WHERE {
             ?term rdfs:isDefinedBy <https://w3id.org/emmd/def/emmd> ;
               rdfs:subClassOf|rdfs:subPropertyOf ?super .
             FILTER(isIRI(?super) && !STRSTARTS(STR(?super), "https://w3id.org/emmd/"))
             FILTER(?super != owl:Thing)
             ?term skos:prefLabel ?pde, ?pen ; rdfs:label ?lde, ?len ; skos:definition ?dde, ?den .
             FILTER(lang(?pde) = "de" && lang(?pen) = "en" && lang(?lde) = "de"
                    && lang(?len) = "en" && lang(?dde) = "de" && lang(?den) = "en") }""",
    )
    assert {str(term).rsplit("#", 1)[-1] for term, _ in found} == OWN_TERMS


def test_member_count_specialises_dct_extent_with_quantitative_values(kg):
    assert ask(
        kg, "emmd:memberCount rdfs:subPropertyOf dct:extent ; rdfs:range schema:QuantitativeValue"
    )
