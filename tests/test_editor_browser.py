"""The query editor in a real browser: type a query, run it, read the rows."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_typing_and_running_a_query_shows_its_rows(server, page):
    page.goto(server.url + "/sparql")
    page.fill(
        "#query",
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?label WHERE { <https://w3id.org/emmd/id/organisation/tmil> "
        "skos:prefLabel ?label } ORDER BY ?label",
    )
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    cells = page.locator("#results tbody td").all_inner_texts()
    assert "Thüringer Ministerium für Infrastruktur und Landwirtschaft @de" in cells
    assert len(cells) == 2


def test_permalink_reopens_the_same_query_and_result(server, page):
    page.goto(server.url + "/sparql")
    page.fill("#query", "ASK { ?s ?p ?o }")
    page.click("#run")
    page.wait_for_selector("#boolean")
    page.goto(server.url + page.locator("#permalink").get_attribute("href"))
    assert page.locator("#query").input_value() == "ASK { ?s ?p ?o }"


def test_an_example_query_runs_from_its_link(server, page):
    page.goto(server.url + "/sparql")
    page.locator(".examples a").first.click()
    page.wait_for_selector("#results tbody tr")
    assert page.locator("#results tbody tr").count() > 0


def test_a_bad_query_shows_the_reason(server, page):
    page.goto(server.url + "/sparql")
    page.fill("#query", "SELECT ?x WHERE { ?x ?y }")
    page.click("#run")
    assert "syntax" in page.locator("[role=alert]").inner_text().lower()


def test_csv_download_link_gives_the_rows(server, page):
    page.goto(server.url + "/sparql")
    page.fill("#query", "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }")
    page.click("#run")
    with page.expect_download() as info:
        page.locator("a[download]", has_text="CSV").click()
    path = info.value.path()
    assert path.read_bytes() == b"n\r\n1\r\n2\r\n3\r\n"
