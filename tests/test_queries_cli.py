"""``emmd-kg query``: list, run (or the NAME shortcut), ad-hoc --sparql; errors and exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from conftest import ROOT
from emmd_kg.cli import main

BASE = "https://w3id.org/emmd/"


@pytest.fixture(scope="module")
def run(artefact, settings):
    """Invoke ``emmd-kg query …`` on the built artefact (never rebuilding it)."""
    project = ["--project", str(ROOT), "--build-dir", str(settings.artefact_dir), "--no-build"]

    def invoke(*args: str, stdin: str | None = None):
        return CliRunner().invoke(main, ["query", *args, *project], input=stdin)

    return invoke


def rows(output: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(output)))


def test_list_names_every_saved_query(run):
    result = run("list")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines()]
    assert names == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))


def test_list_marks_required_parameters(run):
    line = next(x for x in run("list").output.splitlines() if x.startswith("find-by-label "))
    assert line.endswith("[label*]")


def test_list_as_json_filtered_by_tag(run):
    listed = json.loads(run("list", "--tag", "provenance", "--format", "json").output)
    assert [entry["name"] for entry in listed] == ["fact-provenance", "source-graphs"]


def test_run_prints_csv_when_not_on_a_terminal(run):
    result = run("run", "organisation-tree", "--param", f"root={BASE}id/organisation/mlv")
    assert result.exit_code == 0, result.output
    assert [r["organisation"].rsplit("/", 1)[1] for r in rows(result.output)] == [
        "lvermgeo",
        "lsbb",
    ]


def test_the_saved_name_search_finds_strassenbau_written_with_ss(run):
    result = run("run", "search-by-name", "--param", "text=Strassenbau", "--format", "csv")
    assert result.exit_code == 0, result.output
    found = {(r["thing"], r["label"]) for r in rows(result.output)}
    assert (
        f"{BASE}def/responsibilities/tmil-verkehr-und-strassenbau",
        "Verkehr und Straßenbau",
    ) in found


def test_the_name_alone_is_short_for_run(run):
    args = ("--param", f"root={BASE}id/organisation/mlv", "--format", "tsv")
    assert run("organisation-tree", *args).output == run("run", "organisation-tree", *args).output


def test_repeated_param_gives_several_values(run):
    result = run(
        "organisations-of-state",
        "--param",
        f"state={BASE}id/state/thueringen",
        "--param",
        f"state={BASE}id/state/sachsen",
        "--param",
        "include_agencies=false",
    )
    assert [r["organisation"].rsplit("/", 1)[1] for r in rows(result.output)] == ["tmil", "smr"]


def test_table_format_aligns_columns(run):
    result = run("networks", "--format", "table")
    header, rule, *lines = result.output.splitlines()
    assert header.split()[:2] == ["network", "label"] and set(rule) <= {"-", " "}
    assert len(lines) == 2
    column = header.index("label")
    assert all(line[column - 2 : column] == "  " for line in lines)


def test_page_options_cut_the_answer(run):
    result = run("policy-area-coverage", "--page", "2", "--page-size", "5")
    assert len(rows(result.output)) == 5


def test_construct_query_prints_rdf(run):
    result = run("organisation-card", "--format", "ntriples")
    assert result.exit_code == 0 and len(result.output.splitlines()) == 7


def test_ask_query_prints_the_boolean_as_a_table(run):
    result = run(
        "is-responsible-for",
        "--format",
        "table",
        "--param",
        f"organisation={BASE}id/organisation/smr",
        "--param",
        f"area={BASE}def/policy-areas/transport",
    )
    assert result.output.strip() == "false"


def test_bad_parameter_exits_1_with_one_line_naming_it(run):
    result = run("shared-policy-areas", "--param", "min_ministries=many")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: parameter 'min_ministries': expected an integer from 1 to 100, got 'many'"
    ]


def test_unknown_parameter_exits_1(run):
    result = run("networks", "--param", "endpoint=http://evil.test/")
    assert result.exit_code == 1 and "'endpoint'" in result.output


def test_unknown_query_exits_1(run):
    result = run("no-such-query")
    assert result.exit_code == 1 and "no saved query named 'no-such-query'" in result.output


def test_malformed_param_option_is_a_usage_error(run):
    assert run("networks", "--param", "min_members").exit_code == 2


def test_adhoc_query_from_stdin(run):
    result = run("--sparql", "-", stdin="SELECT ?n WHERE { VALUES ?n { 1 2 } } ORDER BY ?n")
    assert result.exit_code == 0 and result.stdout_bytes == b"n\r\n1\r\n2\r\n"


def test_adhoc_query_from_a_file(run, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert run("--sparql", str(path), "--format", "json").output.endswith('"boolean":true}')


def test_adhoc_query_passes_the_gate(run):
    result = run(
        "--sparql", "-", stdin="SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    )
    assert result.exit_code == 1 and "SERVICE is not allowed" in result.output


def test_query_without_a_command_is_a_usage_error(run):
    assert run().exit_code == 2
