"""The lexical gate every query passes before any parser sees it.

Parsers are the weak point of both engines (docs/SECURITY.md): pyoxigraph segfaults on deep
nesting and executes ``SERVICE`` with no way to switch it off; rdflib loads ``FROM``
IRIs.  So a cheap, sound check runs first, on tokens, never on raw text:

1. the UTF-8 length against ``max_query_bytes`` (413);
2. SPARQL codepoint escapes (``\\u0053ERVICE``) are decoded over the whole text, as the
   SPARQL grammar and rdflib do, and the *decoded* text is what the engine receives, so
   gate and engine read the same characters (an escape that decodes into another escape
   is refused: pyoxigraph would decode it a second time);
3. a tokenizer that skips strings, IRIs, comments and language tags and knows prefixed
   names and variables (``ex:service`` and ``?service`` are not keywords) checks the
   bracket depth of ``( { [`` against ``max_nesting``, refuses the ``SERVICE`` keyword
   and every update keyword anywhere, finds the query form after the prologue, and
   collects ``FROM`` / ``FROM NAMED`` IRIs (prefixed names expanded, relative IRIs
   resolved against ``BASE``), each of which must name a graph of the store;
4. every ``ORDER BY`` condition is made a total order (:func:`total_order`), since
   pyoxigraph's is not and its sort aborts the query process when it notices.

The tokenizer errs on the side of refusing: text it cannot place in a string, IRI or
comment is read as code, so a keyword can never hide from it; brackets inside an IRI
token count towards the depth too (``?a<((1))>?b`` is a comparison to pyoxigraph).
Nesting the gate does not see (long ``!`` or ``*`` chains also overflow pyoxigraph's
parser) costs one worker process, never the server (:mod:`emmd_kg.sparql.executor`).

>>> from emmd_kg.config import Settings
>>> r = inspect("PREFIX g: <http://x/g/> ASK FROM g:1 { ?s ?p ?o }", Settings(),
...             frozenset({"http://x/g/1"}))
>>> r.form, r.from_graphs
('ASK', ('http://x/g/1',))
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from ..config import Settings
from ..errors import QueryError, QueryForbidden, QueryTooDeep, QueryTooLarge
from ..rdf.sparql_lexer import FORMS, decode_escapes, tokens

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

_CLOSER = {"(": ")", "{": "}", "[": "]"}
_SKIPPED = frozenset({"comment", "string", "lang", "escape"})
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True)
class GateResult:
    """What the gate learnt: the text to forward, the query form and its dataset."""

    text: str
    """The query with codepoint escapes decoded: forward exactly this to the engine."""
    form: str
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """``"results"`` for SELECT and ASK, ``"graph"`` for CONSTRUCT and DESCRIBE."""
        return "results" if self.form in ("SELECT", "ASK") else "graph"


def inspect(query: str, settings: Settings, graph_names: frozenset[str]) -> GateResult:
    """Check ``query`` lexically and describe it, or raise the refusal as an EmmdError.

    Raises QueryTooLarge (413), QueryTooDeep, QueryForbidden (SERVICE, updates, FROM
    outside ``graph_names``) or QueryError (unbalanced brackets, no query form, …); a
    refusal found at a token carries its ``line`` and ``column`` (1-based, in the decoded
    text) in ``extra``, so the problem document and the editor can point at it.

    >>> try:
    ...     inspect("ASK {\\n  ?s ?p ?o ) }", Settings(), frozenset())
    ... except QueryError as exc:
    ...     exc.extra
    {'line': 2, 'column': 12}
    """
    cursor = _Cursor()
    try:
        return _inspect(query, settings, graph_names, cursor)
    except QueryError as exc:
        cursor.locate(exc)
        raise


class _Cursor:
    """Where the gate is: the decoded text and the start of the token read last."""

    def __init__(self) -> None:
        self.text = ""
        self.offset: int | None = None

    def follow(self, text: str) -> Iterator[re.Match[str]]:
        """The tokens of ``text``, remembering where each starts."""
        self.text = text
        for match in tokens(text):
            self.offset = match.start(match.lastgroup or 0)
            yield match

    def locate(self, exc: QueryError) -> None:
        """Give ``exc`` the line and column of the token read last (if any)."""
        if self.offset is None:
            return
        line = self.text.count("\n", 0, self.offset) + 1
        column = self.offset - self.text.rfind("\n", 0, self.offset)
        exc.extra.update(line=line, column=column)


def _inspect(
    query: str, settings: Settings, graph_names: frozenset[str], cursor: _Cursor
) -> GateResult:
    _check_size(query, settings.max_query_bytes)
    text = decode_escapes(query)
    limit = settings.max_nesting
    stack: list[str] = []
    head = _Head(graph_names)
    for match in cursor.follow(text):
        kind = match.lastgroup
        assert kind is not None  # every alternative of the token pattern is a named group
        token = match[kind]
        if kind == "bracket" and head.expect is None:
            if token in _CLOSER:
                stack.append(_CLOSER[token])
                if len(stack) > limit:
                    raise QueryTooDeep(
                        f"brackets nest deeper than the limit of {limit}", limit=limit
                    )
            elif not stack or stack.pop() != token:
                raise QueryError(f"unbalanced brackets: unexpected {token!r}")
            continue
        if kind in _SKIPPED:
            continue
        if kind == "iri" and ("(" in token or "[" in token):
            _check_iri_depth(token, len(stack), limit)
        word = token.upper() if kind == "word" else ""
        if word == "SERVICE":
            raise QueryForbidden(
                "SERVICE is not allowed: this endpoint never makes outbound requests"
            )
        if word in UPDATE_KEYWORDS:
            raise QueryForbidden(f"{word} is not allowed: this is a read-only endpoint")
        if head.expect is None and head.form is not None:
            if word == "FROM":
                head.expect = "from"
        else:
            head.read(kind, token, word)
    form = head.finish()
    if stack:
        raise QueryError(f"unbalanced brackets: {len(stack)} left open")
    text = total_order(text)
    return GateResult(text, form, tuple(head.from_graphs), tuple(head.from_named))


_KIND = (
    'IF(isNumeric({e}), IF({e} = {e}, "1", "0"), IF(isLiteral({e}), '
    'CONCAT("2", STR(DATATYPE({e})), COALESCE(IF(TZ({e}) = "", "-", "+"), "")), ""))'
)
"""The key put before each ORDER BY condition ``{e}``: the kind of value it has."""


def total_order(text: str) -> str:
    """``text`` with each ORDER BY condition ``E`` preceded by the kind of its value.

    pyoxigraph 0.5 compares two literals by value where SPARQL's ``<`` is defined and
    else by lexical form, datatype and language: a number is below ``"16e3"`` by lexical
    form, ``"16e3"`` below another number, the two numbers the other way round by value;
    the order is not total, and Rust's sort panics ("comparison function does not
    correctly implement a total order"), aborting the process.  A dataset version such
    as ``16e32866…`` is enough for ``ORDER BY ?o`` to fail.

    The rewrite happens here, on the tokens the gate has read, and not as a fallback after
    a failure: the order must be the same whether or not the engine happens to notice.
    The key sorts, as SPARQL 1.1 (15.1) asks, unbound first (the key is an error), then
    blank nodes and IRIs (``""``, ordered among themselves by ``E``), then literals:
    NaN, then numbers (by value), then the other literals grouped by datatype, and
    xsd:dateTime values with a timezone apart from those without (those two compare
    only partially).  Within one key the engine's comparison is total, so ``E`` orders
    by SPARQL's ``<`` where it is defined.  ``DESC(E)`` becomes ``DESC(key) DESC(E)``:
    the same order reversed.  From a condition the rewrite cannot place on (``EXISTS``,
    whose value is a boolean anyway), the conditions are left as written.

    >>> total_order("SELECT ?x { } ORDER BY DESC(?x) LIMIT 1").split("ORDER BY ")[1][:22]
    'DESC(IF(isNumeric((?x)'
    """
    if "order" not in text.lower():
        return text
    found = list(tokens(text))
    pieces: list[str] = []
    done = 0
    index = 0
    while index < len(found) - 1:
        if _word(found[index]) == "ORDER" and _word(found[index + 1]) == "BY":
            index += 2
            while (condition := _condition(found, index)) is not None:
                start, end, direction, expression = condition
                key = _KIND.format(e=expression)
                if direction:
                    rewritten = f"{direction}({key}) {text[start:end]}"
                else:
                    rewritten = f"({key}) {text[start:end]}"
                pieces += [text[done:start], rewritten]
                done = end
                index = condition_end(found, index)
        else:
            index += 1
    return "".join(pieces) + text[done:]


def _word(match: re.Match[str]) -> str:
    return match["word"].upper() if match.lastgroup == "word" else ""


def _condition(found: list[re.Match[str]], index: int) -> tuple[int, int, str, str] | None:
    """The ORDER BY condition starting at token ``index``: its span in the text, its
    direction (``ASC``, ``DESC`` or ``""``) and its expression; None after the last."""
    if index >= len(found):
        return None
    first = found[index]
    kind, word = first.lastgroup, _word(first)
    text = first.string
    if kind == "var":
        return first.start(kind), first.end(kind), "", first[kind]
    opens = index + 1 if kind in ("iri", "pname") or (word and word not in _NOT_CALLS) else index
    if word in ("ASC", "DESC"):
        opens = index + 1
    if opens >= len(found) or found[opens].group("bracket") != "(":
        return None
    close = _closing(found, opens)
    if close is None:
        return None
    start, end = first.start(kind or 0), found[close].end("bracket")
    if word in ("ASC", "DESC"):
        inner = text[found[opens].end("bracket") : found[close].start("bracket")]
        return start, end, word, f"({inner})"
    return start, end, "", text[start:end]


_NOT_CALLS = frozenset({"LIMIT", "OFFSET", "VALUES", "EXISTS", "NOT", "ASC", "DESC"})


def condition_end(found: list[re.Match[str]], index: int) -> int:
    """The index of the token after the condition starting at ``index``."""
    if found[index].lastgroup == "var":
        return index + 1
    opens = index if found[index].group("bracket") == "(" else index + 1
    close = _closing(found, opens)
    assert close is not None  # _condition found it
    return close + 1


def _closing(found: list[re.Match[str]], opens: int) -> int | None:
    """The index of the bracket closing the one at ``opens``."""
    depth = 0
    for index in range(opens, len(found)):
        bracket = found[index].group("bracket")
        if bracket in ("(", "{", "["):
            depth += 1
        elif bracket in (")", "}", "]"):
            depth -= 1
            if depth == 0:
                return index
    return None


def _check_size(query: str, limit: int) -> None:
    """The UTF-8 length of ``query`` against ``limit`` (QueryTooLarge, 413)."""
    try:
        size = len(query.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise QueryError("the query text is not valid Unicode") from exc
    if size > limit:
        raise QueryTooLarge(f"query is {size} bytes; the limit is {limit} bytes", limit=limit)


class _Head:
    """The prologue (BASE, PREFIX), the query form and the FROM clauses, token by token.

    ``expect`` names what the previous keyword requires next (None: nothing).  Once the
    form is known, only ``FROM`` (which the caller spots) brings tokens back here.
    """

    def __init__(self, graph_names: frozenset[str]) -> None:
        self.graph_names = graph_names
        self.prefixes: dict[str, str] = {}
        self.base: str | None = None
        self.form: str | None = None
        self.expect: str | None = None
        self.namespace = ""
        self.from_graphs: list[str] = []
        self.from_named: list[str] = []

    def read(self, kind: str, token: str, word: str) -> None:
        """One token of the prologue, or one after FROM (``word``: upper-cased keyword)."""
        expect = self.expect
        if expect is None:
            if word in FORMS:
                self.form = word
            elif word in ("BASE", "PREFIX"):
                self.expect = word.lower()
            else:
                raise QueryError(f"expected SELECT, ASK, CONSTRUCT or DESCRIBE, not {token!r}")
        elif expect == "from" and word == "NAMED":
            self.expect = "from named"
        elif expect == "prefix" and kind == "pname" and token.find(":") == len(token) - 1:
            self.namespace, self.expect = token[:-1], "namespace"
        elif expect == "base" and kind == "iri":
            self.base, self.expect = _resolve(token[1:-1], self.base), None
        elif expect == "namespace" and kind == "iri":
            self.prefixes[self.namespace] = _resolve(token[1:-1], self.base)
            self.expect = None
        elif expect.startswith("from") and kind in ("iri", "pname"):
            self._add_from(_from_iri(token, kind, self.prefixes, self.base))
        else:
            raise QueryError(f"unexpected {token!r} after {expect.split()[0].upper()}")

    def _add_from(self, iri: str) -> None:
        if iri not in self.graph_names:
            raise QueryForbidden(
                f"FROM may only select graphs in this dataset: <{iri}> is not one", iri=iri
            )
        (self.from_named if self.expect == "from named" else self.from_graphs).append(iri)
        self.expect = None

    def finish(self) -> str:
        """The query form, once every token is read (QueryError if the head is unfinished)."""
        if self.form is None:
            raise QueryError("not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        if self.expect is not None:
            raise QueryError(f"the query ends after {self.expect.split()[0].upper()}")
        return self.form


def _check_iri_depth(token: str, depth: int, limit: int) -> None:
    """An "IRI" such as ``<((1))>`` may be ``<`` and brackets to the engine: count them."""
    for char in token:
        if char in "([":
            depth += 1
            if depth > limit:
                raise QueryTooDeep(f"brackets nest deeper than the limit of {limit}", limit=limit)
        elif char in ")]":
            depth -= 1


def _resolve(iri: str, base: str | None) -> str:
    if _ABSOLUTE.match(iri) or base is None:
        return iri
    return urljoin(base, iri)


def _from_iri(token: str, kind: str, prefixes: dict[str, str], base: str | None) -> str:
    if kind == "iri":
        iri = _resolve(token[1:-1], base)
    else:
        prefix, _, local = token.partition(":")
        if prefix not in prefixes:
            raise QueryError(f"undeclared prefix {prefix!r} in FROM {token}")
        iri = prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
    if not _ABSOLUTE.match(iri):
        raise QueryForbidden(f"FROM needs an absolute IRI (or a BASE): <{iri}>", iri=iri)
    return iri
