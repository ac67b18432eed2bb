"""Saved queries in the build: checked, copied into the artefact, described, inputs."""

from __future__ import annotations

import pytest

from conftest import ROOT
from emmd_kg.config import load_settings
from emmd_kg.errors import SourceSyntaxError
from emmd_kg.pipeline import build, is_current
from emmd_kg.queries import files as query_files

DCAT_SERVICE = "http://www.w3.org/ns/dcat#DataService"
FILES = sorted(p.name for p in (ROOT / "queries").glob("*.rq"))


def test_manifest_lists_every_query_and_the_files_are_copied_unchanged(artefact):
    listed = artefact.manifest.queries.files
    assert sorted(entry.file for entry in listed.values()) == [f"queries/{f}" for f in FILES]
    for name in FILES:
        assert (artefact.path / "queries" / name).read_bytes() == (
            ROOT / "queries" / name
        ).read_bytes()


def test_query_files_are_inputs_of_the_build(artefact):
    assert {f"queries/{f}" for f in FILES} <= set(artefact.manifest.inputs)


def test_the_queries_graph_describes_each_query(store, artefact):
    base = artefact.manifest.base_iri
    rows = store.query(
        f"SELECT ?q WHERE {{ GRAPH <{base}graph/queries> {{ ?q a <{DCAT_SERVICE}> }} }}"
    )
    assert sorted(row["q"].value for row in rows) == [
        f"{base}queries/{f.removesuffix('.rq')}" for f in FILES
    ]


def test_the_queries_graph_has_no_blank_nodes(store, artefact):
    graph = artefact.manifest.base_iri + "graph/queries"
    (row,) = store.query(
        "SELECT (COUNT(*) AS ?all) (SUM(IF(isBlank(?s) || isBlank(?o), 1, 0)) AS ?blank) "
        f"WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    assert int(row["all"].value) > 0 and int(row["blank"].value) == 0


def test_editing_a_query_makes_the_artefact_stale(project_copy, tmp_path):
    settings = load_settings(project_copy, build_dir=tmp_path / "build")
    build(settings)
    assert is_current(settings)
    path = project_copy / "queries" / "networks.rq"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not is_current(settings)


def test_a_broken_query_fails_the_build_naming_file_and_line(project_copy, tmp_path):
    path = project_copy / "queries" / "networks.rq"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    where = next(n for n, line in enumerate(lines) if line.startswith("ORDER BY"))
    lines[where] = "ORDER BY ?label ?\n"
    path.write_text("".join(lines), encoding="utf-8")
    settings = load_settings(project_copy, build_dir=tmp_path / "build")
    with pytest.raises(SourceSyntaxError) as caught:
        build(settings)
    assert caught.value.path == "queries/networks.rq" and caught.value.line >= where
    assert not (tmp_path / "build" / "current").exists()


def test_another_base_moves_the_iris_of_the_served_catalogue(project_copy, tmp_path):
    other = "http://kg.example.test/emmd/"
    built = build(load_settings(project_copy, build_dir=tmp_path / "build", base_iri=other))
    query = query_files.load(built.path, built.manifest).get("organisation-tree")
    assert query.parameter("root").default == (other + "id/state/sachsen",)
    assert "https://w3id.org/emmd/" not in query.text
