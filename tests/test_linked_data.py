"""Linked data on the real server: dereferencing, documents, JSON-LD, pages, dataset."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld
from rdflib.compare import isomorphic

from emmd_kg.config import DEFAULT_BASE, load_settings
from emmd_kg.linked import describe, overview
from emmd_kg.pipeline import build
from emmd_kg.web import create_app
from emmd_kg.web.site import pictures

BASE = DEFAULT_BASE
SMR = "id/organisation/smr"
STATES = ("sachsen", "sachsen-anhalt", "thueringen")
KINDS = ("hierarchy", "partner", "member")
DOCUMENT_EXTENSIONS = {
    "html": "text/html",
    "jsonld": "application/ld+json",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="module")
def documents(artefact) -> list[str]:
    """The key of every document the resources routes must serve, read from the N-Quads:
    each IRI under the base in ``id/``, ``def/`` or ``graph/``, without its fragment."""
    keys = set()
    for quad in ox.parse(path=artefact.nquads, format=ox.RdfFormat.N_QUADS):
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
                keys.add(term.value[len(BASE) :].split("#", 1)[0])
    found = sorted(k for k in keys if k.startswith(("id/", "def/", "graph/")))
    assert len(found) > 50
    return found


def refuse(url, options=None):
    raise AssertionError(f"the JSON-LD processor tried to load {url}")


def turtle(body: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=body, format="turtle")


def links(html: str) -> list[str]:
    class Collect(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.found += [v for k, v in attrs if k == "href" and v is not None]

    parser = Collect()
    parser.found = []
    parser.feed(html)
    return parser.found


def embedded_schema(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "no embedded JSON-LD"
    return json.loads(block.group(1))


# dereferencing


@pytest.mark.parametrize("extension", sorted(DOCUMENT_EXTENSIONS))
def test_an_iri_answers_303_to_the_document_in_the_accepted_format(client, extension):
    response = client.get(f"/{SMR}", headers={"Accept": DOCUMENT_EXTENSIONS[extension]})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/doc/{SMR}.{extension}"
    assert response.headers["Vary"] == "Accept"


@pytest.mark.parametrize("key", ["def/policy-areas/transport", "graph/partner-page", "def/emmd"])
def test_def_and_graph_iris_dereference_too(client, key):
    response = client.get(f"/{key}", headers={"Accept": "text/turtle"})
    assert response.headers["Location"] == f"/doc/{key}.ttl"


def test_without_accept_the_iri_leads_to_turtle(client):
    assert client.get(f"/{SMR}").headers["Location"] == f"/doc/{SMR}.ttl"


def test_a_malformed_accept_leads_to_the_default_turtle(client):
    response = client.get(f"/{SMR}", headers={"Accept": "text/;;q=x,,*/*;q=nope"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/doc/{SMR}.ttl"


def test_an_unknown_iri_is_a_404_problem(client):
    response = client.get("/id/organisation/no-such-thing")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"


def test_nothing_acceptable_is_406_listing_the_formats(client):
    response = client.get(f"/{SMR}", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert set(DOCUMENT_EXTENSIONS.values()) <= set(response.json()["available"])


def test_the_303_links_every_format_and_the_document(client):
    link = client.get(f"/{SMR}").headers.get_list("Link")
    for extension, media_type in DOCUMENT_EXTENSIONS.items():
        assert f'</doc/{SMR}.{extension}>; rel="alternate"; type="{media_type}"' in link
    assert f'</doc/{SMR}>; rel="describedby"' in link


def test_a_hash_iri_is_described_by_the_document_of_its_namespace(client):
    graph = turtle(client.get("/doc/def/emmd.ttl").content)
    term = rdflib.URIRef(BASE + "def/emmd#StateMinistry")
    assert (term, rdflib.RDFS.subClassOf, None) in graph


def test_a_graph_iri_describes_the_graph_by_its_provenance(client):
    graph = turtle(client.get("/doc/graph/partner-page.ttl").content)
    prov = rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    assert (rdflib.URIRef(BASE + "graph/partner-page"), prov, None) in graph


# documents


@pytest.mark.parametrize("extension", sorted(DOCUMENT_EXTENSIONS))
def test_each_format_has_its_own_url_with_its_media_type(client, extension):
    response = client.get(f"/doc/{SMR}.{extension}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == DOCUMENT_EXTENSIONS[extension]


def test_the_negotiated_document_names_its_variant(client):
    response = client.get(f"/doc/{SMR}", headers={"Accept": "application/n-triples"})
    assert response.headers["Content-Type"] == "application/n-triples"
    assert response.headers["Content-Location"] == f"/doc/{SMR}.nt"
    assert "Accept" in response.headers["Vary"]


def test_a_negotiated_document_answers_304_with_its_variant_and_links(client):
    accept = {"Accept": "application/n-triples"}
    first = client.get(f"/doc/{SMR}", headers=accept)
    again = client.get(f"/doc/{SMR}", headers={**accept, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Content-Location"] == f"/doc/{SMR}.nt"
    assert "Accept" in again.headers["Vary"]
    assert again.headers.get_list("Link") == first.headers.get_list("Link")


def test_a_document_holds_asserted_and_inferred_statements(client):
    graph = turtle(client.get(f"/doc/{SMR}.ttl").content)
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    smr = rdflib.URIRef(BASE + SMR)
    assert (smr, org.subOrganizationOf, rdflib.URIRef(BASE + "id/state/sachsen")) in graph
    assert len(list(graph.objects(smr, org.hasSubOrganization))) == 2


def test_a_document_holds_its_incoming_links(client):
    graph = turtle(client.get(f"/doc/{SMR}.ttl").content)
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    agencies = set(graph.subjects(org.subOrganizationOf, rdflib.URIRef(BASE + SMR)))
    assert len(agencies) == 2


def test_a_document_names_every_resource_it_links_to(client):
    graph = turtle(client.get(f"/doc/{SMR}.ttl").content)
    smr = rdflib.URIRef(BASE + SMR)
    linked = {o for o in graph.objects(smr, None) if isinstance(o, rdflib.URIRef)}
    ours = {o for o in linked if o.startswith(BASE)}
    unnamed = {
        o
        for o in ours
        if (o, rdflib.SKOS.prefLabel, None) not in graph
        and (o, rdflib.RDFS.label, None) not in graph
    }
    assert len(ours) > 3 and unnamed == set()


def test_trig_keeps_the_graph_each_statement_comes_from(client):
    dataset = rdflib.Dataset().parse(data=client.get(f"/doc/{SMR}.trig").content, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {BASE + "graph/partner-page", BASE + "graph/inferred"} <= graphs


def test_blank_nodes_are_closed_in_a_description(tmp_path):
    data = tmp_path / "blank.nq"
    data.write_text(
        "<http://ex.org/a> <http://ex.org/p> _:b <http://ex.org/g> .\n"
        "_:b <http://ex.org/q> _:c <http://ex.org/g> .\n"
        '_:c <http://ex.org/r> "deep" <http://ex.org/g> .\n'
    )
    from emmd_kg.store.memory import MemoryStore

    description = describe(MemoryStore(data, "v"), "http://ex.org/a", ["http://ex.org/a"], 10)
    assert ox.Literal("deep") in {t.object for t in description.triples()}


def test_incoming_links_beyond_the_cap_are_cut_and_flagged(store):
    state = BASE + "id/state/sachsen"
    description = describe(store, state, [state], max_incoming=1)
    incoming = [s for s in description.statements if s.role == "in"]
    assert description.truncated and len(incoming) == 1


# JSON-LD


def test_every_document_in_jsonld_is_isomorphic_to_its_turtle_for_rdflib(client, documents):
    different = []
    for key in documents:
        expected = turtle(client.get(f"/doc/{key}.ttl").content)
        parsed = rdflib.Graph().parse(
            data=client.get(f"/doc/{key}.jsonld").content, format="json-ld"
        )
        if not isomorphic(expected, parsed):
            different.append(key)
    assert different == []


def test_every_document_in_jsonld_is_isomorphic_to_its_turtle_for_pyld(client, documents):
    different = []
    for key in documents:
        expected = turtle(client.get(f"/doc/{key}.ttl").content)
        document = client.get(f"/doc/{key}.jsonld").json()
        nquads = jsonld.to_rdf(
            document, {"format": "application/n-quads", "documentLoader": refuse}
        )
        if not isomorphic(expected, rdflib.Graph().parse(data=nquads, format="nt")):
            different.append(key)
    assert different == []


def test_jsonld_is_compacted_with_the_published_context(client):
    document = client.get(f"/doc/{SMR}.jsonld").json()
    published = client.get("/context.jsonld").json()
    assert document["@context"] == published["@context"]
    assert "@vocab" not in document["@context"]


def test_jsonld_labels_are_language_maps(client):
    document = client.get(f"/doc/{SMR}.jsonld").json()
    nodes = document.get("@graph", [document])
    smr = next(n for n in nodes if n["@id"].endswith("smr") or n["@id"] == BASE + SMR)
    assert set(smr["prefLabel"]) == {"de", "en"}


def test_plain_json_gets_the_context_in_a_link_header(client):
    response = client.get(f"/doc/{SMR}", headers={"Accept": "application/json"})
    assert response.headers["Content-Type"] == "application/json"
    assert "@context" not in response.json()
    link = response.headers.get_list("Link")
    assert (
        '</context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; '
        'type="application/ld+json"' in link
    )


def test_plain_json_with_its_linked_context_is_the_same_graph(client):
    body = client.get(f"/doc/{SMR}", headers={"Accept": "application/json"}).json()
    context = client.get("/context.jsonld").json()
    nquads = jsonld.to_rdf(
        {**body, "@context": context["@context"]},
        {"format": "application/n-quads", "documentLoader": refuse},
    )
    expected = turtle(client.get(f"/doc/{SMR}.ttl").content)
    assert isomorphic(expected, rdflib.Graph().parse(data=nquads, format="nt"))


# pages


def test_the_page_name_follows_accept_language(client):
    german = client.get(f"/doc/{SMR}.html", headers={"Accept-Language": "de"}).text
    assert (
        '<h1 id="resource-name">Sächsisches Staatsministerium für Regionalentwicklung</h1>'
        in german
    )


def test_the_lang_parameter_switches_the_language(client):
    english = client.get(f"/doc/{SMR}.html?lang=en", headers={"Accept-Language": "de"}).text
    assert ">Saxon State Ministry for Regional Development</h1>" in english


def test_a_page_varies_by_language(client):
    assert "Accept-Language" in client.get(f"/doc/{SMR}.html").headers["Vary"]


def test_page_links_stay_on_this_server(client):
    hrefs = links(client.get(f"/doc/{SMR}.html").text)
    assert hrefs and not [h for h in hrefs if h.startswith(BASE)]
    assert "/id/state/sachsen" in hrefs


def test_a_page_links_every_format(client):
    hrefs = links(client.get(f"/doc/{SMR}.html").text)
    assert {f"/doc/{SMR}.{e}" for e in DOCUMENT_EXTENSIONS} <= set(hrefs)


def test_a_page_shows_incoming_links_and_provenance(client):
    page = client.get(f"/doc/{SMR}.html?lang=en").text
    assert "State Office for Monument Conservation" in page
    assert "Links to this resource" in page and "Provenance" in page


def test_a_page_embeds_schema_org_for_a_government_organisation(client):
    schema = embedded_schema(client.get(f"/doc/{SMR}.html?lang=en").text)
    assert schema["@type"] == "GovernmentOrganization"
    assert schema["parentOrganization"] == [{"@id": BASE + "id/state/sachsen", "name": "Saxony"}]
    assert schema["areaServed"][0]["@id"] == "http://data.europa.eu/nuts/code/DED"


def test_schema_org_carries_founding_date_and_membership(client):
    tmil = embedded_schema(client.get("/doc/id/organisation/tmil.html").text)
    emmd = embedded_schema(client.get("/doc/id/organisation/emmd.html").text)
    assert tmil["foundingDate"] == "2004"
    assert {m["@id"] for m in emmd["memberOf"]} == {
        BASE + "id/network/ikm",
        BASE + "id/network/metrex",
    }


def test_a_hash_document_page_has_a_section_per_term(client):
    page = client.get("/doc/def/emmd.html").text
    assert 'id="StateMinistry"' in page and 'id="partnerOf"' in page


# home


def test_the_home_page_draws_the_organisation_tree(client, store):
    page = client.get("/?lang=en").text
    tree = page.split('id="tree"', 1)[1].split("</figure>", 1)[0]
    organisations = {
        row["o"].value
        for row in store.query(
            "SELECT DISTINCT ?o WHERE { { ?o <http://www.w3.org/ns/org#subOrganizationOf> ?x } "
            "UNION { ?x <http://www.w3.org/ns/org#subOrganizationOf> ?o } }"
        )
    }
    assert "<svg" in tree
    assert {"/" + o[len(BASE) :] for o in organisations} <= set(links(tree))


def test_the_home_page_matrix_crosses_policy_areas_and_states(client):
    page = client.get("/?lang=en").text
    matrix = page.split('id="matrix"', 1)[1].split("</figure>", 1)[0]
    hrefs = set(links(matrix))
    assert {"/id/state/sachsen", "/id/state/sachsen-anhalt", "/id/state/thueringen"} <= hrefs
    assert len([h for h in hrefs if h.startswith("/def/policy-areas/")]) == 13


def test_a_matrix_cell_names_the_organisation_and_its_wording(client):
    page = client.get("/?lang=en").text
    table = page.split('class="matrix-table"', 1)[1].split("</table>", 1)[0]
    row = next(r for r in table.split("<tr>") if ">Transport</a></th>" in r)
    assert "Transport and logistics" in row and ">MLV</a>" in row


def test_the_vocabularies_root_leads_to_the_list_of_vocabularies(client):
    response = client.get("/def/")
    assert response.status_code == 303 and response.headers["Location"] == "/#vocabularies"
    assert "/def/policy-areas" in links(client.get("/").text)


# dataset


def test_the_dataset_description_negotiates(client):
    response = client.get("/dataset", headers={"Accept": "text/turtle"})
    graph = turtle(response.content)
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    assert (rdflib.URIRef(BASE + "dataset"), rdflib.RDF.type, dcat.Dataset) in graph
    assert response.headers["Content-Location"] == "/dataset.ttl"


def test_the_dataset_page_links_the_dumps_and_the_endpoint(client):
    hrefs = set(links(client.get("/dataset.html").text))
    assert {"/dumps/dataset.ttl", "/dumps/dataset.nq", "/sparql"} <= hrefs


def test_the_well_known_void_location_leads_to_the_dataset(client):
    response = client.get("/.well-known/void")
    assert response.status_code == 303 and response.headers["Location"] == "/dataset"


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("nq", "application/n-quads"),
        ("trig", "application/trig"),
        ("ttl", "text/turtle"),
        ("nt", "application/n-triples"),
        ("jsonld", "application/ld+json"),
    ],
)
def test_each_dump_is_served_with_its_media_type(client, name, media_type):
    response = client.get(f"/dumps/dataset.{name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type


@pytest.mark.parametrize("name", ["nq", "trig", "ttl", "nt", "jsonld"])
def test_the_etag_of_a_dump_is_its_sha256(client, name):
    response = client.get(f"/dumps/dataset.{name}")
    assert response.headers["ETag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'


def test_a_dump_answers_304_to_its_checksum(client):
    tag = client.get("/dumps/dataset.nq").headers["ETag"]
    again = client.get("/dumps/dataset.nq", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == tag


def test_an_unknown_dump_is_404(client):
    assert client.get("/dumps/manifest.json").status_code == 404


def test_the_sitemap_lists_every_document_under_the_base(client, documents):
    body = client.get("/sitemap.xml").text
    locations = set(re.findall(r"<loc>(.*?)</loc>", body))
    assert {BASE + key for key in documents} <= locations
    assert all(loc.startswith(BASE) for loc in locations)


# the pictures are chosen from the data


def test_the_matrix_axes_are_derived_from_the_data(store):
    derived = overview.matrix(store)
    assert derived.scheme == BASE + "def/policy-areas"
    assert derived.columns == tuple(BASE + f"id/state/{s}" for s in STATES)


def test_a_configured_class_gives_the_matrix_columns(store):
    configured = overview.matrix(store, cls=BASE + "def/emmd#StateMinistry")
    assert configured.columns == tuple(
        BASE + f"id/organisation/{m}" for m in ("mlv", "smr", "tmil")
    )


def test_another_project_gets_its_own_tree_and_no_matrix(mini_project, tmp_path):
    settings = load_settings(mini_project, build_dir=tmp_path / "build")
    build(settings)
    client = create_app(settings).test_client()
    page = client.get("/?lang=en").text
    assert 'id="tree"' in page and 'id="matrix"' not in page
    assert {"/id/library/central", "/id/library/branch", "/id/library/kiosk"} <= set(links(page))
    assert client.get("/id/library/kiosk").headers["Location"] == "/doc/id/library/kiosk.ttl"


def test_a_hierarchy_cycle_is_still_drawn():
    edges = [overview.Edge("a", "b", "hierarchy"), overview.Edge("b", "a", "hierarchy")]
    picture = pictures.tree(edges, str, lambda iri: f"/{iri}", dict.fromkeys(KINDS, "x"))
    assert sorted(box.href for box in picture.boxes) == ["/a", "/b"]
