"""The saved-query pages in a real browser: pick a value, run, read the rows, download."""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.browser

STATE = "https://w3id.org/emmd/id/state/"


def test_choosing_a_state_runs_the_query_and_shows_its_rows(server, page):
    page.goto(server.url + "/queries/organisations-of-state")
    page.select_option("#p-state", [STATE + "sachsen-anhalt"])
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    headers = page.locator("#results thead th").all_inner_texts()
    column = headers.index("organisation")
    cells = [
        row.locator("td").nth(column).locator("a").get_attribute("href")
        for row in page.locator("#results tbody tr").all()
    ]
    assert [cell.rsplit("/", 1)[1] for cell in cells] == ["mlv", "lvermgeo", "lsbb"]
    assert "sachsen-anhalt" in page.url


def test_the_csv_download_holds_the_rows_shown(server, page):
    page.goto(server.url + "/queries/organisations-of-state")
    page.select_option("#p-state", [STATE + "thueringen"])
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    shown = page.locator("#results tbody tr").count()
    with page.expect_download() as info:
        page.click("#download-csv")
    text = info.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == shown == 1 and rows[0]["organisation"].endswith("/tmil")


def test_a_bad_value_shows_the_reason_next_to_the_form(server, page):
    page.goto(server.url + "/queries/shared-policy-areas?min_ministries=500")
    assert "min_ministries" in page.locator("#error").inner_text()
    assert page.locator("#parameters").is_visible()


def test_the_next_page_link_moves_through_the_rows(server, page):
    page.goto(server.url + "/queries/policy-area-coverage?page_size=5")
    first = page.locator("#results tbody tr").first.inner_text()
    page.click("#page-next")
    page.wait_for_selector("#results tbody tr")
    assert "page 2 of 3" in page.locator("#count").inner_text()
    assert page.locator("#results tbody tr").first.inner_text() != first


def test_the_catalogue_search_narrows_the_list(server, page):
    page.goto(server.url + "/queries")
    page.fill("#q", "provenance")
    page.click("#filter")
    page.wait_for_selector("#catalogue")
    titles = page.locator("#catalogue h2").all_inner_texts()
    assert titles == ["Where a fact comes from", "Source graphs and when they were generated"]
