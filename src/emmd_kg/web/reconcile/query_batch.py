"""Reading a reconciliation request: parameters in strict UTF-8, then the JSON they carry.

Werkzeug would replace bytes that are not UTF-8; here they are a 400 naming the
parameter, so nothing a client sent is silently changed.  A query batch (``queries``)
is a JSON object of queries: malformed JSON is a 400 naming line, column and character;
more than ``reconcile_batch_limit`` queries a 413 naming the limit; each query is
checked field by field (``query`` at most ``reconcile_query_chars`` characters,
``type`` one or several class IRIs or CURIEs of classes with instances, ``limit`` a
whole number from 1 to ``reconcile_max_limit``, ``type_strict`` any / should / all,
``properties`` with ``pid`` a property the graph uses and ``v`` text, numbers, booleans
or ``{"id": …}``); every refusal names where it is (``q3.properties[0].pid``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Request

from ...config import Settings
from ...errors import ParameterError, QueryTooLarge
from ...search.reconcile_graph import GraphFacts
from ...search.reconcile_scoring import Constraint, Query

FORM = "application/x-www-form-urlencoded"
QUERY_KEYS = frozenset({"query", "type", "limit", "type_strict", "properties"})
STRICTNESS = ("any", "should", "all")
Expand = Callable[[str, str], str]


def parameters(request: Request) -> dict[str, str]:
    """The request's parameters (query string, then a form body), the first value of
    each, decoded as strict UTF-8."""
    pairs = _pairs(request.query_string)
    if request.method == "POST":
        if request.mimetype in ("", FORM):
            pairs += _pairs(request.get_data(cache=True))
        else:
            pairs += [(k.encode(), v.encode()) for k, v in request.form.items(multi=True)]
    found: dict[str, str] = {}
    for raw_name, raw_value in pairs:
        name = _utf8(raw_name, "a parameter name")
        found.setdefault(name, _utf8(raw_value, name))
    return found


def _pairs(raw: bytes) -> list[tuple[bytes, bytes]]:
    """The name/value pairs of a URL-encoded text, as bytes (nothing decoded yet).

    >>> _pairs(b"a=%FF&b=x+y&c")
    [(b'a', b'\\xff'), (b'b', b'x y'), (b'c', b'')]
    """
    found = []
    for part in raw.split(b"&"):
        if part:
            name, _, value = part.replace(b"+", b" ").partition(b"=")
            found.append((unquote_to_bytes(name), unquote_to_bytes(value)))
    return found


def _utf8(raw: bytes, parameter: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParameterError(
            parameter, f"not UTF-8: byte 0x{raw[exc.start]:02x} at position {exc.start}"
        ) from exc


def parse_json(text: str, parameter: str) -> Any:
    """``text`` as JSON, or a 400 naming where it breaks."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParameterError(
            parameter,
            f"not valid JSON at line {exc.lineno}, column {exc.colno} "
            f"(character {exc.pos}): {exc.msg}",
        ) from exc
    _no_lone_surrogates(value, parameter)
    return value


def _no_lone_surrogates(value: Any, where: str) -> None:
    """Refuse escapes (``\\ud800``) that stand for no character: they are not UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParameterError(where, "holds a \\u escape that is no character") from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_lone_surrogates(key, where)
            _no_lone_surrogates(item, f"{where}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            _no_lone_surrogates(item, f"{where}[{n}]")


def read_batch(
    text: str, settings: Settings, facts: GraphFacts, expand: Expand
) -> dict[str, Query]:
    """The checked queries of the batch ``text``, by their keys."""
    batch = parse_json(text, "queries")
    if not isinstance(batch, dict):
        raise ParameterError("queries", "must be a JSON object of queries by their keys")
    limit = settings.reconcile_batch_limit
    if len(batch) > limit:
        raise QueryTooLarge(
            f"parameter 'queries': {len(batch)} queries in one batch, at most {limit} "
            "(setting reconcile_batch_limit)",
            parameter="queries",
            limit=limit,
        )
    return {key: read_query(key, value, settings, facts, expand) for key, value in batch.items()}


def read_query(
    key: str, value: Any, settings: Settings, facts: GraphFacts, expand: Expand
) -> Query:
    """One query of a batch, checked."""
    if not isinstance(value, dict):
        raise ParameterError(key, "a query must be a JSON object")
    unknown = sorted(set(value) - QUERY_KEYS)
    if unknown:
        raise ParameterError(f"{key}.{unknown[0]}", f"unknown field; known: {sorted(QUERY_KEYS)}")
    text = query_text(value.get("query", ""), f"{key}.query", settings)
    constraints = _constraints(value.get("properties", []), f"{key}.properties", facts, expand)
    if not text.strip() and not constraints:
        raise ParameterError(f"{key}.query", "give a non-empty query or properties")
    strict = value.get("type_strict", "should")
    if strict not in STRICTNESS:
        raise ParameterError(f"{key}.type_strict", f"must be one of {', '.join(STRICTNESS)}")
    return Query(
        text=text,
        types=read_types(value.get("type"), f"{key}.type", facts, expand),
        type_strict=strict,
        limit=_limit(value.get("limit", 10), f"{key}.limit", settings.reconcile_max_limit),
        constraints=constraints,
    )


def query_text(value: Any, where: str, settings: Settings) -> str:
    """A query text: a string of at most ``reconcile_query_chars`` characters."""
    if not isinstance(value, str):
        raise ParameterError(where, "must be a string")
    if len(value) > settings.reconcile_query_chars:
        raise ParameterError(
            where,
            f"{len(value)} characters, at most {settings.reconcile_query_chars} "
            "(setting reconcile_query_chars)",
        )
    return value


def read_types(value: Any, where: str, facts: GraphFacts, expand: Expand) -> tuple[str, ...]:
    """One or several types, each a class with instances."""
    if value is None:
        return ()
    listed = [value] if isinstance(value, str) else value
    if not isinstance(listed, list) or not all(isinstance(t, str) for t in listed):
        raise ParameterError(where, "must be a type id or a list of them")
    found = []
    for n, term in enumerate(listed):
        here = where if isinstance(value, str) else f"{where}[{n}]"
        iri = expand(term, here)
        if not facts.is_class(iri):
            raise ParameterError(here, f"unknown type {term!r}: no instance has it")
        found.append(iri)
    return tuple(dict.fromkeys(found))


def _limit(value: Any, where: str, most: int) -> int:
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not whole or not 1 <= value <= most:
        raise ParameterError(where, f"must be a whole number from 1 to {most}")
    return int(value)


def _constraints(
    value: Any, where: str, facts: GraphFacts, expand: Expand
) -> tuple[Constraint, ...]:
    if not isinstance(value, list):
        raise ParameterError(where, "must be a list of {pid, v} objects")
    found = []
    for n, item in enumerate(value):
        here = f"{where}[{n}]"
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
            raise ParameterError(here, "must be an object with pid and v")
        pid = expand(item["pid"], f"{here}.pid")
        if not facts.has_property(pid):
            raise ParameterError(
                f"{here}.pid", f"unknown property {item['pid']!r}: no statement uses it"
            )
        found.append(_values(pid, item["v"], f"{here}.v", expand))
    return tuple(found)


def _values(pid: str, value: Any, where: str, expand: Expand) -> Constraint:
    texts, iris = [], []
    for n, each in enumerate(value if isinstance(value, list) else [value]):
        if isinstance(each, dict) and isinstance(each.get("id"), str):
            iris.append(expand(each["id"], f"{where}[{n}].id"))
        elif isinstance(each, bool):
            texts.append("true" if each else "false")
        elif isinstance(each, str | int | float):
            texts.append(str(each))
        else:
            raise ParameterError(f"{where}[{n}]", "must be text, a number, a boolean or {id}")
    return Constraint(pid, tuple(texts), tuple(iris))
