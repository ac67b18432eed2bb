"""Declarations in a query header: its parameters and its examples, read and checked.

Parameter keys (:data:`PARAMETER_KEYS`): ``type`` (one of
:data:`~emmd_kg.queries.params.TYPES`), ``label``, ``description``, ``required``,
``multiple``, ``default``, ``allowed`` (values, or tables with ``value`` and ``label``),
``values`` (a SELECT of ``?value`` and ``?label``), ``class`` and ``namespace`` (IRIs),
``language`` (langString), ``min`` / ``max``, ``max_length``.  Example keys
(:data:`EXAMPLE_KEYS`): ``title``, ``parameters`` and the answer: ``columns`` + ``rows``,
``triples`` or ``boolean``.  Every mistake is a syntax error naming the header line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import ParameterError
from ..store.base import Term
from . import header as hdr
from .params import TYPES, Parameter, to_term
from .text import parse_term, parse_triple, rebase_iri, rebase_query

VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
RESERVED = frozenset({"page", "page_size", "format"})
"""Request parameters that steer the answer, never bound to a variable."""
PARAMETER_KEYS = frozenset(
    {
        "type",
        "label",
        "description",
        "required",
        "multiple",
        "default",
        "allowed",
        "values",
        "class",
        "namespace",
        "language",
        "min",
        "max",
        "max_length",
    }
)
EXAMPLE_KEYS = frozenset({"title", "parameters", "columns", "rows", "triples", "boolean"})


@dataclass(frozen=True)
class Example:
    """A run of the query with given parameters and the exact answer it must give."""

    title: str
    parameters: dict[str, tuple[str, ...]]
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Term | ox.Triple | None, ...], ...] | None = None
    triples: frozenset[ox.Triple] | None = None
    boolean: bool | None = None


def _values(value: object) -> tuple[str, ...]:
    """Header values as request text: lists flattened, numbers and booleans spelt out."""
    items = value if isinstance(value, list) else [value]
    return tuple(str(v).lower() if isinstance(v, bool) else str(v) for v in items)


def parameter(head: hdr.Header, name: str, spec: object, bases: tuple[str, str]) -> Parameter:
    """The parameter ``name`` declared by ``spec`` (its header table), checked."""
    line = head.line_of(rf"\[\s*parameters\.{re.escape(name)}\s*\]")
    if not VARIABLE.fullmatch(name) or name in RESERVED:
        raise head.error(
            f"parameter name {name!r} is not a SPARQL variable name or is "
            f"reserved ({', '.join(sorted(RESERVED))})",
            line,
        )
    if not isinstance(spec, dict):
        raise head.error(f"parameters.{name} must be a table", line)
    unknown = set(spec) - PARAMETER_KEYS
    if unknown or spec.get("type") not in TYPES:
        problem = (
            f"unknown key(s) {', '.join(sorted(unknown))}"
            if unknown
            else f"type must be one of {', '.join(TYPES)}"
        )
        raise head.error(f"parameters.{name}: {problem}", line)
    iri = spec["type"] == "iri"
    move = (lambda v: rebase_iri(v, *bases)) if iri else (lambda v: v)
    allowed = []
    for item in spec.get("allowed", []):
        value, label = (
            (item.get("value"), item.get("label", "")) if isinstance(item, dict) else (item, "")
        )
        allowed.append((move(_values(value)[0]), str(label)))
    param = Parameter(
        name=name,
        type=spec["type"],
        label=str(spec.get("label", "")),
        description=str(spec.get("description", "")),
        required=bool(spec.get("required", False)),
        multiple=bool(spec.get("multiple", False)),
        default=tuple(move(v) for v in _values(spec["default"])) if "default" in spec else (),
        allowed=tuple(allowed),
        values_query=rebase_query(spec["values"], *bases) if "values" in spec else None,
        class_iri=rebase_iri(spec["class"], *bases) if "class" in spec else None,
        namespace=rebase_iri(spec["namespace"], *bases) if "namespace" in spec else None,
        language=spec.get("language"),
        minimum=_values(spec["min"])[0] if "min" in spec else None,
        maximum=_values(spec["max"])[0] if "max" in spec else None,
        max_length=int(spec.get("max_length", Parameter.max_length)),
    )
    _check(head, param, line)
    return param


def _check(head: hdr.Header, param: Parameter, line: int | None) -> None:
    where = f"parameters.{param.name}"
    if param.required and param.default:
        raise head.error(f"{where}: a required parameter takes no default", line)
    if len(param.default) > 1 and not param.multiple:
        raise head.error(f"{where}: several defaults but not 'multiple'", line)
    if sum(map(bool, (param.allowed, param.values_query, param.class_iri))) > 1:
        raise head.error(f"{where}: give one of 'allowed', 'values' and 'class'", line)
    if param.type != "iri" and (param.class_iri or param.namespace):
        raise head.error(f"{where}: 'class' and 'namespace' apply to IRIs only", line)
    try:
        for value in (*param.default, *(v for v, _ in param.allowed)):
            to_term(param, value)
    except ParameterError as exc:
        raise head.error(f"{where}: {exc.message.split(': ', 1)[1]}", line) from None
    allowed = {v for v, _ in param.allowed}
    if allowed and not set(param.default) <= allowed:
        raise head.error(f"{where}: the default is not one of the allowed values", line)


def example(
    head: hdr.Header,
    number: int,
    spec: object,
    params: dict[str, Parameter],
    prefixes: dict[str, str],
    bases: tuple[str, str],
) -> Example:
    """The ``number``-th example, its parameters checked and its answer parsed."""
    line = head.line_of(r"\[\[\s*examples\s*\]\]", number)
    if not isinstance(spec, dict) or set(spec) - EXAMPLE_KEYS:
        raise head.error(
            f"examples[{number}]: allowed keys are {', '.join(sorted(EXAMPLE_KEYS))}", line
        )
    given: dict[str, tuple[str, ...]] = {}
    for name, value in spec.get("parameters", {}).items():
        if name not in params:
            raise head.error(f"examples[{number}]: unknown parameter {name!r}", line)
        move = params[name].type == "iri"
        given[name] = tuple(rebase_iri(v, *bases) if move else v for v in _values(value))
    try:
        rows = spec.get("rows")
        triples = spec.get("triples")
        return Example(
            title=str(spec.get("title", f"Example {number + 1}")),
            parameters=given,
            columns=tuple(spec.get("columns", ())),
            rows=None
            if rows is None
            else tuple(
                tuple(parse_term(cell, prefixes, *bases) if cell != "" else None for cell in row)
                for row in rows
            ),
            triples=None
            if triples is None
            else frozenset(parse_triple(text, prefixes, *bases) for text in triples),
            boolean=spec.get("boolean"),
        )
    except (SyntaxError, ValueError, TypeError) as exc:
        raise head.error(f"examples[{number}]: {exc}", line) from None
