"""The artefact package: the typed manifest, its checks, and opening the current version."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from emmd_kg.artefact import (
    MANIFEST,
    Manifest,
    discard,
    open_artefact,
    promote,
    staging_dir,
    write_manifest,
)
from emmd_kg.config import load_settings
from emmd_kg.errors import BuildError
from emmd_kg.pipeline import build, is_current


def test_the_manifest_is_read_once_into_its_type_and_written_back_byte_for_byte(artefact):
    text = (artefact.path / MANIFEST).read_text(encoding="utf-8")
    on_disk = Manifest.from_file(artefact.path / MANIFEST)
    assert on_disk.to_json() == text
    # The build's own copy also times the write step, which ends after the file is written.
    assert set(artefact.manifest.timings) == {*on_disk.timings, "write"}
    assert replace(artefact.manifest, timings=on_disk.timings) == on_disk
    assert list(json.loads(text)) == [
        "version",
        "base_iri",
        "built_at",
        "graphs",
        "triples",
        "quads",
        "inferred",
        "validation",
        "dumps",
        "queries",
        "files",
        "inputs",
        "timings",
        "search",
    ]
    assert text.startswith('{\n "version": ') and text.endswith("\n}\n")


def _publish_manifest(build_dir: Path, text: str) -> Path:
    staging = staging_dir(build_dir)
    (staging / MANIFEST).write_text(text, encoding="utf-8")
    return promote(build_dir, staging, "broken", keep=10) / MANIFEST


def _without(data: dict, *path: str) -> dict:
    inner = data
    for key in path[:-1]:
        inner = inner[key]
    del inner[path[-1]]
    return data


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: _without(d, "built_at"), "the manifest lacks the key 'built_at'"),
        (lambda d: _without(d, "validation", "scope"), "'validation' lacks the key 'scope'"),
        (lambda d: {**d, "extra": 1}, "the manifest has the unknown key 'extra'"),
        (lambda d: {**d, "triples": "12"}, "'triples' is not an integer"),
        (lambda d: {**d, "quads": True}, "'quads' is not an integer"),
        (lambda d: {**d, "graphs": []}, "'graphs' is not an object"),
        (lambda d: {**d, "inputs": {"data/a.ttl": 1}}, "'inputs.data/a.ttl' is not a string"),
        (lambda d: {**d, "validation": {**d["validation"], "conforms": 1}}, "not true or false"),
    ],
)
def test_a_malformed_manifest_is_a_build_error_naming_file_and_problem(
    artefact, tmp_path, change, problem
):
    data = change(json.loads(artefact.manifest.to_json()))
    path = _publish_manifest(tmp_path, json.dumps(data))
    with pytest.raises(BuildError) as caught:
        open_artefact(tmp_path)
    assert str(path) in caught.value.message
    assert problem in caught.value.message


def test_a_manifest_that_is_not_json_names_the_file(tmp_path):
    path = _publish_manifest(tmp_path, "{not json")
    with pytest.raises(BuildError, match="malformed manifest: not JSON") as caught:
        Manifest.from_file(path)
    assert str(path) in caught.value.message


def test_no_artefact_at_all_says_to_build_first(tmp_path):
    with pytest.raises(BuildError, match="run 'emmd-kg build' first"):
        open_artefact(tmp_path)


def test_an_artefact_with_a_malformed_manifest_is_not_current(mini_project):
    settings = load_settings(mini_project)
    built = build(settings)
    assert is_current(settings)
    (built.path / MANIFEST).write_text("{}", encoding="utf-8")
    assert not is_current(settings)


def test_a_rebuild_replaces_a_version_folder_whose_manifest_no_longer_reads(mini_project):
    settings = load_settings(mini_project)
    built = build(settings)
    manifest = json.loads((built.path / MANIFEST).read_text(encoding="utf-8"))
    del manifest["files"]  # as a build before the manifest listed its files wrote it
    (built.path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    again = build(settings)
    assert again.path == built.path
    assert is_current(settings)
    assert "files" in json.loads((again.path / MANIFEST).read_text(encoding="utf-8"))


def test_write_manifest_and_discard(artefact, tmp_path):
    staging = staging_dir(tmp_path)
    manifest = replace(artefact.manifest, version="0000000000000000")
    write_manifest(staging, manifest)
    assert Manifest.from_file(staging / MANIFEST) == manifest
    discard(staging)
    assert not staging.exists()
