"""The header of a saved query: TOML in the leading ``#+`` comment lines of a ``.rq`` file.

The header is ordinary SPARQL comments to every other tool, and TOML (parsed by the
standard library) to this one, so values are typed and errors carry a line and column::

    #+ title = { en = "Organisations of a state", de = "Organisationen eines Landes" }
    #+ tags = ["organisations", "states"]
    #+
    #+ [parameters.state]
    #+ type = "iri"
    #+ class = "https://w3id.org/emmd/def/emmd#State"
    #+ default = ["https://w3id.org/emmd/id/state/sachsen"]
    #+
    #+ [[examples]]
    #+ parameters = { state = "https://w3id.org/emmd/id/state/thueringen" }
    #+ columns = ["organisation", "label"]
    #+ rows = [['ido:tmil', '"Thüringer Ministerium für Infrastruktur und Landwirtschaft"@de']]
    PREFIX ido: <https://w3id.org/emmd/id/organisation/>
    SELECT ...

This module only splits a file into header and body and reads the TOML, mapping every
position back to the file; :mod:`emmd_kg.queries.saved` gives the keys meaning.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from ..errors import SourceSyntaxError

MARK = "#+"
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


@dataclass(frozen=True)
class Header:
    """The parsed header of one file and the query text after it."""

    path: str
    table: dict
    body: str
    body_line: int
    """The file's line number of the body's first line (1-based)."""
    lines: tuple[str, ...]
    """The header's TOML lines, to find where a key was declared."""

    def line_of(self, pattern: str, occurrence: int = 0) -> int | None:
        """The file line of the ``occurrence``-th header line matching ``pattern`` (a regex)."""
        found = [n for n, line in enumerate(self.lines, 1) if re.match(pattern, line.strip())]
        return found[occurrence] if occurrence < len(found) else None

    def error(self, reason: str, line: int | None = None) -> SourceSyntaxError:
        """A syntax error in this file (at ``line`` when known)."""
        return SourceSyntaxError(self.path, line, None, reason)


def split(text: str, path: str) -> Header:
    """Split ``text`` (a ``.rq`` file) into its TOML header and its SPARQL body."""
    lines = text.splitlines(keepends=True)
    count = 0
    while count < len(lines) and lines[count].startswith(MARK):
        count += 1
    toml_lines: list[str] = []
    offsets: list[int] = []
    for text_line in lines[:count]:
        content = text_line[len(MARK) :]
        skip = len(MARK) + (1 if content.startswith(" ") else 0)
        toml_lines.append(text_line[skip:].rstrip("\r\n"))
        offsets.append(skip)
    try:
        table = tomllib.loads("\n".join(toml_lines))
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if match is None:
            raise SourceSyntaxError(path, None, None, f"header: {message}") from None
        line, column = int(match[1]), int(match[2])
        column += offsets[line - 1] if 0 < line <= len(offsets) else 0
        reason = "header: " + message[: match.start()]
        raise SourceSyntaxError(path, line, column, reason) from None
    body = "".join(lines[count:])
    if not table:
        raise SourceSyntaxError(path, 1, 1, f"no header: start the file with '{MARK} title = ...'")
    return Header(path, table, body, count + 1, tuple(toml_lines))
