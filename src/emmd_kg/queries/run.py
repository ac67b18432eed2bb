"""Running a saved query: request values → bound terms → answer pages.

The flow is the same for HTTP and the CLI::

    request = read_request(query, args, settings)          # names checked, paging read
    runs = bind(query, request.values, engine, settings)   # typed terms, allowed values
    page = answer(query, runs, fmt, engine, request.page, request.page_size, max_rows)

``engine(text, fmt, bindings)`` is the caller's way into
:func:`emmd_kg.sparql.service.run_query` (gate, cache, worker process, time, memory and
row caps), so saved queries get exactly the safety of ``/sparql``.

**Binding.**  Every value is turned into a term by its declared type and given to the
engine as a variable binding (pyoxigraph ``substitutions``); the query text never
changes.  **Multi-valued parameters**: a binding holds one term, and VALUES cannot be
bound, so the query runs once per value (once per combination when several parameters
have several values; at most ``settings.max_parameter_values`` runs), and the answers are
concatenated in the order the values were given, each in the query's own ORDER BY.  A
SELECT's rows thus keep a stable order; an ASK is true if any run is; a CONSTRUCT is the
union of the graphs.

**Pages.**  A SELECT answer (at most ``max_rows`` rows) is cut into pages of
``page_size`` rows; the whole answer is computed once and cached by the engine, so the
next page is a slice of the same ordered rows, never a re-evaluation with another order.
ASK and CONSTRUCT answers are not paged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

import pyoxigraph as ox

from ..config import Settings
from ..errors import MissingParameters, ParameterError
from ..rdf.formats import BY_NAME, Format
from ..sparql.results import Rendered, render
from ..store.base import QueryResult, Term
from .declarations import RESERVED
from .params import Parameter, to_term
from .saved import SavedQuery
from .text import prefixes_of

Engine = Callable[[str, Format, Mapping[str, Term]], Rendered]
"""Runs trusted query text with bindings and renders the answer in a format."""

CLASS_VALUES = """\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?value (MIN(?name) AS ?label) ?class WHERE {
  ?value a ?class .
  OPTIONAL { ?value skos:prefLabel|rdfs:label ?name
             FILTER(LANGMATCHES(LANG(?name), "en") || LANG(?name) = "") }
} GROUP BY ?value ?class ORDER BY ?label ?value
"""
"""The values allowed for an IRI parameter restricted to a class: its instances."""
_JSON = ox.QueryResultsFormat.JSON


@dataclass(frozen=True)
class Request:
    """What a caller asked of a saved query: raw values by parameter, and the page."""

    values: dict[str, list[str]]
    page: int = 1
    page_size: int = 100


@dataclass(frozen=True)
class Page:
    """One page of a saved query's answer, rendered, and where it lies in the whole."""

    rendered: Rendered
    page: int
    page_size: int
    total: int | None
    """Rows in the whole answer (after the row cap); None when not paged (ASK, CONSTRUCT)."""

    @property
    def last_page(self) -> int:
        """The number of the last page (1 when the answer is empty or not paged)."""
        if not self.total:
            return 1
        return (self.total + self.page_size - 1) // self.page_size


def _paging(name: str, values: list[str], default: int, maximum: int) -> int:
    if not values:
        return default
    if len(values) > 1:
        raise ParameterError(name, f"given {len(values)} times; send it once")
    raw = values[0]
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10 or not 1 <= int(raw) <= maximum:
        raise ParameterError(name, f"expected an integer from 1 to {maximum}, got {raw[:40]!r}")
    return int(raw)


def read_request(query: SavedQuery, args: Iterable[tuple[str, str]], settings: Settings) -> Request:
    """The values of ``args`` (name, value pairs; empty values count as absent) by parameter.

    An unknown name is a ParameterError naming it; ``format`` is the caller's business.
    """
    values: dict[str, list[str]] = {}
    for name, value in args:
        if name not in RESERVED:
            query.parameter(name)
        if value != "":
            values.setdefault(name, []).append(value)
    page = _paging("page", values.pop("page", []), 1, 10**9)
    size = _paging("page_size", values.pop("page_size", []), settings.page_size, settings.max_rows)
    values.pop("format", None)
    return Request(values, page, size)


def allowed_values(param: Parameter, engine: Engine) -> list[tuple[Term, str]] | None:
    """The (term, label) pairs ``param`` may take, or None if any value of its type will do."""
    if param.allowed:
        return [(to_term(param, value), label or value) for value, label in param.allowed]
    body = _values_answer(param, engine)
    return None if body is None else list(_pairs(body))


def allowed_terms(param: Parameter, engine: Engine) -> frozenset[Term] | None:
    """The terms ``param`` may take, as a set to check values against (None: any)."""
    if param.allowed:
        return frozenset(to_term(param, value) for value, _ in param.allowed)
    body = _values_answer(param, engine)
    return None if body is None else _terms(body)


def _values_answer(param: Parameter, engine: Engine) -> bytes | None:
    """The JSON answer listing the values of ``param`` found by a query, if they are."""
    if param.values_query is not None:
        return engine(param.values_query, BY_NAME["json"], {}).body
    if param.class_iri is not None:
        bindings = {"class": ox.NamedNode(param.class_iri)}
        return engine(CLASS_VALUES, BY_NAME["json"], bindings).body
    return None


@lru_cache(maxsize=64)
def _terms(body: bytes) -> frozenset[Term]:
    """The values of a values answer as a set, built once per answer like its pairs."""
    return frozenset(term for term, _ in _pairs(body))


@lru_cache(maxsize=64)
def _pairs(body: bytes) -> tuple[tuple[Term, str], ...]:
    """(value, label) of a values answer; parsed once per answer (answers are cached, and
    a bytes object keeps its hash), not once per request."""
    solutions = QueryResult.of(ox.parse_query_results(body, format=_JSON))
    labelled = "label" in solutions.variables
    pairs = []
    for solution in solutions.solutions():
        value = solution["value"]
        label = solution["label"] if labelled else None
        if value is not None:
            pairs.append((value, label.value if label is not None else value.value))
    return tuple(pairs)


def bind(
    query: SavedQuery, values: Mapping[str, list[str]], engine: Engine, settings: Settings
) -> list[dict[str, Term]]:
    """The bindings of each run (see the module doc): typed, checked, defaults filled in."""
    limit = settings.max_parameter_values
    missing = [p.name for p in query.parameters if p.required and not values.get(p.name)]
    if missing:
        raise MissingParameters(missing)
    choices: list[list[tuple[str, Term]]] = []
    for param in query.parameters:
        raw = values.get(param.name) or list(param.default)
        if not raw:
            continue
        if len(raw) > 1 and not param.multiple:
            raise ParameterError(param.name, f"given {len(raw)} times; it takes one value")
        if len(raw) > limit:
            raise ParameterError(param.name, f"at most {limit} values, got {len(raw)}")
        terms = [to_term(param, value) for value in raw]
        known = allowed_terms(param, engine) if param.enumerated else None
        if known is not None:
            for value, term in zip(raw, terms, strict=True):
                if term not in known:
                    allowed = allowed_values(param, engine) or []
                    shown = ", ".join(t.value for t, _ in allowed[:10])
                    more = ", …" if len(allowed) > 10 else ""
                    raise ParameterError(
                        param.name, f"expected one of {shown}{more}; got {value[:60]!r}"
                    )
        choices.append([(param.name, term) for term in terms])
    runs = 1
    for options in choices:
        runs *= len(options)
    if runs > limit:
        raise ParameterError(
            choices[-1][0][0], f"the values given need {runs} runs; at most {limit} are allowed"
        )
    return [dict(combination) for combination in product(*choices)]


def answer(
    query: SavedQuery,
    runs: list[dict[str, Term]],
    fmt: Format,
    engine: Engine,
    page: int = 1,
    page_size: int = 100,
    max_rows: int = 10_000,
) -> Page:
    """Run ``query`` once per binding in ``runs`` and return the ``page`` asked for in ``fmt``."""
    if query.form == "SELECT":
        return _select(query, runs, fmt, engine, page, page_size, max_rows)
    if query.form == "ASK":
        results = [engine(query.text, BY_NAME["json"], run) for run in runs]
        any_true = any(json.loads(r.body).get("boolean") for r in results)
        rendered = render(QueryResult.of_boolean(any_true), fmt, max_rows)
        return Page(rendered, 1, page_size, None)
    if len(runs) == 1:
        return Page(engine(query.text, fmt, runs[0]), 1, page_size, None)
    triples: dict[ox.Triple, None] = {}
    truncated = False
    for run in runs:
        part = engine(query.text, BY_NAME["ntriples"], run)
        truncated |= part.truncated
        triples.update(
            dict.fromkeys(q.triple for q in ox.parse(part.body, format=ox.RdfFormat.N_TRIPLES))
        )
    union = QueryResult.of_triples(list(triples))
    rendered = render(union, fmt, max_rows, prefixes=prefixes_of(query.text))
    return Page(_flag(rendered, truncated), 1, page_size, None)


def _select(
    query: SavedQuery,
    runs: list[dict[str, Term]],
    fmt: Format,
    engine: Engine,
    page: int,
    page_size: int,
    max_rows: int,
) -> Page:
    parts = [engine(query.text, BY_NAME["json"], run) for run in runs]
    if len(parts) == 1 and page == 1 and parts[0].rows <= page_size and fmt.name == "json":
        return Page(parts[0], 1, page_size, parts[0].rows)  # as the engine wrote it
    variables: list[str] = []
    rows: list[dict] = []
    truncated = False
    for number, part in enumerate(parts):
        data = json.loads(part.body)
        truncated |= part.truncated
        variables += [v for v in data["head"]["vars"] if v not in variables]
        bindings = data["results"]["bindings"]
        rows += [_relabel(row, number) for row in bindings] if len(runs) > 1 else bindings
    if len(rows) > max_rows:
        rows, truncated = rows[:max_rows], True
    start = (page - 1) * page_size
    doc = {"head": {"vars": variables}, "results": {"bindings": rows[start : start + page_size]}}
    solutions = ox.parse_query_results(json.dumps(doc).encode(), format=_JSON)
    rendered = render(QueryResult.of(solutions), fmt, page_size)
    return Page(_flag(rendered, truncated), page, page_size, len(rows))


def _relabel(row: dict, run: int) -> dict:
    """Blank nodes of different runs are different nodes: keep their labels apart."""
    return {
        name: {**cell, "value": f"r{run}{cell['value']}"} if cell["type"] == "bnode" else cell
        for name, cell in row.items()
    }


def _flag(rendered: Rendered, truncated: bool) -> Rendered:
    """``rendered`` marked as cut at the row cap if any run was."""
    if not truncated or rendered.truncated:
        return rendered
    return Rendered(rendered.body, rendered.media_type, True, rendered.rows, rendered.version)
