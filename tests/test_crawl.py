"""A crawler on a server whose base IRI is its own origin reaches the whole dataset.

The project is built with ``--base http://127.0.0.1:PORT/`` and served on that port.
Starting at ``/dataset``, the crawler dereferences every IRI under the base it finds in
Turtle (asking for Turtle first, HTML second) and follows every same-origin link of
every HTML page it gets, including each resource's own page (its ``Link`` rel=alternate
of type text/html).  It must reach every
resource of the dump, meet no 404, and see only redirects to paths on this server.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

import httpx
import pytest
import rdflib

import conftest
from conftest import ROOT, RunningServer
from emmd_kg.config import load_settings
from emmd_kg.pipeline import build

MAX_FETCHES = 4000
ACCEPT = "text/turtle, text/html;q=0.5, */*;q=0.1"


@dataclass
class Crawl:
    """What the crawler saw: status per URL, where each was found, the redirects."""

    status: dict[str, int] = field(default_factory=dict)
    found_on: dict[str, str] = field(default_factory=dict)
    locations: list[str] = field(default_factory=list)


class Hrefs(HTMLParser):
    """Collects the href of every element."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name == "href" and value]


def crawl(client: httpx.Client, origin: str, start: str) -> Crawl:
    """Breadth first from ``start``, at most MAX_FETCHES requests, same origin only."""
    seen = Crawl()
    queue = deque([start])
    seen.found_on[start] = "(start)"
    while queue and len(seen.status) < MAX_FETCHES:
        url = queue.popleft()
        response = client.get(url, headers={"Accept": ACCEPT}, follow_redirects=True)
        seen.status[url] = response.status_code
        seen.locations += [r.headers["Location"] for r in response.history]
        for found in _links(response, origin):
            if found not in seen.found_on:
                seen.found_on[found] = url
                queue.append(found)
    return seen


def _links(response: httpx.Response, origin: str) -> list[str]:
    media_type = response.headers.get("Content-Type", "").split(";")[0]
    if response.status_code != 200:
        return []
    if media_type == "text/turtle":
        graph = rdflib.Graph().parse(data=response.content, format="turtle")
        iris = {str(t) for triple in graph for t in triple if isinstance(t, rdflib.URIRef)}
        found = [urldefrag(iri)[0] for iri in iris]
        pages = [
            re.match(r'<([^>]*)>; rel="alternate"; type="text/html"', link)
            for link in response.headers.get_list("Link")
        ]
        found += [urljoin(str(response.url), page.group(1)) for page in pages if page]
    elif media_type == "text/html":
        parser = Hrefs()
        parser.feed(response.text)
        found = [urldefrag(urljoin(str(response.url), href))[0] for href in parser.hrefs]
    else:
        return []
    return sorted({url for url in found if url.startswith(origin)})


@pytest.fixture(scope="module")
def origin_server(tmp_path_factory):
    """The real project built with base = the server's own origin, served there."""
    port = conftest.free_port()
    base = f"http://127.0.0.1:{port}/"
    build_dir = tmp_path_factory.mktemp("origin-build")
    build(load_settings(ROOT, build_dir=build_dir, base_iri=base))
    running = RunningServer(build_dir, port=port, base_iri=base)
    yield running, base, build_dir
    running.stop()


@pytest.fixture(scope="module")
def crawled(origin_server):
    running, base, _ = origin_server
    with httpx.Client(timeout=30) as client:
        return crawl(client, base, base + "dataset")


@pytest.fixture(scope="module")
def dump_resources(origin_server) -> set[str]:
    """The documents of every IRI under the base in the Turtle dump."""
    _, base, build_dir = origin_server
    dump = build_dir / "current" / "dumps" / "dataset.ttl"
    graph = rdflib.Graph().parse(dump, format="turtle")
    iris = {str(t) for triple in graph for t in triple if isinstance(t, rdflib.URIRef)}
    return {urldefrag(iri)[0] for iri in iris if iri.startswith(base)}


def test_the_crawl_reaches_every_resource_of_the_dump(crawled, dump_resources):
    reached = {url for url, status in crawled.status.items() if status == 200}
    assert len(dump_resources) > 60
    assert dump_resources - reached == set()


def test_no_link_the_crawl_finds_answers_404(crawled):
    broken = {url: crawled.found_on[url] for url, s in crawled.status.items() if s == 404}
    assert broken == {}


def test_the_crawl_meets_no_server_error(crawled):
    assert [url for url, status in crawled.status.items() if status >= 500] == []


def test_every_redirect_of_the_crawl_is_a_path_on_this_server(crawled):
    assert crawled.locations
    assert [
        loc for loc in crawled.locations if not loc.startswith("/") or loc.startswith(("//", "/\\"))
    ] == []


def test_the_crawl_ends_before_its_bound(crawled):
    assert len(crawled.status) < MAX_FETCHES
