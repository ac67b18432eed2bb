"""Comunica (``@comunica/query-sparql`` from npm, run by Debian's Node.js) against the
real server: the endpoint as a ``sparql@`` source, each query form written out by
Comunica in SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE), and each
answer the same as pyoxigraph's over the same dump.

``./run test`` installs Comunica from ``tests/clients/package-lock.json`` (``npm ci``).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from client_reference import (
    GRAPH_FORMS,
    QUERIES,
    parsed_graph,
    parsed_json,
    reference,
    same_graph,
)

CLI = Path(__file__).parent / "node_modules/@comunica/query-sparql/bin/query.js"
NODE = "/usr/bin/node"
OUTPUT = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json"}
OUTPUT |= {form: "application/n-triples" for form in GRAPH_FORMS}


def comunica(endpoint: str, query: str, media_type: str) -> bytes:
    """Comunica's answer to ``query`` over the endpoint, written in ``media_type``."""
    done = subprocess.run(
        [NODE, str(CLI), f"sparql@{endpoint}", "-t", media_type, query],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


# Comunica 4.5 reads literals from an endpoint's SPARQL JSON without their language tag
# or datatype (its sparqljson-parse 3.3 and rdf-data-factory 2 disagree; its own XML
# writer then fails on the missing datatype): a client fault, kept visible.
CLIENT_FAULT = pytest.mark.xfail(
    strict=True, reason="Comunica 4.5 drops the language and datatype of literals it reads"
)
FORMS = [pytest.param(f, marks=CLIENT_FAULT) if f == "SELECT" else f for f in QUERIES]


@pytest.mark.parametrize("form", FORMS)
def test_comunica_gets_the_reference_answer(server, artefact, form):
    body = comunica(server.url + "/sparql", QUERIES[form], OUTPUT[form])
    expected = reference(artefact.nquads, form)
    if form in GRAPH_FORMS:
        assert same_graph(parsed_graph(body, "nt"), expected)
    else:
        document = json.loads(body)
        document.pop("metadata", None)  # Comunica's count of its HTTP requests
        assert parsed_json(document) == expected
