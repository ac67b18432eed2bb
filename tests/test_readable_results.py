"""Answers that read well on every page: labels for IRIs under the base (in the page's
language) linking to their pages, other IRIs compact with the full IRI as the title,
literals with a discreet note; property labels on resource pages; the fault's line and
column in every problem about a query."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest

SMR = "https://w3id.org/emmd/id/organisation/smr"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def editor_page(client, query: str, lang: str = "en") -> str:
    response = client.get(f"/sparql?lang={lang}&query=" + quote(query), headers=HTML)
    return response.text


def cells(page: str) -> list[str]:
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [c.strip() for c in re.findall(r"<td>(.*?)</td>", body, re.S)]


def test_an_iri_under_the_base_shows_its_label_and_links_to_its_page(client):
    page = editor_page(client, f"SELECT ?o WHERE {{ VALUES ?o {{ <{SMR}> }} }}")
    assert cells(page) == [
        f'<a href="/id/organisation/smr" title="{SMR}">'
        "Saxon State Ministry for Regional Development</a>"
    ]


def test_the_label_is_in_the_page_language(client):
    page = editor_page(client, f"SELECT ?o WHERE {{ VALUES ?o {{ <{SMR}> }} }}", lang="de")
    assert ">Sächsisches Staatsministerium für Regionalentwicklung</a>" in cells(page)[0]


def test_another_iri_is_compact_with_the_full_iri_as_title(client):
    iri = "http://www.w3.org/ns/org#Organization"
    page = editor_page(client, f"SELECT ?c WHERE {{ VALUES ?c {{ <{iri}> }} }}")
    assert cells(page) == [f'<a href="{iri}" title="{iri}">org:Organization</a>']


def test_literals_note_their_language_or_datatype_but_not_xsd_string(client):
    page = editor_page(client, 'SELECT ?a ?b ?c WHERE { VALUES (?a ?b ?c) { ("Amt"@de 7 "x") } }')
    assert cells(page) == [
        '<span lang="de">Amt</span> <small class="note">@de</small>',
        '7 <small class="note">xsd:integer</small>',
        "x",
    ]


def test_a_construct_answer_is_a_table_of_subject_predicate_object(client):
    page = editor_page(client, f"CONSTRUCT {{ <{SMR}> a ?t }} WHERE {{ <{SMR}> a ?t }}")
    assert re.findall(r'<th scope="col">(\w+)</th>', page) == ["subject", "predicate", "object"]
    assert "Saxon State Ministry for Regional Development</a>" in cells(page)[0]
    assert ">rdf:type</a>" in cells(page)[1]


def test_a_saved_query_page_shows_labels(client):
    page = client.get("/queries/organisations-of-state", headers=HTML).text
    assert '<a href="/id/state/sachsen" title="https://w3id.org/emmd/id/state/sachsen">' in page


def test_resource_pages_name_properties_by_label_with_the_curie_as_title(client):
    page = client.get("/doc/id/organisation/lsbb.html?lang=en").text
    rows = re.findall(r'<th scope="row">(.*?)</th>', page)
    org = "http://www.w3.org/ns/org#"
    assert f'<a href="{org}subOrganizationOf" title="org:subOrganizationOf">part of</a>' in rows
    german = client.get("/doc/id/organisation/lsbb.html?lang=de").text
    assert 'title="org:subOrganizationOf">Teil von</a>' in german


def test_the_editor_page_header_shows_the_site_name(client):
    page = client.get("/sparql", headers=HTML).text
    home = client.get("/", headers=HTML).text
    brand = re.compile(r'<a href="/" class="brand">(.*?)</a>')
    assert brand.search(page)[1] == brand.search(home)[1] != "SPARQL"


def test_a_gate_refusal_names_its_line_and_column(client):
    response = client.get("/sparql", params={"query": "ASK {\n  ?s ?p ?o ) }"})
    assert response.status_code == 400
    problem = response.json()
    assert (problem["line"], problem["column"]) == (2, 12)


def test_an_engine_syntax_error_names_its_line_and_column(client):
    response = client.get("/sparql", params={"query": "SELECT ?x\nWHERE { ?x ?y }"})
    assert response.status_code == 400
    problem = response.json()
    assert (problem["line"], problem["column"]) == (2, 16)
    assert "error at 2:16" in problem["detail"]


def test_the_editor_page_points_at_the_fault(client):
    page = editor_page(client, "SELECT ?x\nWHERE { ?x ?y }")
    assert 'data-line="2" data-column="16"' in page
    assert '<p class="position">Line 2, column 16</p>' in page


def test_a_query_the_gate_refuses_asked_for_as_a_page_is_the_editor_pointing_at_it(client):
    response = client.get("/sparql", params={"query": "ASK {\n  ?s ?p ?o ) }"}, headers=HTML)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/html")
    assert 'data-line="2" data-column="12"' in response.text
    assert "ASK {\n  ?s ?p ?o ) }" in response.text  # the query is kept in the form


def test_a_refused_query_from_the_plain_form_is_shown_in_the_editor(client):
    form = {"query": "SELECT * WHERE { SERVICE <http://a.example/> { ?s ?p ?o } }"}
    response = client.post("/sparql", data=form, headers=HTML)
    assert response.status_code == 400
    assert "SERVICE is not allowed" in response.text
