"""The pages people read, in a real browser: no horizontal scrolling from a phone's
360 px to a desktop's 1280 px (with a screenshot of each), and no serious or critical
accessibility violation as axe-core (npm, from ``editor/node_modules``) finds them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "editor" / "node_modules" / "axe-core" / "axe.min.js"
LONG_QUERY = (
    "SELECT ?thing ?p ?value WHERE { ?thing ?p ?value "
    "FILTER(STRLEN(STR(?value)) > 60) } ORDER BY ?thing ?p ?value LIMIT 20"
)
PAGES = {
    "home": "/?lang=en",
    "resource": "/doc/id/organisation/tmil.html?lang=en",
    "editor": "/sparql?query=" + quote(LONG_QUERY),
    "saved-query": "/queries/organisations-of-state",
}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_fits_the_screen_without_horizontal_scrolling(
    server, browser, tmp_path, name, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(server.url + PAGES[name])
        page.wait_for_load_state("networkidle")
        shot = tmp_path / f"{name}-{width}.png"
        page.screenshot(path=shot, full_page=True)
        assert shot.stat().st_size > 0
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at {width} px"
    finally:
        context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_axe_finds_no_serious_or_critical_violation(server, browser, name):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run ./run test (npm ci in editor/)")
    # axe is the test's own script, not the page's: only its injection bypasses the policy
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(server.url + PAGES[name])
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in found["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
    finally:
        context.close()
