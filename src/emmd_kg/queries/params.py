"""Typed parameters of saved queries: declarations, and request values turned into RDF terms.

A parameter is declared in a query's header (see :mod:`emmd_kg.queries.saved`) with
one of the types of :data:`TYPES`.  A value arrives as text (a URL parameter, a form
field, ``--param k=v``) and :func:`to_term` either returns the pyoxigraph term it stands
for or raises :class:`~emmd_kg.errors.ParameterError` naming the parameter and what was
expected.  The term is later bound to the query's variable of the same name by the
engine (pyoxigraph ``substitutions``); no value ever becomes query text.

>>> area = Parameter("area", "iri", namespace="https://w3id.org/emmd/def/policy-areas/")
>>> to_term(area, "https://w3id.org/emmd/def/policy-areas/transport")
<NamedNode value=https://w3id.org/emmd/def/policy-areas/transport>
>>> to_term(Parameter("n", "integer", minimum=1), "+7")
<Literal value=7 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
>>> to_term(Parameter("n", "integer", minimum=1), "0")
Traceback (most recent call last):
emmd_kg.errors.ParameterError: parameter 'n': expected an integer of at least 1, got '0'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pyoxigraph as ox

from ..errors import ParameterError
from ..store.base import Term

XSD = "http://www.w3.org/2001/XMLSchema#"
DEFAULT_MAX_LENGTH = 200
"""Longest text a string or langString parameter takes unless it declares ``max_length``."""

_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,18}(?:\.[0-9]{0,18})?|\.[0-9]{1,18})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8}){0,7}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_BOOLEANS = {"true": "true", "1": "true", "false": "false", "0": "false"}


@dataclass(frozen=True)
class Parameter:
    """One declared parameter; ``name`` is also the name of the variable it binds."""

    name: str
    type: str
    label: str = ""
    description: str = ""
    required: bool = False
    multiple: bool = False
    default: tuple[str, ...] = ()
    """Values used when the request gives none (text, as a request would send it)."""
    allowed: tuple[tuple[str, str], ...] = ()
    """A fixed list of (value, label) the value must be one of."""
    values_query: str | None = None
    """A SELECT yielding ``?value`` (and ``?label``): the values allowed, found by the engine."""
    class_iri: str | None = None
    """For ``iri``: the value must be an instance of this class (its instances are allowed)."""
    namespace: str | None = None
    """For ``iri``: the value must start with this IRI."""
    language: str | None = None
    """For ``langString``: the fixed language tag; the value is then the text alone."""
    minimum: str | None = None
    maximum: str | None = None
    max_length: int = DEFAULT_MAX_LENGTH

    @property
    def enumerated(self) -> bool:
        """True if the allowed values are a closed list (fixed, or found by a query)."""
        return bool(self.allowed) or self.values_query is not None or self.class_iri is not None


def _fail(param: Parameter, raw: str, expected: str) -> ParameterError:
    shown = raw if len(raw) <= 60 else raw[:57] + "..."
    return ParameterError(param.name, f"expected {expected}, got {shown!r}")


def _bounds(param: Parameter, kind: str) -> str:
    if param.minimum is not None and param.maximum is not None:
        return f"{kind} from {param.minimum} to {param.maximum}"
    if param.minimum is not None:
        return f"{kind} of at least {param.minimum}"
    if param.maximum is not None:
        return f"{kind} of at most {param.maximum}"
    return kind


def _in_bounds(param: Parameter, value: Decimal | date, parse: Callable) -> bool:
    low = param.minimum is None or value >= parse(param.minimum)
    return low and (param.maximum is None or value <= parse(param.maximum))


def _iri(param: Parameter, raw: str) -> Term:
    expected = "an absolute IRI" + (f" starting with {param.namespace}" if param.namespace else "")
    if not _SCHEME.match(raw):
        raise _fail(param, raw, expected)
    try:
        term = ox.NamedNode(raw)
    except ValueError:
        raise _fail(param, raw, expected) from None
    if param.namespace and not raw.startswith(param.namespace):
        raise _fail(param, raw, expected)
    return term


def _text(param: Parameter, raw: str) -> str:
    if len(raw) > param.max_length:
        raise ParameterError(param.name, f"expected at most {param.max_length} characters")
    return raw


def _string(param: Parameter, raw: str) -> Term:
    return ox.Literal(_text(param, raw))


def _lang_string(param: Parameter, raw: str) -> Term:
    if param.language:
        return ox.Literal(_text(param, raw), language=param.language)
    text, at, tag = raw.rpartition("@")
    language = _tag(tag)
    if not at or not text or language is None:
        raise _fail(param, raw, "text with a language tag, such as Verkehr@de")
    return ox.Literal(_text(param, text), language=language)


def _integer(param: Parameter, raw: str) -> Term:
    expected = _bounds(param, "an integer")
    if not _INTEGER.fullmatch(raw) or not _in_bounds(param, Decimal(raw), Decimal):
        raise _fail(param, raw, expected)
    return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))


def _decimal(param: Parameter, raw: str) -> Term:
    expected = _bounds(param, "a decimal number (such as 2.5)")
    if not _DECIMAL.fullmatch(raw) or not _in_bounds(param, Decimal(raw), Decimal):
        raise _fail(param, raw, expected)
    return ox.Literal(raw.removeprefix("+"), datatype=ox.NamedNode(XSD + "decimal"))


def _date(param: Parameter, raw: str) -> Term:
    expected = _bounds(param, "a date YYYY-MM-DD")
    try:
        day = date.fromisoformat(raw) if _DATE.fullmatch(raw) else None
    except ValueError:
        day = None
    if day is None or not _in_bounds(param, day, date.fromisoformat):
        raise _fail(param, raw, expected)
    return ox.Literal(raw, datatype=ox.NamedNode(XSD + "date"))


def _boolean(param: Parameter, raw: str) -> Term:
    value = _BOOLEANS.get(raw)
    if value is None:
        raise _fail(param, raw, "true or false")
    return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))


def _tag(raw: str) -> str | None:
    """``raw`` as a well-formed BCP 47 language tag in lower case (the engine's check), or None."""
    if not _LANGUAGE.fullmatch(raw):
        return None
    try:
        return ox.Literal("", language=raw).language
    except ValueError:
        return None


def _language(param: Parameter, raw: str) -> Term:
    language = _tag(raw)
    if language is None:
        raise _fail(param, raw, "a language tag such as de or en-GB")
    return ox.Literal(language)


TYPES: dict[str, Callable[[Parameter, str], Term]] = {
    "iri": _iri,
    "string": _string,
    "langString": _lang_string,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "boolean": _boolean,
    "language": _language,
}
"""Type name → converter from text to term (raises ParameterError)."""


def to_term(param: Parameter, raw: str) -> Term:
    """The RDF term the text ``raw`` stands for, validated against the parameter's type."""
    return TYPES[param.type](param, raw)


def json_schema(param: Parameter, allowed: list[str] | None = None) -> dict:
    """The JSON Schema of one value of ``param`` (an array of them if multi-valued).

    ``allowed`` are the allowed values when the caller has resolved them (a values query).
    """
    schema: dict = {"type": "string"}
    kind = param.type
    if kind == "iri":
        schema["format"] = "iri"
        if param.namespace:
            schema["pattern"] = "^" + re.escape(param.namespace)
    elif kind in ("string", "langString"):
        schema["maxLength"] = param.max_length + (0 if param.language or kind == "string" else 12)
        if kind == "langString" and not param.language:
            schema["pattern"] = r"^.+@[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$"
    elif kind == "integer":
        schema = {"type": "integer"}
        schema.update(_numeric_bounds(param, int))
    elif kind == "decimal":
        schema["pattern"] = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"
    elif kind == "date":
        schema["format"] = "date"
    elif kind == "boolean":
        schema = {"type": "boolean"}
    elif kind == "language":
        schema["pattern"] = r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$"
    values = allowed if allowed is not None else [value for value, _ in param.allowed]
    if values:
        schema["enum"] = [_typed(param, v) for v in values]
    if param.description:
        schema["description"] = param.description
    if not param.multiple:
        if param.default:
            schema["default"] = _typed(param, param.default[0])
        return schema
    array: dict = {"type": "array", "items": schema}
    if param.default:
        array["default"] = [_typed(param, v) for v in param.default]
    return array


def _numeric_bounds(param: Parameter, kind: type) -> dict:
    bounds = {}
    if param.minimum is not None:
        bounds["minimum"] = kind(param.minimum)
    if param.maximum is not None:
        bounds["maximum"] = kind(param.maximum)
    return bounds


def _typed(param: Parameter, raw: str) -> object:
    """A value as JSON gives it: numbers and booleans unquoted."""
    if param.type == "integer":
        return int(raw)
    if param.type == "boolean":
        return _BOOLEANS[raw] == "true"
    return raw


def describe_type(param: Parameter) -> str:
    """A short human description of what the parameter takes (for forms and ``--help``)."""
    words = {
        "iri": "IRI",
        "string": "text",
        "langString": f"text in {param.language}" if param.language else "text@language",
        "integer": _bounds(param, "integer"),
        "decimal": _bounds(param, "decimal"),
        "date": _bounds(param, "date (YYYY-MM-DD)"),
        "boolean": "true or false",
        "language": "language tag",
    }
    text = words[param.type]
    if param.class_iri:
        text += f", an instance of <{param.class_iri}>"
    if param.namespace:
        text += f" under {param.namespace}"
    if param.multiple:
        text += " (one or more)"
    return text
