"""SPARQL answers as the rows of an HTML table: text, a note (language or datatype) and
a link that stays on this server where the term is an IRI under the base."""

from __future__ import annotations

import json
from typing import Any

from .links import local_href


def _cell(binding: dict[str, str] | None, base: str) -> dict[str, str | None]:
    if binding is None:
        return {"text": "", "href": None, "note": None}
    value, kind = binding["value"], binding["type"]
    if kind == "uri":
        return {"text": value, "href": local_href(value, base), "note": None}
    if kind == "bnode":
        return {"text": f"_:{value}", "href": None, "note": None}
    note = f"@{binding['xml:lang']}" if "xml:lang" in binding else None
    if "datatype" in binding:
        note = binding["datatype"].rsplit("#", 1)[-1]
    return {"text": value, "href": None, "note": note}


def table(body: bytes, base: str) -> dict[str, Any]:
    """A SPARQL JSON answer as the template's table: variables, rows of cells, boolean."""
    data = json.loads(body)
    names = data["head"].get("vars", [])
    rows = [
        [_cell(binding.get(name), base) for name in names]
        for binding in data.get("results", {}).get("bindings", [])
    ]
    return {"variables": names, "rows": rows, "boolean": data.get("boolean")}


def graph_table(body: bytes) -> dict[str, Any]:
    """An N-Triples answer as a one-column table."""
    lines = body.decode("utf-8").splitlines()
    rows = [[{"text": line, "href": None, "note": None}] for line in lines if line.strip()]
    return {"variables": ["triple"], "rows": rows, "boolean": None}
