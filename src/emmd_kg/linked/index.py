"""Which documents exist under the base, and which IRIs each of them describes.

A document is an IRI under the base without a fragment: ``{base}id/organisation/x``,
``{base}def/emmd``, ``{base}graph/inferred``, ``{base}dataset``.  It describes itself
and every hash IRI ``{doc}#…`` the data mentions (``{base}def/emmd#StateMinistry`` is
described by ``{base}def/emmd``).  An IRI exists when the data mentions it as subject,
predicate, object or graph name; anything else is a 404, except documents served by
another route (the SHACL shapes, whose IRIs live under ``def/`` but not in the store).

The index is built once per dataset version with one scan of the store, so that the
request path answers "does this exist?" and "which subjects?" from a dictionary.

>>> index = DocumentIndex("https://ex.org/", {"https://ex.org/def/v": ("https://ex.org/def/v#A",)})
>>> index.subjects("https://ex.org/def/v")
('https://ex.org/def/v#A',)
>>> list(index.keys())
['def/v']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..store.base import Store

_DERIVED = "SELECT ?g ?h WHERE { ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?h }"
_MENTIONED = """
SELECT DISTINCT ?x WHERE {
  { ?x ?p ?o } UNION { ?s ?x ?o } UNION { ?s ?p ?x }
  FILTER(isIRI(?x))
}
"""


class DocumentIndex:
    """Every document under ``base`` and the IRIs it describes (itself first)."""

    def __init__(
        self,
        base: str,
        documents: dict[str, tuple[str, ...]],
        derived_graphs: frozenset[str] = frozenset(),
        elsewhere: dict[str, str] | None = None,
    ) -> None:
        self.base = base
        self._documents = documents
        self.derived_graphs = derived_graphs
        """Named graphs derived from other named graphs (inferences): their facts are
        marked as inferred on the pages."""
        self._elsewhere = {k: v for k, v in (elsewhere or {}).items() if k not in documents}

    @classmethod
    def build(
        cls, store: Store, base: str, elsewhere: dict[str, str] | None = None
    ) -> DocumentIndex:
        """Scan ``store`` once for every IRI under ``base`` (graph names included) and
        for the graphs derived from other graphs.  ``elsewhere`` maps documents that are
        not in the store to the path serving them (the SHACL shapes: ``/shapes``)."""
        mentioned = {row["x"].value for row in store.query(_MENTIONED)}
        mentioned |= set(store.graph_names())
        grouped: dict[str, set[str]] = defaultdict(set)
        for iri in mentioned:
            if iri.startswith(base) and len(iri) > len(base):
                grouped[iri.split("#", 1)[0]].add(iri)
        documents = {
            doc: tuple(sorted(iris, key=lambda iri: (iri != doc, iri)))
            for doc, iris in grouped.items()
        }
        graphs = store.graph_names()
        derived = frozenset(
            row["g"].value
            for row in store.query(_DERIVED)
            if row["g"].value in graphs and row["h"].value in graphs
        )
        return cls(base, documents, derived, elsewhere)

    def subjects(self, document: str) -> tuple[str, ...] | None:
        """The IRIs ``document`` describes, or None if the data never mentions it."""
        return self._documents.get(document)

    def elsewhere(self, document: str) -> str | None:
        """The path serving ``document`` if it is not in the store but known elsewhere."""
        return self._elsewhere.get(document)

    def keys(self) -> Iterator[str]:
        """The keys of every document, sorted."""
        for document in sorted(self._documents):
            yield document[len(self.base) :]
