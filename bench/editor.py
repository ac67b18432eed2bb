"""The editor page: what it ships and how soon it is ready, in headless Chromium.

Our server (one worker) serves the real artefact.  *Shipped* is every script and style
sheet the page ``/sparql`` links, fetched as a browser would and compressed with gzip
(level 9, what a compressing proxy would send); the target is at most 400 kB.  *First
render* is timed by Playwright over ``rounds`` fresh browser contexts (no cache): the
first contentful paint and the moment the editor script has mounted CodeMirror
(the script's ``editor-ready`` performance mark), both from the start of navigation; the target is
300 ms.  Timings are for reading, never for asserting.
"""

from __future__ import annotations

import gzip
import statistics
import sys
from html.parser import HTMLParser

import httpx

from . import report, servers
from .build import OUT, ensure_built

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
READY = "form.editor[data-ready=true]"


class _Assets(HTMLParser):
    """The scripts and style sheets a page links."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(found["src"] or "")
        if tag == "link" and found.get("rel") == "stylesheet" and found.get("href"):
            self.urls.append(found["href"] or "")


def shipped(origin: str) -> list[tuple[str, int, int]]:
    """(URL, bytes, gzip bytes) of each script and style sheet of the editor page."""
    with httpx.Client(base_url=origin, timeout=30) as client:
        page = client.get("/sparql", headers={"Accept": "text/html"})
        page.raise_for_status()
        parser = _Assets()
        parser.feed(page.text)
        sizes = []
        for url in parser.urls:
            body = client.get(url).content
            sizes.append((url, len(body), len(gzip.compress(body, compresslevel=9))))
    return sizes


def render_times(origin: str, rounds: int) -> list[tuple[float, float]]:
    """(first contentful paint, editor ready) in ms from navigation start, per round."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for _ in range(rounds + 1):  # the first round warms the server and the browser
                context = browser.new_context()
                page = context.new_page()
                page.goto(origin + "/sparql")
                page.wait_for_selector(READY)
                ready = page.evaluate(
                    "() => performance.getEntriesByName('editor-ready')[0].startTime"
                )
                paint = page.evaluate(
                    "() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime"
                )
                times.append((paint or float("nan"), ready))
                context.close()
        finally:
            browser.close()
    return times[1:]


def run(rounds: int) -> str:
    """The report: the assets shipped and the render times."""
    settings, _ = ensure_built("real")
    server, _ = servers.start_ours(
        settings.project_dir, settings.artefact_dir, 1, OUT / "logs" / "editor"
    )
    try:
        print("[editor] measuring what the page ships …", file=sys.stderr, flush=True)
        sizes = shipped(server.origin)
        print(f"[editor] timing {rounds} renders …", file=sys.stderr, flush=True)
        times = render_times(server.origin, rounds)
    finally:
        server.stop()
    rows = [[url, f"{raw / 1000:,.1f}", f"{packed / 1000:,.1f}"] for url, raw, packed in sizes]
    rows.append(
        [
            "**total**",
            f"{sum(s[1] for s in sizes) / 1000:,.1f}",
            f"**{sum(s[2] for s in sizes) / 1000:,.1f}**",
        ]
    )
    paints, readies = [t[0] for t in times], [t[1] for t in times]
    timing = [
        [name, f"{statistics.median(values):,.0f}", f"{min(values):,.0f}", f"{max(values):,.0f}"]
        for name, values in (("first contentful paint", paints), ("editor ready", readies))
    ]
    return (
        report.heading("Editor page", 3)
        + "Scripts and style sheets of `/sparql` (kB; target: ≤ 400 kB compressed):\n\n"
        + report.table(["asset", "kB", "kB gzip -9"], rows)
        + f"\n\nFirst render over {rounds} fresh contexts (ms from navigation start; "
        "target ≤ 300 ms):\n\n" + report.table(["moment", "median", "min", "max"], timing)
    )
