"""XSS, open redirects and Host poisoning (docs/SECURITY.md) against the linked-data pages.

A copy of the project gets a label carrying ``</script><script>alert(1)</script>``, a
description carrying an HTML breakout and a ``javascript:`` IRI; the server built from
it must show them as text and never as markup or links.  Redirects must stay paths on
this server whatever the path or the forwarded-host headers say.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest

from conftest import ROOT, RunningServer, copy_project
from emmd_kg.config import load_settings
from emmd_kg.pipeline import build

PAYLOAD = "</script><script>alert(1)</script>"
ATTACK_TTL = """
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/emmd/id/thing/attack>
    skos:prefLabel "Attack"@en, "Angriff"@de ;
    rdfs:seeAlso <javascript:alert(1)> ;
    dct:description "\\"><img src=x onerror=alert(1)> & </script>"@en .
"""
AGENCY = "/doc/id/organisation/lsbb.html?lang=en"


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """A server over a copy of the project with hostile literals and IRIs."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("attack") / "project")
    agencies = project / "data" / "partner-page" / "agencies.ttl"
    text = agencies.read_text(encoding="utf-8")
    original = '"State Road Construction Authority"@en'
    assert original in text
    agencies.write_text(
        text.replace(original, f'"State Road Construction Authority {PAYLOAD}"@en'),
        encoding="utf-8",
    )
    (project / "data" / "partner-page" / "zz-attack.ttl").write_text(ATTACK_TTL, encoding="utf-8")
    build_dir = tmp_path_factory.mktemp("attack-build")
    build(load_settings(project, build_dir=build_dir))
    running = RunningServer(build_dir, project=project)
    with httpx.Client(base_url=running.url, timeout=30) as client:
        yield client
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def embedded_json(html: str) -> str:
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return html[start : html.index("</script>", start)]


# XSS


def test_a_script_in_a_label_is_text_on_the_resource_page(attacked):
    page = attacked.get(AGENCY).text
    assert "<script>alert(1)" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_script_in_a_label_cannot_leave_the_embedded_json_ld(attacked):
    schema = json.loads(embedded_json(attacked.get(AGENCY).text))
    assert schema["name"].endswith(PAYLOAD)


def test_a_script_in_a_label_is_text_in_the_home_pictures(attacked):
    page = attacked.get("/?lang=en").text
    assert "lsbb" in page and "<script>alert(1)" not in page


def test_an_html_breakout_in_a_description_is_text(attacked):
    page = attacked.get("/doc/id/thing/attack.html?lang=en").text
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_javascript_iri_is_shown_but_never_linked(attacked):
    page = attacked.get("/doc/id/thing/attack.html?lang=en").text
    assert "javascript:alert(1)" in page
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page, re.I)


@pytest.mark.parametrize(
    "path", ["/", "/doc/id/organisation/smr.html", "/dataset.html", "/sparql", "/queries"]
)
def test_no_page_allows_inline_script(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.headers["Content-Type"].startswith("text/html")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_a_language_parameter_is_never_reflected(client):
    page = client.get("/doc/id/organisation/smr.html?lang=%3Cscript%3E").text
    assert "<script>" not in page.replace('<script type="application/ld+json">', "")
    assert '<html lang="en">' in page


# open redirects and Host poisoning


@pytest.mark.parametrize(
    "path",
    [
        "/id/%09/evil.example",
        "/id//evil.example",
        "/doc//evil.example",
        "/id/%2F%2Fevil.example",
        "/graph/%5C%5Cevil.example",
        "/def/..%2F..%2Fevil.example",
        "/id/organisation/SMR",
        "/id/organisation/sm%C3%BCr",
    ],
)
def test_a_crafted_path_is_a_404_without_a_location(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Location" not in response.headers


@pytest.mark.parametrize(
    "path", ["/id/organisation/smr", "/def/emmd", "/graph/inferred", "/.well-known/void", "/def"]
)
def test_every_location_is_a_path_on_this_server(client, path):
    location = client.get(path).headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))


def test_forwarded_host_headers_never_reach_a_location(client):
    headers = {"X-Forwarded-Host": "evil.example", "Forwarded": "host=evil.example"}
    response = client.get("/id/organisation/smr", headers=headers)
    assert response.headers["Location"] == "/doc/id/organisation/smr.ttl"


def test_the_sitemap_ignores_the_host_header(client):
    body = client.get("/sitemap.xml", headers={"X-Forwarded-Host": "evil.example"}).text
    assert "evil.example" not in body


# content negotiation and caching


def test_the_etag_changes_with_the_representation(client):
    turtle = client.get("/doc/id/organisation/smr.ttl").headers["ETag"]
    german = client.get("/doc/id/organisation/smr.html?lang=de").headers["ETag"]
    english = client.get("/doc/id/organisation/smr.html?lang=en").headers["ETag"]
    assert len({turtle, german, english}) == 3


@pytest.mark.browser
def test_a_script_of_the_data_is_text_in_a_browser(attacked, page):
    page.goto(f"{attacked.base_url}/?lang=en")
    page.locator('#tree a[aria-label^="State Road Construction Authority"]').click()
    page.wait_for_url("**/doc/id/organisation/lsbb.html")
    assert page.locator("h1").inner_text().endswith(PAYLOAD)
    kinds = page.evaluate("[...document.scripts].map(s => s.type)")
    assert kinds == ["application/ld+json"]


@pytest.mark.browser
def test_no_script_of_the_data_runs_in_a_browser(attacked, page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (AGENCY, "/doc/id/thing/attack.html", "/?lang=en"):
        page.goto(f"{attacked.base_url}{path}")
    assert dialogs == []
