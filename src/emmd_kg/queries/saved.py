"""The catalogue: ``.rq`` files with a header → :class:`SavedQuery` objects, by name.

Header keys (TOML, see :mod:`emmd_kg.queries.header`):

- ``title`` (required) and ``description``: a string, or a table of language → string;
- ``tags``: a list of strings;
- ``[parameters.NAME]``: one table per parameter (keys in
  :data:`~emmd_kg.queries.declarations.PARAMETER_KEYS`); NAME
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

from ..errors import NotFound, ParameterError, SourceSyntaxError
from ..rdf.sparql_lexer import query_form
from . import header as hdr
from .declarations import Example, example, parameter
from .params import Parameter
from .text import prefixes_of, rebase_query

NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
TOP_KEYS = frozenset({"title", "description", "tags", "parameters", "examples", "answered_by"})
ANSWERERS = frozenset({"search-index"})
"""What may answer a query instead of its SPARQL text (``answered_by``): the search
index answers a name search with parameters ``text`` and ``lang``; the SPARQL text
stays its definition (and what the examples are checked against)."""


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
    answered_by: str | None = None

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
    params = {n: parameter(head, n, s, bases) for n, s in head.table.get("parameters", {}).items()}
    prefixes = prefixes_of(head.body)  # unmoved: terms are moved once, after parsing
    examples = tuple(
        example(head, number, spec, params, prefixes, bases)
        for number, spec in enumerate(head.table.get("examples", []))
    )
    if not examples:
        raise head.error("at least one [[examples]] with its expected answer is required")
    tags = head.table.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise head.error("'tags' must be a list of strings", head.line_of("tags"))
    answered_by = head.table.get("answered_by")
    if answered_by is not None and answered_by not in ANSWERERS:
        raise head.error(f"'answered_by' must be one of {', '.join(sorted(ANSWERERS))}")
    form = query_form(body)
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
        answered_by=answered_by,
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
