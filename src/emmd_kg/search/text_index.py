"""The search index of one dataset version: tantivy in memory, made from the records.

:meth:`SearchIndex.open` reads ``search/names.jsonl`` (see :mod:`.name_records`) and
indexes it into a tantivy index held in memory, written by one thread so that the
documents keep the records' order.  Every field holds the analysed terms of
:mod:`.analysis` (folded words, and stems marked ``~``) split at spaces.

A query word is looked for in each field as a word, as one of its stems, as a prefix, as
a part of a compound (words of 5+ letters) and within the edit distance the analysis
allows; each way has its weight, each field its weight (``name`` highest, ``description``
lowest) and tantivy scores the words with BM25; a normalised query equal to a whole name
or acronym adds a large boost.  Facets come from tantivy's terms aggregation over the
same query, so they count every match, not one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import tantivy

from ..rdf.labels import choose
from .analysis import edit_distance, fold, forms, indexed_terms, normalise, stems, words
from .hits import Hit, Hits
from .matching import Query
from .name_records import FIELDS, Record, read_records

FIELD_WEIGHT = {"name": 4.0, "alt": 3.0, "hidden": 2.0, "description": 0.5}
"""BM25 weight of each field."""
WAY_WEIGHT = {"word": 1.0, "stem": 0.8, "prefix": 0.35, "part": 0.25, "typo": 0.3}
"""Weight of each way a query word meets an indexed word (prefix, part and typo matches
score a constant, not BM25)."""
EXACT_BOOST = 60.0
"""The constant a whole normalised name or acronym equal to the query adds."""
_WRITER_HEAP = 64_000_000
PART_MIN = 5
"""Shortest query word looked for inside compounds (``strasse`` in ``Landesstraßenbau``)."""


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for field in FIELDS:
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("parts", tokenizer_name="whitespace", index_option="basic")
    for field in ("exact", "type", "state"):
        builder.add_text_field(field, tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_unsigned_field("n", fast=True)
    return builder.build()


class SearchIndex:
    """Full-text search over every named resource of one version."""

    def __init__(self, found: list[Record]) -> None:
        self.records = found
        self._by_iri = {r.iri: i for i, r in enumerate(found)}
        self._schema = _schema()
        self._index = tantivy.Index(self._schema)
        writer = self._index.writer(_WRITER_HEAP, 1)
        for number, record in enumerate(found):
            writer.add_document(self._document(number, record))
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        self._searcher = self._index.searcher()
        self.types = frozenset(t for r in found for t in r.types)
        """Every type some named resource has (asserted or inferred)."""

    @classmethod
    def open(cls, version_dir: Path, sha256: str | None = None) -> SearchIndex:
        """The index of the artefact version in ``version_dir``; with ``sha256`` (the
        manifest's checksum) a records file that differs is a BuildError."""
        return cls(read_records(version_dir, sha256))

    @staticmethod
    def _document(number: int, record: Record) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_unsigned("n", number)
        texts: dict[str, list[str]] = {field: [] for field in FIELDS}
        for name in record.names:
            texts[name.field].append(" ".join(indexed_terms(name.text)))
            if name.field in ("name", "alt"):
                doc.add_text("exact", normalise(name.text))
                doc.add_text("parts", " ".join(_inner_parts(name.text)))
        for field, parts in texts.items():
            if parts:
                doc.add_text(field, " ".join(parts))
        for iri in record.types:
            doc.add_text("type", iri)
        if record.state:
            doc.add_text("state", record.state)
        return doc

    def normalise(self, text: str) -> str:
        """``text`` as names are compared for an exact match (see :mod:`.analysis`)."""
        return normalise(text)

    def record(self, iri: str) -> Record | None:
        """The stored record of ``iri``, if it has a name."""
        number = self._by_iri.get(iri)
        return None if number is None else self.records[number]

    def label(self, iri: str, lang: str | None = None) -> str | None:
        """The name of ``iri`` to show in ``lang`` (else English, else any)."""
        record = self.record(iri)
        if record is None:
            return None
        return choose(_names(record, ("name", "alt")), lang or "en")

    def search(
        self,
        text: str,
        *,
        types: Sequence[str] = (),
        lang: str | None = None,
        limit: int = 20,
        offset: int = 0,
        facets: bool = True,
    ) -> Hits:
        """The resources matching ``text`` best, of one of ``types`` when given; with
        the counts by type and state unless ``facets`` is off (a caller that shows no
        facets, such as reconciliation, saves counting every match)."""
        query = self._query(text, types, prefix_last=False)
        if query is None:
            return Hits(0, [], {"type": {}, "state": {}} if facets else {})
        return self._collect(text, query, lang, limit, offset, facets=facets)

    def suggest(self, prefix: str, *, types: Sequence[str] = (), limit: int = 10) -> list[Hit]:
        """Type-ahead: names whose last word starts with the last word of ``prefix``."""
        query = self._query(prefix, types, prefix_last=True)
        if query is None:
            return []
        return self._collect(prefix, query, None, limit, 0, facets=False).hits

    def nearest(self, text: str, *, limit: int = 5) -> list[Hit]:
        """The names nearest ``text`` when it finds nothing: those starting like its
        first word, the prefix shortened until some do (down to two letters)."""
        found = [fold(w) for w in words(text)]
        if not found:
            return []
        first = found[0]
        for end in range(len(first), 1, -1):
            hits = self.suggest(first[:end], limit=limit)
            if hits:
                return hits
        return []

    def _query(self, text: str, types: Sequence[str], prefix_last: bool) -> tantivy.Query | None:
        found = [fold(w) for w in words(text)]
        if not found:
            return None
        Q, Occur = tantivy.Query, tantivy.Occur
        per_word = [
            self._word(word, text_word) for word, text_word in zip(found, words(text), strict=True)
        ]
        clauses = [(Occur.Should, q) for q in per_word]
        if len(per_word) > 1:  # a resource meeting every word scores them twice
            clauses.append((Occur.Should, Q.boolean_query([(Occur.Must, q) for q in per_word])))
        exact = Q.term_query(self._schema, "exact", normalise(text))
        clauses.append((Occur.Should, Q.const_score_query(exact, EXACT_BOOST)))
        query = Q.boolean_query(clauses)
        must = [(Occur.Must, query)]
        if prefix_last:
            must.append((Occur.Must, self._prefix(found[-1], ("name", "alt"))))
        if types:
            allowed = Q.term_set_query(self._schema, "type", list(types))
            must.append((Occur.Must, allowed))
        return Q.boolean_query(must) if len(must) > 1 else query

    def _word(self, word: str, original: str) -> tantivy.Query:
        """Every way ``word`` (folded; ``original`` as typed) may meet a field."""
        Q, should = tantivy.Query, tantivy.Occur.Should
        ways: list[tuple[tantivy.Occur, tantivy.Query]] = []
        distance = edit_distance(word)
        for field, weight in FIELD_WEIGHT.items():
            variants = [(Q.term_query(self._schema, field, word), WAY_WEIGHT["word"])]
            variants += [
                (Q.term_query(self._schema, field, "~" + stem), WAY_WEIGHT["stem"])
                for stem in sorted(stems(original))
            ]
            if field != "description":
                prefix = Q.phrase_prefix_query(self._schema, field, [word])
                variants.append((prefix, WAY_WEIGHT["prefix"]))
                if distance:
                    typo = Q.fuzzy_term_query(self._schema, field, word, distance)
                    variants.append((typo, WAY_WEIGHT["typo"]))
            ways += [(should, Q.boost_query(q, w * weight)) for q, w in variants]
        if len(word) >= PART_MIN:
            part = Q.phrase_prefix_query(self._schema, "parts", [word])
            ways.append((should, Q.boost_query(part, WAY_WEIGHT["part"] * FIELD_WEIGHT["name"])))
        return Q.boolean_query(ways)

    def _prefix(self, word: str, fields: Sequence[str]) -> tantivy.Query:
        Q = tantivy.Query
        return Q.boolean_query(
            [(tantivy.Occur.Should, Q.phrase_prefix_query(self._schema, f, [word])) for f in fields]
            + [(tantivy.Occur.Should, Q.term_query(self._schema, f, word)) for f in fields]
        )

    def _collect(
        self,
        text: str,
        query: tantivy.Query,
        lang: str | None,
        limit: int,
        offset: int,
        facets: bool,
    ) -> Hits:
        result = self._searcher.search(query, limit, count=True, offset=offset)
        addresses = [address for _, address in result.hits]
        numbers = [int(n or 0) for n in self._searcher.fast_field_values("n", addresses)]
        analysed = Query.of(text)
        hits = [
            self._hit(self.records[number], score, analysed, lang)
            for (score, _), number in zip(result.hits, numbers, strict=True)
        ]
        counts = self._facets(query) if facets else {}
        total = getattr(result, "count", None)  # the stubs lack it; count=True sets it
        return Hits(int(total or 0), hits, counts)

    def _hit(self, record: Record, score: float, query: Query, lang: str | None) -> Hit:
        best, best_key = None, (-1.0, False)
        for name in record.names:
            key = (query.met(name.text) * FIELD_WEIGHT[name.field], name.lang == (lang or "en"))
            if key > best_key:
                best, best_key = name, key
        if best is not None and best_key[0] == 0:
            for name in record.names:
                if query.met(name.text, fuzzy=True):
                    best = name
                    break
        assert best is not None  # a record has at least one name
        exact = any(
            normalise(n.text) == query.normalised
            for n in record.names
            if n.field in ("name", "alt")
        )
        shown = choose(_names(record, ("name", "alt", "hidden", "description")), lang or "en")
        language = next(
            (n.lang for n in record.names if n.text == shown and n.field in ("name", "alt")), ""
        )
        return Hit(
            iri=record.iri,
            label=shown or record.iri,
            lang=language or None,
            types=record.types,
            score=round(score, 4),
            matched=best.text,
            field=best.field,
            exact=exact,
            parent=record.parent,
            state=record.state,
        )

    def _facets(self, query: tantivy.Query) -> dict[str, dict[str, int]]:
        aggregations = {
            field: {"terms": {"field": field, "size": 1000}} for field in ("type", "state")
        }
        answer = self._searcher.aggregate(query, aggregations)
        return {
            field: {b["key"]: b["doc_count"] for b in answer[field]["buckets"]}
            for field in ("type", "state")
        }


def _inner_parts(text: str) -> list[str]:
    """The endings of ``text``'s words that start inside them and are at least
    :data:`PART_MIN` letters long: a prefix query on them finds a word inside a compound."""
    found: dict[str, None] = {}
    for word in words(text):
        for form in forms(word):
            for start in range(1, len(form) - PART_MIN + 1):
                found[form[start:]] = None
    return list(found)


def _names(record: Record, fields: Sequence[str]) -> list[tuple[str, str]]:
    """(language, text) of ``record``'s names in ``fields``, in the order of the fields."""
    return [(n.lang, n.text) for f in fields for n in record.names if n.field == f]
