"""The saved-query catalogue over HTTP, against the real server process."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import socket
import threading

import httpx
import pyoxigraph as ox
import pytest

from conftest import ROOT

BASE = "https://w3id.org/emmd/"
STATE = BASE + "id/state/"
AREA = BASE + "def/policy-areas/"
TREE = "/queries/organisations-of-state"


def get(server, path: str, accept: str | None = None, **params) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(server.url + path, params=params, headers=headers, timeout=30)


def csv_rows(response: httpx.Response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.text)))


def links(response: httpx.Response) -> dict[str, str]:
    return {link["rel"]: link["url"] for link in response.links.values()}


# --- the listing --------------------------------------------------------------------


def test_listing_as_json_names_every_query_file(server):
    document = get(server, "/queries", "application/json").json()
    names = {q["name"] for q in document["queries"]}
    assert names == {p.stem for p in (ROOT / "queries").glob("*.rq")}


def test_listing_json_describes_parameters_with_their_schema(server):
    document = get(server, "/queries.json").json()
    (query,) = [q for q in document["queries"] if q["name"] == "shared-policy-areas"]
    (param,) = [p for p in query["parameters"] if p["name"] == "min_ministries"]
    assert param["schema"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 2}


def test_listing_for_browsers_is_html_with_search_and_tags(server):
    response = get(server, "/queries", "text/html,*/*;q=0.8")
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="q"' in response.text and 'href="/queries?tag=provenance"' in response.text


def test_listing_search_finds_by_text(server):
    page = get(server, "/queries", "text/html", q="STATED SIZES").text
    assert 'href="/queries/networks"' in page and 'href="/queries/organisation-tree"' not in page


def test_listing_filters_by_tag(server):
    document = get(server, "/queries.json", tag="provenance").json()
    assert {q["name"] for q in document["queries"]} == {"fact-provenance", "source-graphs"}


def test_listing_as_turtle_describes_each_query_as_a_data_service(server):
    response = get(server, "/queries", "text/turtle")
    assert response.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    services = {
        t.subject.value
        for t in triples
        if t.object == ox.NamedNode("http://www.w3.org/ns/dcat#DataService")
    }
    assert BASE + "queries/networks" in services and len(services) == len(
        list((ROOT / "queries").glob("*.rq"))
    )


def test_listing_as_json_ld_is_json_ld(server):
    response = get(server, "/queries.jsonld")
    assert response.headers["content-type"] == "application/ld+json"
    assert "@context" in response.json()


def test_listing_refuses_an_unavailable_type(server):
    assert get(server, "/queries", "image/png").status_code == 406


def test_catalogue_graph_is_queryable_at_the_sparql_endpoint(server):
    query = (
        f"ASK {{ GRAPH <{BASE}graph/queries> {{ <{BASE}queries/networks> "
        "<http://www.w3.org/ns/shacl#parameter> ?p } }"
    )
    assert get(server, "/sparql", "application/sparql-results+json", query=query).json()["boolean"]


# --- running a query ----------------------------------------------------------------


def test_csv_by_extension_gives_the_rows(server):
    response = get(server, TREE + ".csv", state=STATE + "sachsen-anhalt")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert [r["organisation"].rsplit("/", 1)[1] for r in csv_rows(response)] == [
        "mlv",
        "lvermgeo",
        "lsbb",
    ]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv", "text/csv"),
    ],
)
def test_format_follows_accept(server, accept, media_type):
    response = get(server, TREE, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["vary"] == "Accept"


def test_construct_query_answers_turtle(server):
    response = get(server, "/queries/organisation-card.ttl")
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    assert len(triples) == 7


def test_ask_query_answers_a_boolean(server):
    response = get(
        server,
        "/queries/is-responsible-for.json",
        organisation=BASE + "id/organisation/tmil",
        area=AREA + "transport",
    )
    assert response.json()["boolean"] is True


def test_multi_valued_parameter_gives_one_block_per_value_in_order(server):
    response = get(
        server,
        TREE + ".csv",
        state=[STATE + "thueringen", STATE + "sachsen"],
        include_agencies="false",
    )
    assert [r["state"].rsplit("/", 1)[1] for r in csv_rows(response)] == ["thueringen", "sachsen"]


def test_rdf_asked_of_a_select_query_gives_its_description(server):
    response = get(server, "/queries/networks", "text/turtle")
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    assert ox.NamedNode(BASE + "queries/networks") in {t.subject for t in triples}


def test_unknown_query_is_404(server):
    assert get(server, "/queries/no-such-query").status_code == 404


def test_html_page_offers_the_allowed_values_with_the_default_selected(server):
    page = get(server, "/queries/responsible-for-policy-area", "text/html").text
    assert f'<option value="{AREA}transport" selected>Transport</option>' in page
    assert f'<option value="{AREA}housing">Housing</option>' in page


# --- pages and headers --------------------------------------------------------------


def test_pages_carry_link_headers_and_concatenate_to_the_whole(server):
    whole = csv_rows(get(server, "/queries/policy-area-coverage.csv", page_size=1000))
    first = get(server, "/queries/policy-area-coverage.csv", page_size=5)
    assert set(links(first)) == {"first", "next", "last"}
    pages, response = [csv_rows(first)], first
    for _ in range(10):
        if "next" not in links(response):
            break
        response = httpx.get(server.url + links(response)["next"], timeout=30)
        pages.append(csv_rows(response))
    assert [row for page in pages for row in page] == whole and len(pages) == 3
    assert set(links(response)) == {"first", "prev", "last"}


def test_a_page_beyond_the_last_is_empty(server):
    response = get(server, "/queries/policy-area-coverage.csv", page=99)
    assert response.status_code == 200 and csv_rows(response) == []


def test_headers_name_the_query_version_and_the_dataset_version(server):
    response = get(server, "/queries/networks.csv")
    file = (ROOT / "queries" / "networks.rq").read_bytes()
    assert response.headers["query-version"] == hashlib.sha256(file).hexdigest()[:16]
    assert response.headers["dataset-version"] == get(server, "/health").json()["version"]


# --- refusals -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "parameter", "expected"),
    [
        ({"endpoint": "http://evil.test/sparql"}, "endpoint", "unknown parameter"),
        ({"query": "SELECT * WHERE { ?s ?p ?o }"}, "query", "unknown parameter"),
        ({"state": "not an iri"}, "state", "expected an absolute IRI"),
        ({"state": BASE + "id/organisation/smr"}, "state", "expected one of"),
        ({"include_agencies": "maybe"}, "include_agencies", "true or false"),
        ({"lang": "fr"}, "lang", "expected one of"),
        ({"page_size": "0"}, "page_size", "expected an integer"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(server, params, parameter, expected):
    response = get(server, TREE + ".json", **params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["parameter"] == parameter and expected in problem["detail"]


def test_missing_required_parameter_is_400(server):
    response = get(server, "/queries/find-by-label.json")
    assert response.status_code == 400 and response.json()["parameter"] == "label"


def test_bad_value_in_the_html_form_shows_the_message_with_400(server):
    response = get(server, "/queries/shared-policy-areas", "text/html", min_ministries="x")
    assert response.status_code == 400 and "expected an integer" in response.text


# --- injection attempts -------------------------------------------------------------


@pytest.fixture(scope="module")
def canary():
    """A listener on loopback that records every connection made to it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    hits: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            hits.append("connected")
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/", hits
    stop.set()
    thread.join(timeout=2)
    listener.close()


SMUGGLED = (
    '" } SERVICE <URL> { ?s ?p ?o } #',
    "\\u0022) } SERVICE <URL> { ?s ?p ?o } #",
    "\\u003E } SERVICE <URL> { ?x ?y ?z }",
    "') } UNION { SERVICE <URL> { ?a ?b ?c } } #",
)
"""Text that would leave a string literal (plainly or by an escape) and call SERVICE."""


def smuggled(url: str) -> list[str]:
    return [text.replace("URL", url) for text in SMUGGLED]


def test_text_that_looks_like_sparql_is_only_searched_for(server, canary):
    url, hits = canary
    for text in smuggled(url):
        response = get(server, "/queries/search-by-name.json", text=text)
        assert response.status_code == 200, text
        assert response.json()["results"]["bindings"] == []
    assert hits == []


def test_a_quote_in_a_search_is_an_ordinary_character(server):
    response = get(server, "/queries/search-by-name.csv", text='"')
    assert response.status_code == 200 and csv_rows(response) == []


def test_iri_values_cannot_carry_sparql(server, canary):
    url, hits = canary
    for value in (f"{BASE}x> }} SERVICE <{url}> {{ ?s ?p ?o", f"{BASE}x\\u003E", f'{BASE}x"'):
        response = get(server, "/queries/fact-provenance.json", resource=value)
        assert response.status_code == 400 and response.json()["parameter"] == "resource"
    assert hits == []


def test_lang_string_values_are_bound_not_spliced(server):
    response = get(server, "/queries/find-by-label.json", label='Sachsen"@de } #@de')
    assert response.status_code == 200
    assert json.loads(response.content)["results"]["bindings"] == []
