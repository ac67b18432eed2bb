"""The catalogue: ``.rq`` files with a header → :class:`SavedQuery` objects, by name.

Header keys (TOML, see :mod:`emmd_kg.queries.header`):

- ``title`` (required) and ``description``: a string, or a table of language → string;
- ``tags``: a list of strings;
- ``[parameters.NAME]``: one table per parameter (keys in :data:`PARAMETER_KEYS`); NAME
  is the variable the value binds, and must be projected by a SELECT (the engine binds
  only projected variables);
- ``[[examples]]`` (at least one): ``parameters`` (name → value or list of values) and
  the expected answer: ``columns`` + ``rows`` for SELECT (terms in Turtle syntax, the
  query's prefixes allowed; ``""`` for unbound), ``triples`` for CONSTRUCT, ``boolean``
  for ASK.

Files are written against the source base IRI; IRIs in the query text and in IRI-typed
header values are moved to the configured base when loaded, as the build does for data.
The query *version* is the sha256 of the file (16 hex digits).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import NotFound, ParameterError, SourceSyntaxError
from ..store.base import Term
from . import header as hdr
from .params import TYPES, Parameter, to_term
from .text import form_of, parse_term, parse_triple, prefixes_of, rebase_iri, rebase_query

NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
RESERVED = frozenset({"page", "page_size", "format"})
"""Request parameters that steer the answer, never bound to a variable."""
TOP_KEYS = frozenset({"title", "description", "tags", "parameters", "examples"})
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
    rows: tuple[tuple[Term | None, ...], ...] | None = None
    triples: frozenset[ox.Triple] | None = None
    boolean: bool | None = None


@dataclass(frozen=True)
class SavedQuery:
    """One saved query: its text, what it is about, its parameters and examples."""

    name: str
    path: str
    text: str
    form: str
    title: dict[str, str]
    description: dict[str, str]
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    examples: tuple[Example, ...]
    version: str
    body_line: int = 1

    @property
    def kind(self) -> str:
        """``"results"`` for SELECT and ASK, ``"graph"`` for CONSTRUCT and DESCRIBE."""
        return "results" if self.form in ("SELECT", "ASK") else "graph"

    def parameter(self, name: str) -> Parameter:
        """The parameter ``name``; ParameterError (400) if the query has none of that name."""
        for param in self.parameters:
            if param.name == name:
                return param
        takes = ", ".join(p.name for p in self.parameters) or "no parameters"
        raise ParameterError(name, f"unknown parameter; this query takes {takes}")

    def text_in(self, texts: dict[str, str], language: str = "en") -> str:
        """``texts`` (a title or description) in ``language``, or any language."""
        return texts.get(language) or texts.get("") or next(iter(texts.values()), "")


@dataclass
class Catalogue:
    """The saved queries of one artefact (or project), by name; the only registry of names."""

    queries: dict[str, SavedQuery] = field(default_factory=dict)

    def get(self, name: str) -> SavedQuery:
        """The query ``name``; NotFound (404) if there is none."""
        query = self.queries.get(name)
        if query is None:
            raise NotFound(f"no saved query named {name!r}", query=name)
        return query

    def __iter__(self) -> Iterator[SavedQuery]:
        return iter(self.queries.values())

    def __len__(self) -> int:
        return len(self.queries)

    def tags(self) -> list[str]:
        """Every tag used, sorted."""
        return sorted({tag for query in self for tag in query.tags})


def _texts(head: hdr.Header, key: str, required: bool) -> dict[str, str]:
    value = head.table.get(key)
    if value is None and not required:
        return {}
    if isinstance(value, str) and value.strip():
        return {"": value.strip()}
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        return {lang.lower(): text.strip() for lang, text in value.items()}
    raise head.error(f"'{key}' must be a string or a table of language = string", head.line_of(key))


def _values(value: object) -> tuple[str, ...]:
    """Header values as request text: lists flattened, numbers and booleans spelt out."""
    items = value if isinstance(value, list) else [value]
    return tuple(str(v).lower() if isinstance(v, bool) else str(v) for v in items)


def _parameter(head: hdr.Header, name: str, spec: object, bases: tuple[str, str]) -> Parameter:
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
    _check_parameter(head, param, line)
    return param


def _check_parameter(head: hdr.Header, param: Parameter, line: int | None) -> None:
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


def _example(
    head: hdr.Header,
    number: int,
    spec: object,
    params: dict[str, Parameter],
    prefixes: dict[str, str],
    bases: tuple[str, str],
) -> Example:
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


def parse_query(text: str, path: str, source_base: str, base: str) -> SavedQuery:
    """A saved query from the text of its file ``path`` (named by the file's stem)."""
    name = Path(path).stem
    if not NAME.fullmatch(name):
        raise SourceSyntaxError(path, None, None, "file names are lower-case slugs: a-z 0-9 -")
    head = hdr.split(text, path)
    unknown = set(head.table) - TOP_KEYS
    if unknown:
        raise head.error(
            f"unknown key(s) {', '.join(sorted(unknown))}; expected {', '.join(sorted(TOP_KEYS))}"
        )
    bases = (source_base, base)
    body = rebase_query(head.body, *bases)
    params = {n: _parameter(head, n, s, bases) for n, s in head.table.get("parameters", {}).items()}
    prefixes = prefixes_of(head.body)  # unmoved: terms are moved once, after parsing
    examples = tuple(
        _example(head, number, spec, params, prefixes, bases)
        for number, spec in enumerate(head.table.get("examples", []))
    )
    if not examples:
        raise head.error("at least one [[examples]] with its expected answer is required")
    tags = head.table.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise head.error("'tags' must be a list of strings", head.line_of("tags"))
    form = form_of(body)
    if form not in ("SELECT", "ASK", "CONSTRUCT"):
        raise SourceSyntaxError(
            path, head.body_line, None, "expected a SELECT, ASK or CONSTRUCT query after the header"
        )
    return SavedQuery(
        name=name,
        path=path,
        text=body,
        form=form,
        title=_texts(head, "title", True),
        description=_texts(head, "description", False),
        tags=tuple(tags),
        parameters=tuple(params.values()),
        examples=examples,
        version=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        body_line=head.body_line,
    )


def read_folder(folder: Path, source_base: str, base: str) -> Catalogue:
    """Every ``*.rq`` file of ``folder`` (sorted by name); paths are reported as queries/…."""
    catalogue = Catalogue()
    for path in sorted(folder.glob("*.rq")):
        relative = f"{folder.name}/{path.name}"
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise SourceSyntaxError(relative, None, None, f"not UTF-8 ({exc.reason})") from None
        query = parse_query(text, relative, source_base, base)
        catalogue.queries[query.name] = query
    return catalogue
