"""The linked-data pages in a real browser: pictures, navigation, language, embedded data."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

AGENCY = "State Road Construction Authority"


@pytest.fixture
def watched(page):
    """A page that records console errors and failed responses (favicon aside)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.problems = problems
    return page


def test_the_home_page_shows_the_tree_and_the_matrix(server, page):
    page.goto(server.url + "/?lang=en")
    assert page.locator("#tree svg").is_visible()
    assert page.locator("#matrix svg").is_visible()
    assert page.locator("#tree svg a").count() == 13
    columns = page.locator("#matrix svg g.column title").all_text_contents()
    assert sorted(columns) == ["Saxony", "Saxony-Anhalt", "Thuringia"]


def test_clicking_an_agency_in_the_tree_opens_its_page(server, page):
    page.goto(server.url + "/?lang=en")
    page.locator(f'#tree a[aria-label="{AGENCY}"]').click()
    page.wait_for_url("**/doc/id/organisation/lsbb.html")
    assert page.locator("h1").inner_text() == AGENCY
    assert page.locator(".types").inner_text().startswith("Type:")


def test_clicking_a_matrix_cell_opens_the_responsible_organisation(server, page):
    page.goto(server.url + "/?lang=en")
    page.locator(
        '#matrix a[aria-label$="Thuringian Ministry of Infrastructure and Agriculture"]'
    ).first.click()
    page.wait_for_url("**/doc/id/organisation/tmil.html")
    assert "Thuringian Ministry" in page.locator("h1").inner_text()


def test_switching_the_language_renames_the_resource(server, page):
    page.goto(server.url + "/doc/id/organisation/lsbb.html?lang=en")
    page.locator("a.lang-switch[hreflang=de]").click()
    page.wait_for_url("**/doc/id/organisation/lsbb.html?lang=de")
    assert page.locator("h1").inner_text() == "Landesstraßenbaubehörde"
    assert page.locator("html").get_attribute("lang") == "de"


def test_the_browser_language_picks_the_page_language(server, browser):
    context = browser.new_context(locale="de-DE")
    try:
        german = context.new_page()
        german.goto(server.url + "/id/organisation/lsbb")
        assert german.locator("h1").inner_text() == "Landesstraßenbaubehörde"
    finally:
        context.close()


def test_the_embedded_json_ld_is_readable(server, page):
    page.goto(server.url + "/doc/id/organisation/lsbb.html?lang=en")
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert data["@type"] == "GovernmentOrganization" and data["name"] == AGENCY
    assert data["parentOrganization"][0]["@id"].endswith("/id/organisation/mlv")


def test_pages_load_without_errors_or_policy_violations(server, watched):
    for path in ("/?lang=de", "/doc/id/organisation/smr.html", "/doc/def/emmd.html", "/dataset"):
        watched.goto(server.url + path)
    assert watched.problems == []


def test_each_page_has_one_main_heading_and_named_links(server, page):
    for path in ("/", "/doc/id/organisation/smr.html"):
        page.goto(server.url + path)
        assert page.locator("h1").count() == 1
        unnamed = page.locator("svg a:not([aria-label]), a:not([href])").count()
        assert unnamed == 0


def test_the_tree_is_also_a_list_for_screen_readers(server, page):
    page.goto(server.url + "/?lang=en")
    page.locator("#tree-h ~ details summary").click()
    assert page.get_by_role("link", name=AGENCY).first.is_visible()
