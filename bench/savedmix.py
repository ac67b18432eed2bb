"""The saved-query mix of ``python -m bench scale``, fitted to one built artefact.

Six saved queries of ``queries/`` run through ``/queries/{name}.{ext}`` on our server
and, with the same values, as plain SPARQL on ``oxigraph serve``.  The examples' IRIs
belong to the real data, so the values come from the artefact, by the parameter's
declared class (organisations, ministries with responsibilities, parents of
organisations), chunks of real labels for the text search and tiny thresholds for
``networks``; the other parameters keep their defaults (``lang = "en"``).

For Oxigraph the saved query's text gets every value (defaults included) as a VALUES
block at the start of its WHERE group: a *trailing* VALUES would join after the
FILTERs, which then see unbound ``?lang`` and drop every row.  The sanity check of
:mod:`bench.scale` compares the row counts of both servers.

*Unique* mode: every request differs (the values rotate, and ``page_size`` is
``1000 + n``, unique per query and above every answer's row count, so the page
is the whole answer like Oxigraph's), so the front cache cannot answer; the engine's
answer cache can when a query has fewer distinct values than the caches hold (see the
domain sizes printed).
*Repeated* mode: the same six requests in turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from emmd_kg.queries.params import to_term
from emmd_kg.queries.saved import read_folder

ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LIMIT = 3000  # distinct values per query at most
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class Saved:
    """One saved query of the mix and the parameter values it rotates through."""

    name: str
    form: str
    text: str
    params: dict  # name → Parameter (its declared type and default)
    variants: list[dict[str, str]]

    @property
    def extension(self) -> str:
        """Our file extension for the answer."""
        return "nt" if self.form == "CONSTRUCT" else "json"

    @property
    def accept(self) -> str:
        """Oxigraph's media type for the same answer."""
        if self.form == "CONSTRUCT":
            return "application/n-triples"
        return "application/sparql-results+json"

    def ours(self, values: dict[str, str], page_size: int | None = None) -> str:
        """The path of our saved-query request."""
        pairs = list(values.items()) + ([("page_size", str(page_size))] if page_size else [])
        return f"/queries/{self.name}.{self.extension}?{urlencode(pairs)}"

    def sparql(self, values: dict[str, str]) -> str:
        """The saved query's text with every value bound by a leading VALUES block."""
        bound = {}
        for name, param in self.params.items():
            raw = values.get(name) or (param.default[0] if param.default else None)
            if raw is not None:
                bound[name] = str(to_term(param, raw))
        if not bound:
            return self.text
        head = " ".join(f"?{n}" for n in bound)
        block = f" VALUES ({head}) {{ ({' '.join(bound.values())}) }} "
        match = _WHERE.search(self.text)
        if match is None:
            raise ValueError(f"{self.name}: no WHERE group to bind in")
        return self.text[: match.end()] + block + self.text[match.end() :]

    def oxigraph(self, values: dict[str, str]) -> str:
        """The GET path of the same query on ``oxigraph serve``."""
        return "/query?query=" + quote(self.sparql(values), safe="")


def _column(store: ox.Store, sparql: str) -> list[str]:
    rows = store.query(sparql, use_default_graph_as_union=True)
    return [row[0].value for row in rows][:LIMIT]


def _chunks(store: ox.Store) -> list[str]:
    """Five-letter pieces of long words of English labels: small, distinct answers."""
    found: set[str] = set()
    labels = f'SELECT ?l WHERE {{ ?s <{SKOS}prefLabel> ?l FILTER(LANG(?l) = "en") }}'
    for label in _column(store, labels):
        for word in re.findall(r"[A-Za-z]{7,}", label):
            found.update(word[i : i + 5].lower() for i in range(1, len(word) - 5))
    return sorted(found)[:LIMIT]


def domains(store: ox.Store) -> dict[str, list[dict[str, str]]]:
    """Per query of the mix, the values it rotates through."""
    orgs = _column(store, f"SELECT DISTINCT ?o WHERE {{ ?o a <{ORG}Organization> }} ORDER BY ?o")
    purposes = f"SELECT DISTINCT ?o WHERE {{ ?o <{ORG}purpose> ?r }} ORDER BY ?o"
    parents = f"SELECT DISTINCT ?p WHERE {{ ?o <{ORG}subOrganizationOf> ?p }} ORDER BY ?p"
    return {
        "organisation-card": [{"organisation": o} for o in orgs],
        "fact-provenance": [
            {"resource": o, "property": SKOS + "prefLabel"} for o in reversed(orgs)
        ],
        "responsibilities-of-organisation": [{"organisation": o} for o in _column(store, purposes)],
        "organisation-tree": [{"root": o} for o in _column(store, parents)],
        "networks": [{"min_members": f"0.{n:06d}"} for n in range(1, LIMIT + 1)],
        "search-by-name": [{"text": t} for t in _chunks(store)],
    }


def load_mix(project: Path, base: str, nquads: Path) -> list[Saved]:
    """The mix for the artefact whose dump is ``nquads`` (loaded here, then dropped)."""
    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    values = domains(store)
    del store
    catalogue = read_folder(project / "queries", base, base)
    by_name = catalogue.queries
    mix = []
    for name, variants in values.items():
        query = by_name[name]
        params = {p.name: p for p in query.parameters}
        mix.append(Saved(name, query.form, query.text, params, variants))
    return mix


def unique_paths(mix: list[Saved], count: int, oxigraph: bool) -> list[str]:
    """``count`` requests cycling through the mix, each with the next values."""
    paths = []
    for n in range(count):
        query = mix[n % len(mix)]
        values = query.variants[(n // len(mix)) % len(query.variants)]
        page_size = 1000 + n // len(mix)
        paths.append(query.oxigraph(values) if oxigraph else query.ours(values, page_size))
    return paths


def repeated_paths(mix: list[Saved], oxigraph: bool) -> list[str]:
    """The six requests of repeated mode (each query's first values)."""
    return [q.oxigraph(q.variants[0]) if oxigraph else q.ours(q.variants[0]) for q in mix]
