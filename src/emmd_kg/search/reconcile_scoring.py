"""Reconciliation: the candidates for one query, scored 0–100, and the match decision.

Candidates come from the full-text index (the same analysis as ``/search``: folding,
stemming, typos, prefixes); each is then judged on four features:

- ``name``: how well the matched name agrees with the query, 1.0 for an exact
  normalised name or acronym, else the string similarity of the normalised texts
  blended with the index score relative to the best hit (at most 0.95);
- ``name_exact``: the index's exact flag;
- ``type``: whether the candidate has a type the query asks for (all of them with
  ``type_strict = "all"``); ``any`` and ``all`` drop the others, ``should`` (the
  default, what OpenRefine sends) only lowers their score;
- ``properties``: the mean agreement of the property constraints: a value given as
  ``{"id": …}`` agrees when the candidate has exactly that IRI; text agrees as its
  normalised form agrees with a literal value or a name of an IRI value (1.0 when
  equal, else the share of words in common).

``score = 100 × name × (1 if type else 0.4) × (0.5 + 0.5 × properties)``.  A candidate is
a ``match`` only when the choice is unambiguous (or the query is an entity's IRI: that
entity alone, matched when of a wanted type): the first candidate has an exact name,
a wanted type, every property agreeing, and a lead of at least :data:`MARGIN` over the
next, which must not be an exact name of a wanted type itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

import pyoxigraph as ox

from .hits import Hit
from .reconcile_graph import GraphFacts
from .text_index import SearchIndex

MARGIN = 10.0
"""The lead (in score points) the first candidate needs over the next to be a match."""
WRONG_TYPE = 0.4
"""The factor on the score of a candidate without a wanted type (``type_strict = should``)."""
POOL = 3
"""Hits fetched per candidate asked for (at least 20) when types or properties re-rank."""
SPARE = 5
"""Hits fetched beyond the candidates asked for when only the name ranks."""


@dataclass(frozen=True)
class Constraint:
    """A property constraint: the property and the values wanted (text or IRIs)."""

    pid: str
    texts: tuple[str, ...] = ()
    iris: tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    """One reconciliation query, checked."""

    text: str
    types: tuple[str, ...] = ()
    type_strict: str = "should"
    limit: int = 10
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One scored candidate."""

    iri: str
    name: str
    types: tuple[str, ...]
    score: float
    features: dict[str, float | bool] = field(default_factory=dict)
    match: bool = False


def reconcile(query: Query, index: SearchIndex, facts: GraphFacts, lang: str) -> list[Candidate]:
    """The candidates for ``query``, best first, at most ``query.limit`` of them."""
    by_id = _by_id(query, index, lang)
    if by_id is not None:
        return [by_id]
    hits = _hits(query, index, lang) if query.text.strip() else []
    if not hits:
        return []
    top = max(hit.score for hit in hits) or 1.0
    wanted = _normalised(index, query.text)
    scored = []
    for hit in hits:
        type_ok = _type_ok(query, hit.types)
        if not type_ok and query.type_strict in ("any", "all"):
            continue
        scored.append(_candidate(query, index, facts, hit, wanted, top, type_ok, lang))
    scored.sort(key=lambda c: (-c.score, c.name, c.iri))
    chosen = scored[: query.limit]
    if chosen and _unambiguous(chosen):
        chosen[0] = replace(chosen[0], match=True)
    return chosen


def _by_id(query: Query, index: SearchIndex, lang: str) -> Candidate | None:
    """The entity whose IRI the query text is, as the one candidate (score 100)."""
    record = index.record(query.text.strip())
    if record is None:
        return None
    type_ok = _type_ok(query, record.types)
    name = index.label(record.iri, lang) or record.iri
    features: dict[str, float | bool] = {"id": True, "type": type_ok}
    return Candidate(record.iri, name, record.types, 100.0, features, match=type_ok)


def _hits(query: Query, index: SearchIndex, lang: str) -> list[Hit]:
    """The hits of the index, with and (for ``should``) without the type filter."""
    narrowed = query.types or query.constraints
    pool = min(100, max(20, POOL * query.limit) if narrowed else query.limit + SPARE)
    searches = [query.types] if query.types else [()]
    if query.types and query.type_strict == "should":
        searches.append(())
    best: dict[str, Hit] = {}
    for types in searches:
        for hit in index.search(query.text, types=types, lang=lang, limit=pool, facets=False).hits:
            held = best.get(hit.iri)
            if held is None or (hit.exact, hit.score) > (held.exact, held.score):
                best[hit.iri] = hit
    return list(best.values())


def _normalised(index: SearchIndex, text: str) -> str:
    return " ".join(index.normalise(text).split())


def _type_ok(query: Query, types: tuple[str, ...]) -> bool:
    if not query.types:
        return True
    have = set(types)
    if query.type_strict == "all":
        return all(t in have for t in query.types)
    return any(t in have for t in query.types)


def _candidate(
    query: Query,
    index: SearchIndex,
    facts: GraphFacts,
    hit: Hit,
    wanted: str,
    top: float,
    type_ok: bool,
    lang: str,
) -> Candidate:
    if hit.exact:
        name = 1.0
    else:
        similarity = SequenceMatcher(None, wanted, _normalised(index, hit.matched)).ratio()
        name = 0.95 * (0.6 * similarity + 0.4 * hit.score / top)
    features: dict[str, float | bool] = {
        "name": round(name, 4),
        "name_exact": hit.exact,
        "type": type_ok,
        "index_score": round(hit.score, 4),
    }
    score = 100.0 * name * (1.0 if type_ok else WRONG_TYPE)
    if query.constraints:
        agreement = sum(
            agreement_of(c, hit.iri, index, facts, lang) for c in query.constraints
        ) / len(query.constraints)
        features["properties"] = round(agreement, 4)
        score *= 0.5 + 0.5 * agreement
    return Candidate(hit.iri, hit.label, hit.types, round(score, 1), features)


def agreement_of(
    constraint: Constraint, iri: str, index: SearchIndex, facts: GraphFacts, lang: str
) -> float:
    """How well the values of ``constraint.pid`` on ``iri`` agree with the wanted ones
    (0.0–1.0, the best of the wanted values)."""
    values = facts.values(iri, constraint.pid)
    best = 0.0
    have_iris = {v.term.value for v in values if isinstance(v.term, ox.NamedNode)}
    if any(wanted in have_iris for wanted in constraint.iris):
        return 1.0
    texts = [v.term.value for v in values if isinstance(v.term, ox.Literal)]
    texts += [name for v in values for _, name, _ in v.names]
    have = [_normalised(index, text) for text in texts]
    for wanted in constraint.texts:
        folded = _normalised(index, wanted)
        for text in have:
            best = max(best, _word_agreement(folded, text))
            if best == 1.0:
                return best
    return best


def _word_agreement(a: str, b: str) -> float:
    """1.0 for equal texts, else the share of words the two have in common.

    >>> _word_agreement("landesamt vermessung", "landesamt vermessung geoinformation")
    0.6666666666666666
    """
    if a == b:
        return 1.0
    one, two = set(a.split()), set(b.split())
    return len(one & two) / len(one | two) if one | two else 0.0


def _unambiguous(chosen: list[Candidate]) -> bool:
    first = chosen[0]
    if not (first.features.get("name_exact") and first.features.get("type")):
        return False
    if first.features.get("properties", 1.0) != 1.0:
        return False
    if len(chosen) == 1:
        return True
    second = chosen[1]
    if second.features.get("name_exact") and second.features.get("type"):
        return False
    return first.score - second.score >= MARGIN
