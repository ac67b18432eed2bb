"""What a search answers: hits with the name that matched, and the facet counts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """One resource found, with the stored text that matched best."""

    iri: str
    label: str
    """Its name in the language asked for (else English, else any)."""
    lang: str | None
    """The language of ``label`` (None when untagged)."""
    types: tuple[str, ...]
    score: float
    matched: str
    """The stored name or description that matched the query best."""
    field: str
    """Where ``matched`` is stored: "name", "alt", "hidden" or "description"."""
    exact: bool
    """Whether the normalised query equals a normalised name or acronym of the resource."""
    parent: str | None = None
    """The organisation it is asserted to be part of, if any."""
    state: str | None = None
    """The top of its organisation tree (the "state" facet), if any."""


@dataclass(frozen=True)
class Hits:
    """One page of hits, how many there are in all, and the facets of them all."""

    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    """``"type"`` and ``"state"`` → value IRI → number of matching resources."""
