"""The benchmark's synthetic-project generator: its projects build, validate and have the
size asked for (bench/synthetic.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from emmd_kg.config import load_settings
from emmd_kg.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench.synthetic import MARKER, generate  # noqa: E402

TARGET = 2_000


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """A 2,000-triple synthetic project, generated and built with the real pipeline."""
    folder = tmp_path_factory.mktemp("synthetic")
    made = generate(TARGET, folder / "project")
    settings = load_settings(made.project, build_dir=folder / "build")
    return made, build(settings)


def test_a_synthetic_project_builds_and_conforms_to_the_real_shapes(built):
    made, artefact = built
    validation = artefact.manifest.validation
    assert validation.conforms is True
    assert validation.findings == 0
    assert validation.shapes > 0
    assert (made.project / "data" / "synthetic").is_dir()


def test_its_size_is_within_ten_percent_of_the_target(built):
    made, artefact = built
    triples = artefact.manifest.triples
    assert abs(triples - TARGET) <= 0.10 * TARGET, triples
    assert abs(made.estimate - triples) <= 0.10 * TARGET, (made.estimate, triples)


def test_it_has_every_kind_of_entity_of_the_real_data(built):
    made, artefact = built
    assert {"state", "ministry", "agency", "responsibility", "region", "network"} <= set(
        k for k, v in made.counts.items() if v > 0
    )
    assert artefact.manifest.inferred > 0
    graphs = artefact.manifest.graphs
    assert any(g.endswith("/graph/synthetic") for g in graphs)


def test_the_rules_and_settings_are_copied_from_the_real_project(built):
    made, _ = built
    for part in ("ontology", "shapes", "meta"):
        names = sorted(p.name for p in (ROOT / part).glob("*.ttl"))
        assert names == sorted(p.name for p in (made.project / part).glob("*.ttl")), part
    assert (made.project / "emmd-kg.toml").read_text() == (ROOT / "emmd-kg.toml").read_text()


def test_generation_is_deterministic(tmp_path: Path, built):
    made, _ = built
    again = generate(TARGET, tmp_path / "again")
    data = sorted((made.project / "data").rglob("*.ttl"))
    assert [p.name for p in data] == sorted(p.name for p in (again.project / "data").rglob("*.ttl"))
    for path in data:
        twin = again.project / path.relative_to(made.project)
        assert path.read_bytes() == twin.read_bytes(), path.name


def test_it_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path):
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        generate(TARGET, tmp_path / "precious")
    assert (tmp_path / "precious" / "notes.txt").exists()
    assert not (tmp_path / "precious" / MARKER).exists()
