"""curl (Debian's) against the real server, with the request shapes of YASGUI and of a
browser, each answer the same as pyoxigraph's over the same dump; and the protocol's
leniency where clients need it (format parameters that agree, unknown parameters, the
CORS preflight) and its strictness where it matters (disagreeing formats, two queries).

YASGUI posts a form with ``Accept: application/sparql-results+json,*/*;q=0.9`` for
SELECT and ASK and ``text/turtle,*/*;q=0.9`` for graphs; a browser following the
editor's download links sends its own ``Accept`` and a ``format`` parameter.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from client_reference import (
    GRAPH_FORMS,
    QUERIES,
    parsed_csv,
    parsed_graph,
    parsed_json,
    parsed_results,
    reference,
    reference_csv,
    same_graph,
)

YASGUI = {
    "SELECT": "application/sparql-results+json,*/*;q=0.9",
    "ASK": "application/sparql-results+json,*/*;q=0.9",
    "CONSTRUCT": "text/turtle,*/*;q=0.9",
    "DESCRIBE": "text/turtle,*/*;q=0.9",
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
DOWNLOADS = {
    "SELECT": ("json", "csv", "tsv", "xml"),
    "ASK": ("json", "xml"),
    "CONSTRUCT": ("turtle", "ntriples", "jsonld", "rdfxml"),
    "DESCRIBE": ("turtle", "ntriples", "jsonld", "rdfxml"),
}
RDFLIB = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def curl(*args: str) -> tuple[int, dict[str, str], bytes]:
    """Status, header fields (lower-case names) and body of one curl request."""
    done = subprocess.run(
        ["curl", "-s", "-S", "-i", "--max-time", "30", *args],
        capture_output=True,
        timeout=60,
        check=True,
    )
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {k.lower(): v for k, v in fields.items()}, body


def comparable(headers: dict[str, str], body: bytes, form: str) -> object:
    media_type = headers["content-type"].split(";")[0]
    if form in GRAPH_FORMS:
        return parsed_graph(body, RDFLIB[media_type])
    if media_type == "text/csv":
        return parsed_csv(body)
    if media_type == "application/sparql-results+json":
        return parsed_json(json.loads(body))
    return parsed_results(body, media_type)


def expected_for(artefact, form: str, media_type: str) -> object:
    if form == "SELECT" and media_type == "text/csv":
        return reference_csv(artefact.nquads)
    return reference(artefact.nquads, form)


def check(artefact, form: str, status: int, headers: dict[str, str], body: bytes) -> None:
    assert status == 200, body
    ours = comparable(headers, body, form)
    expected = expected_for(artefact, form, headers["content-type"].split(";")[0])
    assert same_graph(ours, expected) if form in GRAPH_FORMS else ours == expected


@pytest.mark.parametrize("form", list(QUERIES))
def test_yasgui_form_post_gets_the_reference_answer(server, artefact, form):
    answer = curl(
        "-H",
        f"Accept: {YASGUI[form]}",
        "-H",
        "X-Requested-With: XMLHttpRequest",
        "--data-urlencode",
        f"query={QUERIES[form]}",
        server.url + "/sparql",
    )
    check(artefact, form, *answer)


@pytest.mark.parametrize("form", list(QUERIES))
def test_yasgui_get_gets_the_reference_answer(server, artefact, form):
    answer = curl(
        "-G",
        "-H",
        f"Accept: {YASGUI[form]}",
        "--data-urlencode",
        f"query={QUERIES[form]}",
        server.url + "/sparql",
    )
    check(artefact, form, *answer)


@pytest.mark.parametrize(
    "form, fmt", [(form, fmt) for form, formats in DOWNLOADS.items() for fmt in formats]
)
def test_a_browser_download_link_gets_the_reference_answer(server, artefact, form, fmt):
    answer = curl(
        "-G",
        "-H",
        f"Accept: {BROWSER}",
        "--data-urlencode",
        f"query={QUERIES[form]}",
        "--data-urlencode",
        f"format={fmt}",
        server.url + "/sparql",
    )
    check(artefact, form, *answer)


def test_a_browser_without_format_gets_the_editor_page(server):
    status, headers, _ = curl(
        "-G",
        "-H",
        f"Accept: {BROWSER}",
        "--data-urlencode",
        f"query={QUERIES['ASK']}",
        server.url + "/sparql",
    )
    assert status == 200 and headers["content-type"].startswith("text/html")


def test_the_preflight_allows_the_headers_browser_clients_send_and_no_credentials(server):
    status, headers, _ = curl(
        "-X",
        "OPTIONS",
        "-H",
        "Origin: https://yasgui.example",
        "-H",
        "Access-Control-Request-Method: POST",
        "-H",
        "Access-Control-Request-Headers: content-type, accept, x-requested-with",
        server.url + "/sparql",
    )
    assert status in (200, 204)
    allowed = {h.strip().lower() for h in headers["access-control-allow-headers"].split(",")}
    assert {"content-type", "accept", "x-requested-with"} <= allowed
    assert headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in headers


def get(server, *pairs: str) -> tuple[int, dict[str, str], bytes]:
    args = [arg for pair in pairs for arg in ("--data-urlencode", pair)]
    return curl("-G", *args, server.url + "/sparql")


@pytest.mark.parametrize(
    "spellings",
    [
        ("format=tsv", "format=text/tab-separated-values", "output=tsv", "results=tsv"),
        ("output=text/tab-separated-values",),
        ("results=tsv", "format="),
    ],
)
def test_format_parameters_that_agree_are_one_choice(server, artefact, spellings):
    status, headers, body = get(server, f"query={QUERIES['SELECT']}", *spellings)
    assert headers["content-type"].startswith("text/tab-separated-values")
    check(artefact, "SELECT", status, headers, body)


def test_n3_is_answered_as_turtle(server, artefact):
    status, headers, body = get(server, f"query={QUERIES['DESCRIBE']}", "format=n3", "output=n3")
    assert headers["content-type"].startswith("text/turtle")
    check(artefact, "DESCRIBE", status, headers, body)


def test_format_parameters_that_disagree_are_a_400_naming_the_values(server):
    status, headers, body = get(server, f"query={QUERIES['SELECT']}", "format=csv", "output=json")
    assert status == 400 and headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["parameter"] == "format"
    assert "'csv'" in problem["detail"] and "'json'" in problem["detail"]


def test_a_second_query_is_still_a_400(server):
    status, _, body = get(server, f"query={QUERIES['ASK']}", f"query={QUERIES['SELECT']}")
    assert status == 400 and "query" in json.loads(body)["detail"]


def test_unknown_parameters_are_ignored(server, artefact):
    answer = get(server, f"query={QUERIES['ASK']}", "timeout=5000", "debug=on", "x=y")
    check(artefact, "ASK", *answer)


def test_a_saved_query_names_every_missing_parameter_at_once(server):
    status, _, body = curl(server.url + "/queries/is-responsible-for.json")
    problem = json.loads(body)
    assert status == 400 and len(problem["parameters"]) == 2
    assert all(f"'{name}'" in problem["detail"] for name in problem["parameters"])
