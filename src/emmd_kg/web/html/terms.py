"""How a page shows an RDF term of an answer: a name to read, a link, a discreet note.

An IRI under the base shows its label in the page's language and links to its page on
this server; any other IRI is shortened with the dataset's prefixes; either way the
full IRI is the cell's title (shown on hover).  A literal shows its text, with its
language tag or its datatype (compact) as a note; ``xsd:string`` is not worth a note.
Labels are looked up once per answer, for the IRIs under the base it holds (at most
``MAX_LABELLED``), with one fixed query whose IRIs the engine wrote itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from ...linked.description import LABEL_PREDICATES
from ...rdf.labels import choose
from ...rdf.namespaces import PREFIXES
from ..state import Served
from .links import local_href

MAX_LABELLED = 2000
"""The most IRIs of one answer whose labels are looked up (the rest show compact)."""
_CHUNK = 500
_LABELS = (
    "SELECT ?this ?p ?label WHERE {{ VALUES ?p {{ {predicates} }} VALUES ?this {{ {iris} }} "
    "?this ?p ?label FILTER(isLITERAL(?label)) }}"
)
_XSD_STRING = PREFIXES["xsd"] + "string"


@dataclass(frozen=True)
class Cell:
    """One term as a table cell shows it."""

    text: str
    href: str | None = None
    title: str | None = None
    note: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Term:
    """An answer's term, whatever syntax it came in: kind, value, language, datatype."""

    kind: str  # "uri", "bnode" or "literal"
    value: str
    lang: str | None = None
    datatype: str | None = None


class TermView:
    """Turns the terms of one answer into cells, in one language."""

    def __init__(self, base: str, prefixes: dict[str, str], labels: dict[str, str]) -> None:
        self.base = base
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.labels = labels

    def compact(self, iri: str) -> str:
        """``prefix:local`` under the longest known namespace, else the IRI itself."""
        for name, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{name}:{iri[len(namespace) :]}"
        return iri

    def cell(self, term: Term | None) -> Cell:
        """The cell of ``term`` (None: unbound, an empty cell)."""
        if term is None:
            return Cell("")
        if term.kind == "uri":
            name = self.labels.get(term.value) or self.compact(term.value)
            return Cell(name, local_href(term.value, self.base), term.value)
        if term.kind == "bnode":
            return Cell(f"_:{term.value}")
        if term.lang:
            return Cell(term.value, note=f"@{term.lang}", lang=term.lang)
        datatype = term.datatype if term.datatype != _XSD_STRING else None
        return Cell(term.value, note=self.compact(datatype) if datatype else None)


def term_view(served: Served, lang: str, terms: Iterable[Term]) -> TermView:
    """A view for an answer holding ``terms``, with the labels of its IRIs under the base."""
    base = served.artefact.manifest.base_iri
    context = served.context.get("@context", {})
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")}
    local = {t.value for t in terms if t.kind == "uri" and t.value.startswith(base)}
    return TermView(base, prefixes, _labels(served, sorted(local)[:MAX_LABELLED], lang))


def _labels(served: Served, iris: list[str], lang: str) -> dict[str, str]:
    """The label of each of ``iris`` in ``lang`` (by one rule: :func:`choose`)."""
    rank = {p: i for i, p in enumerate(LABEL_PREDICATES)}
    predicates = " ".join(f"<{p}>" for p in LABEL_PREDICATES)
    found: dict[str, list[tuple[int, str, str]]] = {}
    chunks = iter(iris)
    while chunk := list(islice(chunks, _CHUNK)):
        values = " ".join(str(ox.NamedNode(iri)) for iri in chunk)
        for row in served.store.query(_LABELS.format(predicates=predicates, iris=values)):
            label = row["label"]
            assert isinstance(label, ox.Literal)
            found.setdefault(row["this"].value, []).append(
                (rank[row["p"].value], label.language or "", label.value)
            )
    return {
        iri: choose(((language, text) for _, language, text in sorted(candidates)), lang) or ""
        for iri, candidates in found.items()
    }
