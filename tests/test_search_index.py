"""The search index in the artefact: deterministic, checksummed, on the CLI, in a browser."""

from __future__ import annotations

import hashlib
import json

from click.testing import CliRunner

from emmd_kg.cli import main
from emmd_kg.search import RECORDS, SearchIndex, records, write_records
from emmd_kg.search.name_records import read_records

ID = "https://w3id.org/emmd/id/organisation/"


def test_the_records_are_identical_for_identical_input(artefact, tmp_path):
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(artefact.nquads)))
    first, second = tmp_path / "a", tmp_path / "b"
    write_records(first, records(quads, "https://w3id.org/emmd/graph/inferred"))
    write_records(second, records(list(reversed(quads)), "https://w3id.org/emmd/graph/inferred"))
    assert (first / RECORDS).read_bytes() == (second / RECORDS).read_bytes()
    assert (first / RECORDS).read_bytes() == (artefact.path / RECORDS).read_bytes()


def test_the_manifest_holds_the_checksum_of_the_records(artefact):
    body = (artefact.path / RECORDS).read_bytes()
    assert artefact.manifest.search.sha256 == hashlib.sha256(body).hexdigest()
    assert artefact.manifest.search.size == len(body)


def test_records_that_differ_from_the_manifest_are_refused(artefact, tmp_path):
    import pytest

    from emmd_kg.errors import BuildError

    with pytest.raises(BuildError, match="checksum"):
        read_records(artefact.path, "0" * 64)


def test_the_index_answers_the_same_for_the_same_records(artefact):
    one, two = SearchIndex.open(artefact.path), SearchIndex.open(artefact.path)
    assert one.search("Landesamt") == two.search("Landesamt")


def test_facets_left_out_change_no_hit_and_count_nothing(artefact):
    index = SearchIndex.open(artefact.path)
    with_facets, without = index.search("Landesamt"), index.search("Landesamt", facets=False)
    assert without.hits == with_facets.hits and without.total == with_facets.total
    assert with_facets.facets["type"] and without.facets == {}


def test_the_cli_searches_the_built_artefact(settings, artefact):
    args = ["search", "--build-dir", str(settings.artefact_dir), "Landesstrassenbaubehorde"]
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"][0]["id"] == ID + "lsbb"


def test_a_browser_searches_from_the_header_filters_by_a_facet_and_opens_a_hit(server, page):
    page.goto(server.url + "/queries")
    page.fill("header.site input[name=q]", "Landesamt")
    page.click("header.site button[type=submit]")
    page.wait_for_url("**/search?q=Landesamt")
    page.click("section.facet >> text=Subordinate state agency")
    page.wait_for_url("**type=*")
    hits = page.locator("li.hit a.hit-label")
    assert hits.count() == 2
    hits.first.click()
    page.wait_for_load_state()
    assert "/id/organisation/" in page.url or "/doc/id/organisation/" in page.url
