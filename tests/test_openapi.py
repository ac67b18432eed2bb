"""``/openapi.json``: a valid OpenAPI 3.1 document of the whole API, fuzzed by schemathesis."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from openapi_spec_validator import validate

from conftest import ROOT
from emmd_kg.config import load_settings
from emmd_kg.queries.saved import read_folder

SETTINGS = load_settings(ROOT)
CATALOGUE = read_folder(ROOT / "queries", SETTINGS.source_base, SETTINGS.base_iri)
DESIGNED = [
    "/sparql",
    "/queries",
    "/health",
    "/dataset",
    "/context.jsonld",
    "/shapes",
    "/id/{path}",
    "/def/{path}",
    "/graph/{path}",
    "/doc/{path}",
    "/dumps/{name}",
]


@pytest.fixture(scope="module")
def spec(server) -> dict:
    response = httpx.get(server.url + "/openapi.json", timeout=30)
    assert response.headers["content-type"] == "application/json"
    return response.json()


def test_document_is_valid_openapi_3_1(spec):
    validate(spec)
    assert spec["openapi"] == "3.1.0"


@pytest.mark.parametrize("path", DESIGNED)
def test_every_route_of_the_design_is_described(spec, path):
    assert "get" in spec["paths"][path]


def test_sparql_endpoint_takes_get_and_post(spec):
    operations = spec["paths"]["/sparql"]
    assert {"get", "post"} <= set(operations)
    assert "application/sparql-query" in operations["post"]["requestBody"]["content"]


@pytest.mark.parametrize("query", list(CATALOGUE), ids=lambda q: q.name)
def test_every_saved_query_is_an_operation_with_its_parameters(spec, query):
    operation = spec["paths"][f"/queries/{query.name}"]["get"]
    described = {p["name"]: p for p in operation["parameters"]}
    for param in query.parameters:
        assert described[param.name]["required"] is param.required
    assert set(described) - {p.name for p in query.parameters} <= {"format", "page", "page_size"}


def test_allowed_values_found_by_a_query_are_listed_as_an_enum(spec):
    operation = spec["paths"]["/queries/responsible-for-policy-area"]["get"]
    (area,) = [p for p in operation["parameters"] if p["name"] == "area"]
    assert area["schema"]["type"] == "array" and area["explode"] is True
    assert SETTINGS.base_iri + "def/policy-areas/transport" in area["schema"]["items"]["enum"]


def test_operation_ids_are_unique(spec):
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_nor_undocumented_answer(server, tmp_path: Path):
    """A bounded fuzzing run: few examples per operation and a time budget."""
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    assert st is not None, "schemathesis is not installed"
    command = [
        st,
        "run",
        server.url + "/openapi.json",
        "--url",
        server.url,
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        "10",
        "--max-time",
        "60",
        "--checks",
        "not_a_server_error,status_code_conformance,content_type_conformance,"
        "response_schema_conformance",
        "--workers",
        "2",
        "--seed",
        "20261127",
        "--generation-database",
        "none",
        "--request-timeout",
        "20",
        "--no-color",
    ]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


@pytest.fixture(scope="module")
def app(artefact, settings):
    from emmd_kg.web import create_app

    app = create_app(settings)
    yield app
    app.extensions["emmd_kg"].executor().close()


def test_every_route_of_the_application_is_in_the_document(app):
    from emmd_kg.web.site.openapi import paths

    with app.test_request_context():
        described = paths(app)
    for rule in app.url_map.iter_rules():
        if rule.rule == "/queries/<spec>":
            assert {f"/queries/{q.name}" for q in CATALOGUE} <= set(described)
            continue
        path = rule.rule.replace("<path:", "<").replace("<", "{").replace(">", "}")
        assert path in described, f"{rule.rule} is missing from /openapi.json"


def test_a_route_without_a_declaration_is_an_error(app):
    from flask import Flask

    from emmd_kg.web.site.openapi import Undescribed, paths

    bare = Flask(__name__, static_folder=None)
    bare.add_url_rule("/undescribed", "undescribed", lambda: "")
    with pytest.raises(Undescribed, match="/undescribed"):
        paths(bare)
