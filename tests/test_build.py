"""The build: parse errors, the SHACL gate, the artefact, determinism, base rewriting."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from emmd_kg.cli import main
from emmd_kg.config import DEFAULT_BASE, load_settings
from emmd_kg.errors import BuildError, ValidationFailed
from emmd_kg.pipeline import build, is_current

DUMP_FORMATS = {"nq": "nquads", "trig": "trig", "ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
OTHER_BASE = "http://kg.example.test/emmd/"


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args))


def knowledge_graphs(artefact) -> rdflib.Dataset:
    """The graphs of the artefact the dumps hold (all but the descriptions of the dataset
    and of the saved queries)."""
    dataset = rdflib.Dataset()
    dataset.parse(artefact.nquads, format="nquads")
    for name in ("dataset", "queries"):
        description = rdflib.URIRef(artefact.manifest.base_iri + "graph/" + name)
        dataset.remove_graph(dataset.graph(description))
    return dataset


def union(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))
    return graph


@pytest.mark.parametrize("extension", sorted(DUMP_FORMATS))
def test_every_dump_parses_back_isomorphic_to_the_graphs(artefact, extension):
    expected = knowledge_graphs(artefact)
    path = artefact.path / "dumps" / f"dataset.{extension}"
    if extension in ("nq", "trig"):
        parsed = rdflib.Dataset()
        parsed.parse(path, format=DUMP_FORMATS[extension])
        for graph in expected.graphs():
            if len(graph):
                assert isomorphic(graph, parsed.graph(graph.identifier)), graph.identifier
    else:
        parsed = rdflib.Graph().parse(path, format=DUMP_FORMATS[extension])
        assert isomorphic(parsed, union(expected))


def test_jsonld_dump_inlines_the_project_context(artefact):
    document = json.loads((artefact.path / "dumps/dataset.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == artefact.context()["@context"]
    assert "@vocab" not in document["@context"]


def test_two_builds_of_the_same_input_have_the_same_version(tmp_path, artefact):
    settings = load_settings(_root(), build_dir=tmp_path)
    again = build(settings)
    assert again.version == artefact.version
    assert again.nquads.read_bytes() == artefact.nquads.read_bytes()


def _root() -> Path:
    return Path(__file__).resolve().parent.parent


def test_manifest_records_counts_validation_and_dump_checksums(artefact):
    manifest = artefact.manifest
    assert manifest.validation.conforms is True
    assert manifest.quads == sum(manifest.graphs.values())
    for name, entry in manifest.dumps.items():
        body = (artefact.path / name).read_bytes()
        assert entry.size == len(body)
        assert entry.sha256 == hashlib.sha256(body).hexdigest()


def test_dataset_description_counts_distinct_triples_of_the_union(artefact, store):
    base = artefact.manifest.base_iri
    stated = store.query(
        f"SELECT ?n WHERE {{ <{base}dataset> <http://rdfs.org/ns/void#triples> ?n }}"
    )
    (row,) = list(stated)
    assert int(row["n"].value) == len(union(knowledge_graphs(artefact)))


def test_dataset_description_gives_size_and_checksum_of_every_dump(artefact, store):
    rows = store.query(
        """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?url ?size ?sum WHERE { ?d dcat:downloadURL ?url ; dcat:byteSize ?size ;
        spdx:checksum/spdx:checksumValue ?sum }"""
    )
    found = {
        r["url"].value.rsplit("/", 1)[-1]: (int(r["size"].value), r["sum"].value) for r in rows
    }
    assert set(found) == {f"dataset.{ext}" for ext in DUMP_FORMATS}
    for name, (size, checksum) in found.items():
        body = (artefact.path / "dumps" / name).read_bytes()
        assert (size, checksum) == (len(body), hashlib.sha256(body).hexdigest())


def test_syntax_error_exits_1_naming_file_line_and_column(project_copy):
    broken = project_copy / "data" / "partner-page" / "zz-broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "open .\n', encoding="utf-8")
    result = run_cli("build", "--project", str(project_copy))
    assert result.exit_code == 1
    assert "data/partner-page/zz-broken.ttl:2:" in result.output
    assert not (project_copy / "build" / "current").exists()


def test_shacl_violation_exits_1_with_focus_path_message_and_file(project_copy):
    bad = project_copy / "data" / "partner-page" / "zz-violation.ttl"
    bad.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://w3id.org/emmd/id/organisation/smr> skos:prefLabel "Zweiter Name"@de .\n',
        encoding="utf-8",
    )
    result = run_cli("build", "--project", str(project_copy))
    assert result.exit_code == 1
    assert "SHACL violation" in result.output
    line = next(x for x in result.output.splitlines() if "id:organisation/smr" in x)
    assert "zz-violation.ttl" in line and "skos:prefLabel" in line
    assert not (project_copy / "build" / "current").exists()


def test_failed_build_leaves_the_published_artefact_in_place(project_copy):
    assert run_cli("build", "--project", str(project_copy)).exit_code == 0
    before = (project_copy / "build" / "current").resolve()
    (project_copy / "data" / "partner-page" / "zz.ttl").write_text("not turtle", encoding="utf-8")
    assert run_cli("build", "--project", str(project_copy)).exit_code == 1
    assert (project_copy / "build" / "current").resolve() == before


def test_validate_writes_nothing(project_copy):
    result = run_cli("validate", "--project", str(project_copy))
    assert result.exit_code == 0, result.output
    assert "valid:" in result.output
    assert not (project_copy / "build").exists()


def test_blank_nodes_in_data_are_refused_with_the_file_named(project_copy):
    (project_copy / "data" / "partner-page" / "zz-bnode.ttl").write_text(
        '[] <http://www.w3.org/2004/02/skos/core#prefLabel> "x"@de .\n', encoding="utf-8"
    )
    with pytest.raises(BuildError, match="zz-bnode.ttl: blank node"):
        build(load_settings(project_copy))


def test_other_base_leaves_no_default_base_iri_behind(project_copy):
    result = run_cli("build", "--project", str(project_copy), "--base", OTHER_BASE)
    assert result.exit_code == 0, result.output
    current = project_copy / "build" / "current"
    for path in [current / "dataset.nq", current / "context.jsonld", *current.glob("dumps/*")]:
        assert DEFAULT_BASE not in path.read_text(encoding="utf-8"), path.name
    assert OTHER_BASE in (current / "dataset.nq").read_text(encoding="utf-8")


def test_base_round_trip_gives_the_default_graph_back(project_copy, artefact):
    assert run_cli("build", "--project", str(project_copy), "--base", OTHER_BASE).exit_code == 0
    text = (project_copy / "build/current/dumps/dataset.nq").read_text(encoding="utf-8")
    back = rdflib.Dataset().parse(data=text.replace(OTHER_BASE, DEFAULT_BASE), format="nquads")
    original = rdflib.Dataset().parse(artefact.path / "dumps/dataset.nq", format="nquads")
    assert isomorphic(union(back), union(original))


def test_a_current_artefact_is_recognised_and_a_changed_source_is_not(project_copy):
    settings = load_settings(project_copy)
    assert not is_current(settings)
    build(settings)
    assert is_current(settings)
    (project_copy / "ontology" / "zz.ttl").write_text("", encoding="utf-8")
    assert not is_current(settings)


def test_the_engine_builds_a_project_of_another_domain(mini_project):
    artefact = build(load_settings(mini_project))
    store = ox.Store()
    store.load(path=str(artefact.nquads), format=ox.RdfFormat.N_QUADS)
    ask = (
        "ASK { GRAPH <https://example.org/mini/graph/inferred> { "
        "<https://example.org/mini/id/library/kiosk> "
        "<http://www.w3.org/ns/org#transitiveSubOrganizationOf> "
        "<https://example.org/mini/id/library/central> } }"
    )
    assert store.query(ask)


def _incremental(project: Path):
    return load_settings(project, validation="changed")


def test_incremental_validation_checks_only_the_changed_part(project_copy):
    build(_incremental(project_copy))
    agencies = project_copy / "data" / "partner-page" / "agencies.ttl"
    agencies.write_text(agencies.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    artefact = build(_incremental(project_copy))
    scope = artefact.manifest.validation.scope
    assert scope.endswith("changed or linked nodes")
    assert 0 < int(scope.split()[0]) < artefact.manifest.triples / 10


def test_incremental_validation_still_catches_a_violation_in_the_change(project_copy):
    build(_incremental(project_copy))
    agencies = project_copy / "data" / "partner-page" / "agencies.ttl"
    agencies.write_text(
        agencies.read_text(encoding="utf-8") + "\n<https://w3id.org/emmd/id/organisation/lsbb> "
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "Zweiter Name"@de .\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed, match="id:organisation/lsbb"):
        build(_incremental(project_copy))


def test_a_changed_shape_makes_incremental_validation_check_everything(project_copy):
    build(_incremental(project_copy))
    shapes = sorted((project_copy / "shapes").glob("*.ttl"))[0]
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build(_incremental(project_copy)).manifest.validation.scope == "all"


@pytest.mark.parametrize("extension", sorted(DUMP_FORMATS))
def test_export_writes_the_dump_of_the_current_artefact(project_copy, tmp_path, extension):
    target = tmp_path / f"out.{extension}"
    result = run_cli(
        "export", "--project", str(project_copy), "--format", extension, "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    dump = project_copy / "build" / "current" / "dumps" / f"dataset.{extension}"
    assert target.read_bytes() == dump.read_bytes()


def test_export_without_a_file_writes_the_dump_to_stdout(project_copy):
    result = CliRunner().invoke(main, ["export", "--project", str(project_copy), "--format", "nt"])
    assert result.exit_code == 0, result.output
    dump = project_copy / "build" / "current" / "dumps" / "dataset.nt"
    assert result.stdout_bytes == dump.read_bytes()


def test_export_of_an_unknown_format_is_a_usage_error(project_copy):
    result = run_cli("export", "--project", str(project_copy), "--format", "xls")
    assert result.exit_code == 2
