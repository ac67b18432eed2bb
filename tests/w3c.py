"""Where the W3C SPARQL test suites lie, and small readers for their manifests.

The suites travel with the tests (``tests/w3c/``, with their licence and source).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import rdflib

W3C = Path(__file__).resolve().parent / "w3c" / "sparql11"
W3C10 = W3C.parent / "sparql10"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
XSD = "http://www.w3.org/2001/XMLSchema#"


def manifest(folder: str) -> rdflib.Graph:
    """The manifest of ``folder`` (under the 1.1 suite, or a path) as a graph."""
    path = W3C / folder / "manifest.ttl"
    return rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())


def entries(graph: rdflib.Graph) -> list[rdflib.term.Node]:
    """The manifest's entries in their listed order."""
    head = next(graph.objects(None, MF.entries), None)
    return list(rdflib.collection.Collection(graph, head)) if head is not None else []


def result_entries(folder: str) -> list[tuple[str, Path, Path, Path]]:
    """(name, query file, data file, expected result file) of a result-format manifest."""
    graph = manifest(folder)
    found = []
    for entry in entries(graph):
        action = graph.value(entry, MF.action)
        files = (
            graph.value(action, QT.query),
            graph.value(action, QT.data),
            graph.value(entry, MF.result),
        )
        name = str(entry).rsplit("#", 1)[-1]
        found.append((name, *(Path(str(f).removeprefix("file://")) for f in files)))
    return found


_NUMBER = r"[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?"
_NUMERIC_CELL = re.compile(
    rf'(?P<bare>{_NUMBER})|"(?P<typed>{_NUMBER})"\^\^<{XSD}(?:integer|decimal|double|\w*Integer)>'
)


def _cell(cell: str) -> object:
    """A cell compared by meaning: blank-node labels are arbitrary, and the engine keeps
    numbers by value ("-3"^^xsd:negativeInteger comes back as the xsd:integer -3 and the
    double "1.0E6" as "1000000") where the suite keeps the data's lexical form."""
    if re.fullmatch(r"_:\w+", cell):
        return "_:"
    number = _NUMERIC_CELL.fullmatch(cell)
    if number:
        return float(number["bare"] or number["typed"])
    return cell


def table(text: str, kind: str) -> Counter:
    """CSV or TSV rows as a multiset of {column: cell} (column order is the engine's)."""
    if kind == "csv":
        lines = list(csv.reader(io.StringIO(text, newline="")))
    else:
        lines = [line.split("\t") for line in text.splitlines()]
    header = lines[0]
    return Counter(tuple(sorted(zip(header, map(_cell, row), strict=True))) for row in lines[1:])
