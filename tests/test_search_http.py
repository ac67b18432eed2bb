"""/search against the real server: the variant set, filters, JSON, the page, bad input."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench.variants import VARIANTS  # noqa: E402

ID = "https://w3id.org/emmd/id/organisation/"
DEF = "https://w3id.org/emmd/def/"


def get(server, path: str, **params) -> httpx.Response:
    return httpx.get(server.url + path, params=params, timeout=30)


def first(server, text: str, **params) -> str | None:
    answer = get(server, "/search", q=text, format="json", **params).json()
    return answer["results"][0]["id"] if answer["results"] else None


def test_the_variant_set_finds_the_expected_resource_at_rank_one(server):
    missed = [
        (text, kind, first(server, text))
        for text, iri, kind in VARIANTS
        if first(server, text) != iri
    ]
    assert missed == []


def test_the_json_answer_has_the_documented_shape(server):
    answer = get(server, "/search", q="LSBB", format="json").json()
    assert answer["query"] == "LSBB" and answer["total"] >= 1
    hit = answer["results"][0]
    assert {"id", "label", "type", "score", "matched"} <= set(hit)
    assert hit["matched"] == "LSBB" and DEF + "emmd#StateAgency" in hit["type"]
    assert hit["exact"] is True


def test_accept_json_gives_json_and_html_is_the_default(server):
    as_json = httpx.get(server.url + "/search?q=Verkehr", headers={"Accept": "application/json"})
    assert as_json.headers["Content-Type"].startswith("application/json")
    assert get(server, "/search", q="Verkehr").headers["Content-Type"].startswith("text/html")


def test_a_type_filter_keeps_only_resources_of_that_type(server):
    everything = get(server, "/search", q="Verkehr", format="json", limit=100).json()
    ministries = get(
        server, "/search", q="Verkehr", format="json", type="emmd:StateMinistry", limit=100
    ).json()
    assert 0 < ministries["total"] < everything["total"]
    assert all(DEF + "emmd#StateMinistry" in hit["type"] for hit in ministries["results"])


def test_facets_count_every_match_by_type_and_by_state(server):
    answer = get(server, "/search", q="Landesamt", format="json", limit=1).json()
    types = {f["id"]: f["count"] for f in answer["facets"]["type"]}
    states = {f["id"]: f["count"] for f in answer["facets"]["state"]}
    assert types[DEF + "emmd#StateAgency"] == 2 and len(answer["results"]) == 1
    assert sum(states.values()) >= 2


def test_the_page_marks_the_matched_words_and_escapes_the_query(server):
    body = get(server, "/search", q="<b>Denkmalpflege</b>").text
    assert "<mark>Denkmalpflege</mark>" in body
    assert "<b>Denkmalpflege</b>" not in body and "&lt;b&gt;Denkmalpflege&lt;/b&gt;" in body


def test_no_results_suggest_the_nearest_names(server):
    body = get(server, "/search", q="Landesxyzqq").text
    assert "No results" in body and "Nearest names" in body and "Landes" in body


def test_every_html_page_has_the_search_form_in_its_header(server):
    for path in ("/", "/queries", "/sparql", "/doc/id/organisation/lsbb"):
        body = httpx.get(server.url + path, headers={"Accept": "text/html"}).text
        assert 'role="search" action="/search"' in body, path


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": "x", "limit": "101"}, "limit"),
        ({"q": "x", "limit": "zero"}, "limit"),
        ({"q": "x", "offset": "-1"}, "offset"),
        ({"q": "x" * 1001}, "q"),
        ({"q": "x", "type": "emmd:NoSuchClass"}, "type"),
        ({"q": "x", "lang": "fr"}, "lang"),
        ({"q": "x", "colour": "blue"}, "colour"),
    ],
)
def test_a_bad_parameter_is_a_400_problem_naming_it(server, params, parameter):
    response = get(server, "/search", **params)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["parameter"] == parameter


def test_a_value_that_is_not_utf8_is_a_400_problem(server):
    response = httpx.get(server.url + "/search?q=%FF%FE&format=json")
    assert response.status_code == 400
    assert response.json()["parameter"] == "q"


def test_the_saved_name_search_is_answered_from_the_index_for_spelling_variants(server):
    answer = get(server, "/queries/search-by-name.json", text="Strassenbau").json()
    things = {row["thing"]["value"] for row in answer["results"]["bindings"]}
    assert DEF + "responsibilities/tmil-verkehr-und-strassenbau" in things
    assert ID + "lsbb" in things  # Landesstraßenbaubehörde: inside a compound
