"""The query editor in a real browser: write with completion, run with the keyboard,
read labelled results and follow them; faults shown at their position; the query in
the URL and the history; and the plain form, which works without script."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

EMMD = "https://w3id.org/emmd/def/emmd#"


def open_editor(server, page, path: str = "/sparql"):
    """The editor page with its script mounted and the names it completes loaded (the
    form marks both)."""
    page.goto(server.url + path)
    page.wait_for_selector("form.editor[data-ready=true][data-vocabulary=ready] .cm-editor")
    return page


def replace_query(page, text: str) -> None:
    """Type ``text`` into the editor in place of what it holds."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def choose_completion(page, label: str) -> None:
    """Wait until the completion list offers ``label`` first, then take it with Enter."""
    page.locator(".cm-tooltip-autocomplete li[aria-selected=true]", has_text=label).wait_for()
    page.wait_for_timeout(200)  # CodeMirror ignores Enter for 75 ms after the list changes
    page.keyboard.press("Enter")


def query_text(page) -> str:
    """The editor's text, line by line (the locator reaches into its shadow root)."""
    return "\n".join(page.locator(".cm-line").all_text_contents())


def test_completion_offers_a_class_and_declares_its_prefix(server, page):
    open_editor(server, page)
    replace_query(page, "SELECT ?org WHERE { ?org a emmd:StateMin")
    choose_completion(page, "emmd:StateMinistry")
    text = query_text(page)
    assert text.startswith(f"PREFIX emmd: <{EMMD}>\n")
    assert "?org a emmd:StateMinistry" in text


def test_a_completed_query_runs_by_keyboard_and_its_labelled_links_lead_on(server, page):
    open_editor(server, page)
    replace_query(page, "SELECT ?org WHERE { ?org a emmd:StateMin")
    choose_completion(page, "emmd:StateMinistry")
    page.keyboard.type(" } ORDER BY ?org")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results tbody tr")
    names = page.locator("#results tbody td a").all_inner_texts()
    assert "Saxon State Ministry for Regional Development" in names
    assert not any(name.startswith("http") for name in names)
    page.locator("#results a", has_text="Saxon State Ministry for Regional Development").click()
    page.wait_for_url("**/doc/id/organisation/smr.html")
    assert page.locator("h1").inner_text() == "Saxon State Ministry for Regional Development"


def test_a_prefix_line_completes_to_the_datasets_declaration(server, page):
    open_editor(server, page)
    replace_query(page, "PREFIX sko")
    choose_completion(page, "skos: <http://www.w3.org/2004/02/skos/core#>")
    assert query_text(page) == "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"


def test_a_labelled_link_leads_to_the_resource_page(server, page):
    open_editor(server, page)
    replace_query(
        page, "SELECT ?org WHERE { VALUES ?org { <https://w3id.org/emmd/id/organisation/smr> } }"
    )
    page.keyboard.press("Control+Enter")
    page.locator("#results tbody a").first.click()
    page.wait_for_url("**/doc/id/organisation/smr.html")
    assert page.locator("h1").inner_text() == "Saxon State Ministry for Regional Development"


def test_the_query_is_kept_in_the_url_and_the_history(server, page):
    open_editor(server, page)
    for text in ("ASK { ?s ?p ?o }", "SELECT ?n WHERE { VALUES ?n { 1 2 } }"):
        replace_query(page, text)
        page.keyboard.press("Control+Enter")
        page.wait_for_function(
            "(text) => new URLSearchParams(location.search).get('query') === text", arg=text
        )
    page.wait_for_selector("#results tbody tr")
    page.go_back()
    page.wait_for_selector("#boolean")
    assert query_text(page) == "ASK { ?s ?p ?o }"


def test_the_share_link_carries_the_query(server, page):
    open_editor(server, page)
    replace_query(page, "ASK { ?s ?p ?o }")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#boolean")
    href = page.locator("#permalink").get_attribute("href")
    assert parse_qs(urlsplit(href).query)["query"] == ["ASK { ?s ?p ?o }"]
    open_editor(server, page, href)
    assert query_text(page) == "ASK { ?s ?p ?o }"
    assert page.locator("#boolean").inner_text() == "true"


def test_an_engine_syntax_error_is_shown_at_its_line_and_column(server, page):
    open_editor(server, page)
    replace_query(page, "SELECT ?x WHERE { ?x ?y }")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#problem .position")
    assert page.locator("#problem .position").inner_text() == "Line 1, column 26"
    assert page.locator(".cm-lintRange-error").count() == 1


def test_a_gate_refusal_is_shown_at_its_line_and_column(server, page):
    open_editor(server, page)
    replace_query(page, "ASK { ?s ?p ?o ) }")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#problem .position")
    assert "unbalanced brackets" in page.locator("#problem").inner_text()
    assert page.locator("#problem .position").inner_text() == "Line 1, column 16"
    assert page.locator(".cm-lintRange-error").count() == 1


def test_long_answers_are_shown_a_page_at_a_time(server, page):
    values = " ".join(str(n) for n in range(1, 121))
    open_editor(server, page)
    replace_query(page, f"SELECT ?n WHERE {{ VALUES ?n {{ {values} }} }}")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#page-status")
    assert page.locator("#page-status").inner_text() == "Rows 1–50 of 120"
    assert page.locator("#results tbody tr:visible").count() == 50
    page.click("#page-next")
    assert page.locator("#page-status").inner_text() == "Rows 51–100 of 120"
    assert page.locator("#results tbody tr:visible td").first.inner_text() == "51 xsd:integer"


def test_the_raw_view_shows_the_answer_as_sent(server, page):
    open_editor(server, page)
    replace_query(page, "SELECT ?n WHERE { VALUES ?n { 7 } }")
    page.keyboard.press("Control+Enter")
    page.click("#raw-toggle")
    page.wait_for_selector("#raw:not([hidden])")
    assert '"vars"' in page.locator("#raw").inner_text()


def test_a_saved_query_opens_in_the_editor(server, page):
    page.goto(server.url + "/queries/organisations-of-state")
    page.click("#open-in-editor")
    page.wait_for_selector("form.editor[data-ready=true] .cm-editor")
    assert "SELECT ?state ?organisation" in query_text(page)


def test_download_links_give_csv_tsv_json_and_turtle(server, page):
    open_editor(server, page)
    replace_query(page, "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }")
    page.keyboard.press("Control+Enter")
    with page.expect_download() as info:
        page.locator("a.download", has_text="CSV").click()
    assert info.value.path().read_bytes() == b"n\r\n1\r\n2\r\n3\r\n"
    labels = set(page.locator("a.download").all_inner_texts())
    assert {"CSV", "TSV", "JSON"} <= labels
    replace_query(page, "CONSTRUCT WHERE { ?s a ?o } LIMIT 1")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results th:has-text('predicate')")
    assert "TURTLE" in page.locator("a.download").all_inner_texts()


def test_the_editor_runs_without_policy_violations(server, page):
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and "favicon" not in m.location.get("url", "")
            else None
        ),
    )
    open_editor(server, page)
    replace_query(page, "SELECT ?n WHERE { VALUES ?n { 1 } }")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results tbody tr")
    assert problems == []


def test_markup_in_an_answer_stays_text_in_the_editor(server, page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_editor(server, page)
    replace_query(page, 'SELECT ?x WHERE { VALUES ?x { "<img src=x onerror=alert(1)>" } }')
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results tbody tr")
    assert page.locator("#results tbody td").inner_text() == "<img src=x onerror=alert(1)>"
    assert page.locator("#results img").count() == 0
    assert dialogs == []


def test_the_plain_form_works_without_script(server, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url + "/sparql")
        page.fill("#query", "SELECT ?n WHERE { VALUES ?n { 1 2 } }")
        page.click("#run")
        page.wait_for_selector("#results tbody tr")
        cells = page.locator("#results tbody td").all_inner_texts()
        assert cells == ["1 xsd:integer", "2 xsd:integer"]
    finally:
        context.close()
