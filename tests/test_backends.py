"""Beyond one process: the on-disk store, a real Oxigraph server as the remote store,
publishing to it, and reloading a running server without a restart."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import ROOT, RunningServer, copy_project, free_port, publish_to
from emmd_kg.cli import main
from emmd_kg.config import load_settings
from emmd_kg.pipeline import build
from emmd_kg.queries.saved import read_folder
from test_stores import QUERIES

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def rows(server: RunningServer, query: str):
    response = httpx.get(server.url + "/sparql", params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("text/turtle"):
        return sorted(map(str, ox.parse(response.content, format=ox.RdfFormat.TURTLE)))
    body = response.json()
    return body.get("boolean", sorted(map(str, body.get("results", {}).get("bindings", []))))


@pytest.fixture(scope="module")
def oxigraph_server():
    """``oxigraph serve`` in memory on loopback, union default graph like ours."""
    port = free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def published(oxigraph_server, settings, artefact):
    publish_to(settings, oxigraph_server + "/store")
    return oxigraph_server


def test_publish_loads_every_graph_and_verifies_the_counts(published, artefact):
    counts = httpx.post(
        published + "/query",
        data={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
        headers={"Accept": "application/sparql-results+json"},
    ).json()
    found = {b["g"]["value"]: int(b["n"]["value"]) for b in counts["results"]["bindings"]}
    assert found == artefact.manifest.graphs


def test_publish_to_an_unreachable_store_fails_with_one_line(settings, artefact):
    result = CliRunner().invoke(
        main,
        [
            "publish",
            "--project",
            str(ROOT),
            "--build-dir",
            str(settings.artefact_dir),
            "--to",
            f"http://127.0.0.1:{free_port()}/store",
        ],
    )
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and len(result.output.splitlines()) == 1


@pytest.fixture(scope="module")
def remote_backed(published, settings):
    running = RunningServer(settings.artefact_dir, workers=2, store=f"sparql:{published}/query")
    yield running
    running.stop()


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_remote_backend_answers_like_the_embedded_one(remote_backed, server, name):
    assert rows(remote_backed, QUERIES[name]) == rows(server, QUERIES[name])


def test_remote_backend_still_refuses_service_before_forwarding(remote_backed):
    response = httpx.get(
        remote_backed.url + "/sparql",
        params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> {} }"},
    )
    assert response.status_code == 400


SETTINGS = load_settings(ROOT)
CATALOGUE = read_folder(ROOT / "queries", SETTINGS.source_base, SETTINGS.base_iri)
DOCUMENTS = [
    "id/organisation/mlv",
    "id/network/metrex",
    "def/policy-areas/transport",
    "def/emmd",
    "graph/partner-page",
    "dataset",
]


def saved_answer(server: RunningServer, query) -> object:
    params = [
        (name, value) for name, values in query.examples[0].parameters.items() for value in values
    ]
    extension = "nt" if query.form == "CONSTRUCT" else "json"
    response = httpx.get(
        f"{server.url}/queries/{query.name}.{extension}", params=params, timeout=30
    )
    assert response.status_code == 200, response.text
    if extension == "nt":
        return sorted(response.text.splitlines())
    body = response.json()
    return body.get(
        "boolean", [sorted(b.items()) for b in body.get("results", {}).get("bindings", [])]
    )


@pytest.mark.parametrize("query", list(CATALOGUE), ids=lambda q: q.name)
def test_remote_backend_runs_saved_queries_like_the_embedded_one(remote_backed, server, query):
    assert saved_answer(remote_backed, query) == saved_answer(server, query)


@pytest.mark.parametrize("path", DOCUMENTS)
def test_remote_backend_serves_resource_documents_like_the_embedded_one(
    remote_backed, server, path
):
    def document(running: RunningServer) -> list[str]:
        response = httpx.get(f"{running.url}/doc/{path}.nt", timeout=30)
        assert response.status_code == 200, response.text
        return sorted(response.text.splitlines())

    assert document(remote_backed) == document(server)


@pytest.fixture(scope="module")
def disk_backed(settings, artefact, tmp_path_factory):
    location = tmp_path_factory.mktemp("oxigraph-disk")
    running = RunningServer(settings.artefact_dir, workers=2, store=f"oxigraph:{location}")
    yield running
    running.stop()


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_disk_backend_answers_like_the_embedded_one(disk_backed, server, name):
    assert rows(disk_backed, QUERIES[name]) == rows(server, QUERIES[name])


LABEL = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?l WHERE { "
    "<https://w3id.org/emmd/id/organisation/smr> skos:prefLabel ?l FILTER(LANG(?l)='en') }"
)


def test_reload_swaps_the_dataset_atomically_while_clients_query(tmp_path):
    project = copy_project(ROOT, tmp_path / "project")
    settings = load_settings(project)
    old = build(settings).version
    running = RunningServer(settings.artefact_dir, project=project, workers=2)
    failures: list[str] = []
    stop = threading.Event()

    sequences: list[list[tuple[str, str]]] = []

    def client() -> None:
        mine: list[tuple[str, str]] = []
        sequences.append(mine)
        deadline = time.monotonic() + 60  # bounded even if the reload never comes
        with httpx.Client(timeout=20) as http:
            for _ in range(100_000):
                if stop.is_set() or time.monotonic() > deadline:
                    return
                try:
                    response = http.get(running.url + "/sparql", params={"query": LABEL})
                except httpx.HTTPError as exc:
                    failures.append(repr(exc))
                    continue
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {response.text[:100]}")
                    continue
                mine.append((response.headers["Dataset-Version"], response.headers["ETag"]))

    try:
        threads = [threading.Thread(target=client) for _ in range(20)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        ministries = project / "data" / "partner-page" / "ministries.ttl"
        text = ministries.read_text(encoding="utf-8")
        ministries.write_text(
            text.replace(
                "State Ministry for Regional Development",
                "Saxon State Ministry for Regional Development",
            ),
            encoding="utf-8",
        )
        new = build(settings).version
        assert new != old
        result = CliRunner().invoke(
            main, ["reload", "--project", str(project), "--port", str(running.port)]
        )
        assert result.exit_code == 0, result.output
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if httpx.get(running.url + "/health").json()["version"] == new:
                break
            time.sleep(0.1)
        time.sleep(1)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        stop.set()
        running.stop()
    assert failures == []
    seen = [answer for mine in sequences for answer in mine]
    assert {version for version, _ in seen} == {old, new}
    assert len({tag for _, tag in seen}) == 2
    for mine in sequences:  # each client sees the old version, then only the new one
        versions = [version for version, _ in mine]
        assert versions == sorted(versions, key=lambda v: v == new)


def test_a_build_that_fails_validation_is_never_served(tmp_path):
    project = copy_project(ROOT, tmp_path / "project")
    settings = load_settings(project)
    served = build(settings).version
    running = RunningServer(settings.artefact_dir, project=project, workers=2)
    try:
        (project / "data" / "partner-page" / "zz.ttl").write_text(
            "<https://w3id.org/emmd/id/organisation/smr> "
            '<http://www.w3.org/2004/02/skos/core#prefLabel> "Noch ein Name"@de .\n',
            encoding="utf-8",
        )
        failed = CliRunner().invoke(main, ["build", "--project", str(project)])
        assert failed.exit_code == 1
        CliRunner().invoke(main, ["reload", "--project", str(project), "--port", str(running.port)])
        time.sleep(2)
        assert httpx.get(running.url + "/health").json()["version"] == served
    finally:
        running.stop()


def test_health_reports_the_version_served(server, artefact):
    assert httpx.get(server.url + "/health").json()["version"] == artefact.version
