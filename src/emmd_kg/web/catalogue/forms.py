"""What the saved-query pages show: form fields from the declarations, tables, page links.

Pure view models for the templates ``queries.html`` and ``query.html``: nothing here
runs a query except through the ``engine`` handed in (for the allowed values of a
dropdown), and every link is built with ``urlencode`` from validated names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ...queries.catalogue_rdf import query_iri
from ...queries.params import Parameter, describe_type, json_schema
from ...queries.run import Engine, Page, allowed_values
from ...queries.saved import SavedQuery

INPUT_TYPES = {"integer": "number", "decimal": "text", "date": "date"}
FREE_SLOTS = 3
"""Text inputs offered for a multi-valued parameter without a list of allowed values."""


@dataclass(frozen=True)
class Field:
    """One form control (or a group of inputs) for one parameter."""

    param: Parameter
    help: str
    widget: str
    """``select`` (a dropdown, ``multiple`` for multi-valued) or ``input``."""
    values: list[str]
    """The current values: the request's, else the defaults (one per input slot)."""
    options: list[tuple[str, str]]
    """(value, label) choices of a dropdown; an empty value means "none"."""
    input_type: str = "text"


def fields(query: SavedQuery, given: dict[str, list[str]], engine: Engine) -> list[Field]:
    """The form's fields, in declaration order, with defaults filled in."""
    out = []
    for param in query.parameters:
        current = given.get(param.name) or list(param.default)
        help_text = describe_type(param) + (". " + param.description if param.description else "")
        options: list[tuple[str, str]] | None = None
        if param.type == "boolean":
            options = [("true", "true"), ("false", "false")]
        elif param.enumerated:
            allowed = allowed_values(param, engine) or []
            options = [(term.value, label) for term, label in allowed]
        if options is not None:
            if not param.required and not param.multiple and not param.default:
                options = [("", "(any)"), *options]
            out.append(Field(param, help_text, "select", current, options))
            continue
        slots = FREE_SLOTS if param.multiple else 1
        values = (current + [""] * slots)[: max(slots, len(current))]
        out.append(
            Field(param, help_text, "input", values, [], INPUT_TYPES.get(param.type, "text"))
        )
    return out


def page_url(path: str, args: list[tuple[str, str]], **changes: object) -> str:
    """``path`` with the request's ``args``, ``changes`` replacing their namesakes."""
    kept = [(k, v) for k, v in args if k not in changes]
    kept += [(k, str(v)) for k, v in changes.items() if v is not None]
    return f"{path}?{urlencode(kept)}" if kept else path


def page_links(path: str, args: list[tuple[str, str]], page: Page) -> dict[str, str]:
    """rel → URL of the first, previous, next and last pages of a paged answer."""
    if page.total is None:
        return {}
    last = page.last_page
    links = {"first": 1, "prev": page.page - 1, "next": page.page + 1, "last": last}
    return {
        rel: page_url(path, args, page=number)
        for rel, number in links.items()
        if 1 <= number <= last and (rel in ("first", "last") or number != page.page)
    }


def summary(query: SavedQuery, base: str) -> dict[str, Any]:
    """A query as the JSON listing (and the pages) describe it."""
    return {
        "name": query.name,
        "iri": query_iri(base, query.name),
        "url": f"/queries/{query.name}",
        "title": query.text_in(query.title),
        "description": query.text_in(query.description),
        "titles": query.title,
        "tags": list(query.tags),
        "form": query.form,
        "version": query.version,
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "label": p.label or p.name,
                "description": p.description,
                "required": p.required,
                "multiple": p.multiple,
                "default": list(p.default),
                "schema": json_schema(p),
            }
            for p in query.parameters
        ],
        "examples": [
            {
                "title": e.title,
                "url": page_url(
                    f"/queries/{query.name}", [(k, v) for k, vs in e.parameters.items() for v in vs]
                ),
            }
            for e in query.examples
        ],
    }
