"""Build-time checks of saved queries: each must parse, bind its parameters and be ordered.

A query file that passes here is one the server can run: the text passes the lexical
gate (no SERVICE, no update, FROM only over graphs of the dataset), pyoxigraph parses it
and accepts every parameter as a bindable variable (it binds only variables in scope of
the projection), a SELECT ends with a top-level ``ORDER BY`` (pages must be stable), a
values query projects ``?value``, and each example states the answer its form gives.
Every failure is a :class:`~emmd_kg.errors.SourceSyntaxError` naming file and line.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..config import Settings
from ..errors import QueryError, SourceSyntaxError
from ..sparql import gate
from ..store.base import QueryResult
from .params import Parameter, to_term
from .saved import Catalogue, SavedQuery
from .text import has_top_level_order

SAMPLES = {
    "iri": "urn:emmd-kg:sample",
    "string": "sample",
    "langString": "sample@en",
    "integer": "0",
    "decimal": "0.5",
    "date": "2000-01-01",
    "boolean": "true",
    "language": "en",
}
"""A valid value of each type, bound while checking that a query accepts its parameters."""
_POSITION = re.compile(r"error at (\d+):(\d+): ")
_EMPTY = ox.Store()


def _sample(param: Parameter) -> str:
    """A value ``param`` accepts: its default, its first allowed value, or one of its type."""
    if param.default:
        return param.default[0]
    if param.allowed:
        return param.allowed[0][0]
    if param.namespace:
        return param.namespace + "sample"
    return param.minimum or param.maximum or SAMPLES[param.type]


def _engine_check(
    query: SavedQuery, text: str, params: tuple[Parameter, ...], line: int
) -> QueryResult:
    """Run ``text`` on an empty store with every parameter bound; the (empty) result."""
    bindings: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(p.name): to_term(p, _sample(p)) for p in params
    }
    try:
        native = _EMPTY.query(text, substitutions=bindings, use_default_graph_as_union=True)
    except SyntaxError as exc:
        message = str(exc.msg if exc.msg else exc)
        match = _POSITION.match(message)
        if match is None:
            raise SourceSyntaxError(query.path, line, None, message) from None
        raise SourceSyntaxError(
            query.path, line + int(match[1]) - 1, int(match[2]), message[match.end() :]
        ) from None
    except RuntimeError as exc:  # a parameter the engine cannot bind
        raise SourceSyntaxError(
            query.path, line, None, f"{exc}: a parameter's variable must be projected"
        ) from None
    return QueryResult.of(native)


def _check_values_query(query: SavedQuery, param: Parameter) -> None:
    assert param.values_query is not None
    where = f"parameters.{param.name}.values"
    try:
        checked = gate.inspect(param.values_query, Settings(), frozenset())
    except QueryError as exc:
        raise SourceSyntaxError(query.path, None, None, f"{where}: {exc.message}") from None
    result = _engine_check(query, checked.text, (), 1)
    if "value" not in result.variables:
        raise SourceSyntaxError(query.path, None, None, f"{where}: must SELECT ?value")


def _check_examples(query: SavedQuery) -> None:
    needs = {"SELECT": "rows", "ASK": "boolean"}.get(query.form, "triples")
    for number, example in enumerate(query.examples):
        answer = {"rows": example.rows, "boolean": example.boolean, "triples": example.triples}
        if answer[needs] is None:
            raise SourceSyntaxError(
                query.path,
                None,
                None,
                f"examples[{number}]: a {query.form} example states '{needs}'",
            )
        rows = example.rows or ()
        if needs == "rows" and any(len(row) != len(example.columns) for row in rows):
            raise SourceSyntaxError(
                query.path, None, None, f"examples[{number}]: every row needs one cell per column"
            )


def check_query(query: SavedQuery, settings: Settings, graph_names: frozenset[str]) -> None:
    """Raise SourceSyntaxError unless ``query`` is fit to be served (see the module doc)."""
    try:
        checked = gate.inspect(query.text, settings, graph_names)
    except QueryError as exc:
        raise SourceSyntaxError(query.path, query.body_line, None, exc.message) from None
    if checked.form != query.form:
        raise SourceSyntaxError(
            query.path, query.body_line, None, f"the query form is {checked.form}, not {query.form}"
        )
    _engine_check(query, checked.text, query.parameters, query.body_line)
    for param in query.parameters:
        if re.search(rf"(?i)\bBOUND\s*\(\s*[?$]{param.name}\s*\)", checked.text):
            raise SourceSyntaxError(
                query.path,
                query.body_line,
                None,
                f"BOUND(?{param.name}) is always false for a bound parameter in this engine: "
                f"test an optional parameter with COALESCE(expression, true)",
            )
    if query.form == "SELECT" and not has_top_level_order(query.text):
        raise SourceSyntaxError(
            query.path,
            query.body_line,
            None,
            "a SELECT needs a top-level ORDER BY: pages must be stable",
        )
    for param in query.parameters:
        if param.values_query is not None:
            _check_values_query(query, param)
    _check_examples(query)


def check_catalogue(catalogue: Catalogue, settings: Settings, graph_names: frozenset[str]) -> None:
    """Check every query of ``catalogue``; the first failure is raised."""
    for query in catalogue:
        check_query(query, settings, graph_names)
