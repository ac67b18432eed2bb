"""The SPARQL tokens of a query text, as the gate reads them.

Codepoint escapes (``\\u0053ERVICE``) are decoded over the whole text first, as the
SPARQL grammar and rdflib do (:func:`decode_escapes`); :func:`tokens` then splits the text
into variables, prefixed names, words, brackets, IRIs, strings, comments, language tags
and stray escapes, so strings, IRIs and comments are never mistaken for code.  The gate
(:mod:`emmd_kg.sparql.gate`) checks queries on these tokens; a store that must substitute
bound variables into the text (:mod:`emmd_kg.store.substitute`) rewrites the same tokens.

>>> [m.lastgroup for m in tokens('ASK { ?s <p> "}" }')]
['word', 'bracket', 'var', 'iri', 'string', 'bracket']
>>> query_form("PREFIX ex: <http://x/> CONSTRUCT WHERE { ?s ex:p ?o }")
'CONSTRUCT'
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import QueryError

FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# Character classes of the SPARQL 1.1 grammar (section 19.8).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}]|\.+(?=[{_CHARS}]))*+"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}:]|{_PLX}|\.+(?=[{_CHARS}:]|{_PLX}))*+"

# One token per match, leading whitespace skipped; alternatives ordered by frequency
# (only ``pname`` before ``word`` matters: both may start with a letter).
_TOKEN = re.compile(
    r"\s*+(?:"
    rf"(?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*+)"
    rf"|(?P<pname>(?:{_PREFIX}|_)?:(?:{_LOCAL})?)"
    r"|(?P<word>[A-Za-z][A-Za-z0-9_]*+)"
    r"|(?P<bracket>[(){}\[\]])"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*+>)"
    r'|(?P<string>"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''"
    r'|"(?:[^"\\\r\n]|\\.)*+"'
    r"|'(?:[^'\\\r\n]|\\.)*+')"
    r"|(?P<comment>\#[^\r\n]*+)"
    r"|(?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*+)"
    r"|(?P<escape>\\[\s\S]))"
)


def decode_escapes(query: str) -> str:
    """Decode SPARQL ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes over the whole text."""
    if "\\u" not in query and "\\U" not in query:
        return query
    decoded = _ESCAPE.sub(_decode_one, query)
    if _ESCAPE.search(decoded):
        raise QueryError("a \\u escape may not decode into another escape sequence")
    return decoded


def _decode_one(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise QueryError(f"{match.group(0)} is not a Unicode character")
    return chr(code)


def tokens(text: str) -> Iterator[re.Match[str]]:
    """The SPARQL tokens of ``text`` (kind in ``match.lastgroup``), whitespace skipped."""
    return _TOKEN.finditer(text)


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword of ``text``, if any."""
    for match in tokens(text):
        if match.lastgroup == "word" and match["word"].upper() in FORMS:
            return match["word"].upper()
    return None
