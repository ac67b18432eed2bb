"""``/reconcile`` against the real server, every answer checked against the official
JSON Schemas of the Reconciliation Service API 0.2 (``tests/fixtures/reconciliation-0.2``)."""

from __future__ import annotations

import json

import httpx
import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from conftest import FIXTURES

BASE = "https://w3id.org/emmd/"
ORG = BASE + "id/organisation/"
MINISTRY = BASE + "def/emmd#StateMinistry"
SCHEMAS = FIXTURES / "reconciliation-0.2"


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"].rstrip("#"), Resource(schema, specification=DRAFT7)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def valid(name: str, document: object) -> object:
    """``document`` after checking it against the schema ``name`` (a failure names why)."""
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft7Validator(schema, registry=REGISTRY).validate(document)
    return document


def reconcile(server, queries: dict, method: str = "POST") -> dict:
    text = json.dumps(queries)
    valid("reconciliation-query-batch.json", queries)
    if method == "POST":
        answer = httpx.post(server.url + "/reconcile", data={"queries": text}, timeout=30)
    else:
        answer = httpx.get(server.url + "/reconcile", params={"queries": text}, timeout=30)
    assert answer.status_code == 200, answer.text
    return valid("reconciliation-result-batch.json", answer.json())


def first(server, query: dict) -> dict:
    return reconcile(server, {"q0": query})["q0"]["result"][0]


def problem(answer: httpx.Response, status: int) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    return answer.json()


@pytest.fixture(scope="module")
def manifest(server) -> dict:
    answer = httpx.get(server.url + "/reconcile", timeout=30)
    assert answer.status_code == 200
    return valid("manifest.json", answer.json())


def local(server, url: str) -> str:
    """A URL of the manifest (built on the configured base) on the test server."""
    return server.url + "/" + url.removeprefix(BASE)


def test_the_manifest_names_the_version_the_identifier_space_and_the_default_types(manifest):
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == BASE + "id/"
    assert MINISTRY in {t["id"] for t in manifest["defaultTypes"]}
    assert manifest["batchSize"] == 500


def test_the_manifest_offers_suggest_preview_and_extension(manifest):
    assert set(manifest["suggest"]) == {"entity", "type", "property"}
    assert "{{id}}" in manifest["preview"]["url"] and "{{id}}" in manifest["view"]["url"]
    assert manifest["extend"]["propose_properties"]["service_path"] == "/properties"


def test_a_form_posted_batch_answers_a_result_per_query_scored_0_to_100(server):
    answered = reconcile(server, {"a": {"query": "MLV"}, "b": {"query": "Landesamt"}})
    assert set(answered) == {"a", "b"}
    scores = [c["score"] for r in answered.values() for c in r["result"]]
    assert scores and all(0 <= s <= 100 for s in scores)


def test_a_get_batch_answers_as_the_post_does(server):
    queries = {"q0": {"query": "Landesamt", "limit": 2}}
    assert reconcile(server, queries, "GET") == reconcile(server, queries, "POST")


def test_an_exact_acronym_of_the_wanted_type_is_a_match(server):
    best = first(server, {"query": "MLV", "type": MINISTRY, "type_strict": "should"})
    assert best["id"] == ORG + "mlv" and best["match"] is True and best["score"] == 100
    assert {"id": "name_exact", "value": True} in best["features"]


def test_an_entity_iri_as_query_finds_that_entity_as_a_match(server):
    answered = reconcile(server, {"q0": {"query": ORG + "lsbb"}})["q0"]["result"]
    assert [(c["id"], c["score"], c["match"]) for c in answered] == [(ORG + "lsbb", 100, True)]


def test_a_partial_name_is_never_a_match(server):
    answered = reconcile(server, {"q0": {"query": "Landesamt"}})["q0"]["result"]
    assert answered and not any(c["match"] for c in answered)


def test_a_wanted_type_changes_the_ranking(server):
    assert first(server, {"query": "Geoinformation"})["id"] != ORG + "lvermgeo"
    assert first(server, {"query": "Geoinformation", "type": "emmd:StateAgency"})["id"] == (
        ORG + "lvermgeo"
    )


def test_type_strict_any_returns_only_the_wanted_type(server):
    found = reconcile(server, {"q": {"query": "Sachsen", "type": MINISTRY, "type_strict": "any"}})
    assert all(MINISTRY in {t["id"] for t in c["type"]} for c in found["q"]["result"])


def test_a_property_with_an_id_changes_the_ranking(server):
    parent = {"pid": "org:subOrganizationOf", "v": {"id": ORG + "mlv"}}
    assert first(server, {"query": "Landesamt"})["id"] == ORG + "landesamt-fuer-denkmalpflege"
    assert first(server, {"query": "Landesamt", "properties": [parent]})["id"] == ORG + "lvermgeo"


def test_a_property_given_as_text_is_matched_against_the_names_of_its_values(server):
    parent = {"pid": "http://www.w3.org/ns/org#subOrganizationOf", "v": "mlv"}
    best = first(server, {"query": "Landesamt", "properties": [parent]})
    assert best["id"] == ORG + "lvermgeo"
    assert {"id": "properties", "value": 1.0} in best["features"]


def test_entity_suggest_completes_a_prefix(server, manifest):
    suggest = manifest["suggest"]["entity"]
    url = local(server, suggest["service_url"] + suggest["service_path"])
    answer = httpx.get(url, params={"prefix": "Landesstra"}, timeout=30)
    found = valid("suggest-entities-response.json", answer.json())["result"]
    assert ORG + "lsbb" in [e["id"] for e in found]


def test_type_suggest_finds_a_class_by_the_start_of_its_name(server):
    answer = httpx.get(server.url + "/reconcile/suggest/type", params={"prefix": "state min"})
    found = valid("suggest-types-response.json", answer.json())["result"]
    assert [t["id"] for t in found] == [MINISTRY]


def test_property_suggest_finds_a_property_by_its_local_name(server):
    answer = httpx.get(server.url + "/reconcile/suggest/property", params={"prefix": "suborg"})
    found = valid("suggest-properties-response.json", answer.json())["result"]
    assert "http://www.w3.org/ns/org#subOrganizationOf" in [p["id"] for p in found]


def test_the_preview_card_is_escaped_html_that_other_origins_may_frame(server, manifest):
    url = local(server, manifest["preview"]["url"].replace("{{id}}", ORG + "mlv"))
    answer = httpx.get(url, timeout=30)
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>Ministry of State Development and Transport" in answer.text
    assert "state&#x27;s supreme authorities" in answer.text
    csp = answer.headers["content-security-policy"]
    assert "frame-ancestors *" in csp and "script-src" not in csp


def test_the_view_url_leads_to_the_document_on_this_server(server, manifest):
    url = local(server, manifest["view"]["url"].replace("{{id}}", ORG + "mlv"))
    answer = httpx.get(url, timeout=30)
    assert answer.status_code == 303 and answer.headers["location"] == "/doc/id/organisation/mlv"


def test_property_proposals_list_what_the_instances_of_a_type_use(server):
    answer = httpx.get(server.url + "/reconcile/properties", params={"type": "emmd:StateAgency"})
    proposal = valid("data-extension-property-proposal.json", answer.json())
    assert "http://www.w3.org/ns/org#subOrganizationOf" in [p["id"] for p in proposal["properties"]]


def test_extension_returns_entities_strings_numbers_and_dates_from_the_graph(server):
    query = {
        "ids": [ORG + "lsbb", BASE + "id/figure/ikm-members", BASE + "graph/partner-page"],
        "properties": [
            {"id": "org:subOrganizationOf"},
            {"id": "skos:prefLabel"},
            {"id": "schema:value"},
            {"id": "prov:generatedAtTime"},
        ],
    }
    valid("data-extension-query.json", query)
    answer = httpx.post(server.url + "/reconcile", data={"extend": json.dumps(query)})
    rows = valid("data-extension-response.json", answer.json())["rows"]
    lsbb = rows[ORG + "lsbb"]
    assert lsbb["http://www.w3.org/ns/org#subOrganizationOf"][0]["id"] == ORG + "mlv"
    assert {"str": "Landesstraßenbaubehörde"} in lsbb[
        "http://www.w3.org/2004/02/skos/core#prefLabel"
    ]
    assert rows[BASE + "id/figure/ikm-members"]["http://schema.org/value"] == [{"int": 11}]
    dated = rows[BASE + "graph/partner-page"]["http://www.w3.org/ns/prov#generatedAtTime"]
    assert dated == [{"date": "2026-11-27T00:00:00Z"}]


def test_every_answer_allows_any_origin_without_credentials(server):
    headers = {"Origin": "http://127.0.0.1:3333"}
    for answer in (
        httpx.get(server.url + "/reconcile", headers=headers),
        httpx.post(server.url + "/reconcile", data={"queries": "{}"}, headers=headers),
        httpx.options(server.url + "/reconcile", headers=headers),
    ):
        assert answer.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in answer.headers


def test_jsonp_is_refused(server):
    answer = httpx.get(server.url + "/reconcile", params={"callback": "f"})
    assert problem(answer, 400)["parameter"] == "callback"


def test_malformed_json_is_400_naming_the_position(server):
    answer = httpx.post(server.url + "/reconcile", data={"queries": '{"q0": {"query": "x"'})
    found = problem(answer, 400)
    assert found["parameter"] == "queries" and "line 1, column 21" in found["detail"]


def test_a_batch_over_the_limit_is_413_naming_it(server):
    queries = {f"q{n}": {"query": "x"} for n in range(501)}
    answer = httpx.post(server.url + "/reconcile", data={"queries": json.dumps(queries)})
    found = problem(answer, 413)
    assert "501 queries" in found["detail"] and "at most 500" in found["detail"]


def test_a_query_text_over_1000_characters_is_400_naming_it(server):
    queries = {"q0": {"query": "a" * 1001}}
    answer = httpx.post(server.url + "/reconcile", data={"queries": json.dumps(queries)})
    assert problem(answer, 400)["parameter"] == "q0.query"


def test_an_unknown_type_is_400_naming_it(server):
    queries = {"q0": {"query": "x", "type": "emmd:NoSuchClass"}}
    answer = httpx.post(server.url + "/reconcile", data={"queries": json.dumps(queries)})
    found = problem(answer, 400)
    assert found["parameter"] == "q0.type" and "emmd:NoSuchClass" in found["detail"]


def test_an_unknown_property_is_400_naming_it(server):
    queries = {"q0": {"query": "x", "properties": [{"pid": "emmd:noSuchProperty", "v": "y"}]}}
    answer = httpx.post(server.url + "/reconcile", data={"queries": json.dumps(queries)})
    assert problem(answer, 400)["parameter"] == "q0.properties[0].pid"


def test_input_that_is_not_utf8_is_400_in_a_query_string_and_in_a_form(server):
    get = httpx.get(server.url + "/reconcile?queries=%7B%22q%22%3A%7B%22query%22%3A%22%FF%22%7D%7D")
    assert "not UTF-8" in problem(get, 400)["detail"]
    post = httpx.post(
        server.url + "/reconcile",
        content=b"queries=%7B%22q%22%3A%7B%22query%22%3A%22\xff%22%7D%7D",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert problem(post, 400)["parameter"] == "queries"


def test_an_escape_that_is_no_character_is_400(server):
    answer = httpx.post(server.url + "/reconcile", data={"queries": '{"q": {"query": "\\ud800"}}'})
    assert problem(answer, 400)["parameter"] == "queries.q.query"


def test_openapi_states_the_reconciliation_routes_and_their_limits(server):
    paths = httpx.get(server.url + "/openapi.json", timeout=30).json()["paths"]
    assert {"get", "post"} <= set(paths["/reconcile"])
    assert "At most 500 queries per batch" in paths["/reconcile"]["post"]["description"]
    for path in ("suggest/entity", "suggest/type", "suggest/property", "properties", "preview"):
        assert "get" in paths[f"/reconcile/{path}"]
