"""Which stored name of a hit the query met, by the analysis the engine indexed with.

The engine says which resources match and how well; this module picks, among a hit's few
names, the one to show as matched (and to highlight), and decides the strict matches of
the saved query ``search-by-name``: every query word found in the name as a word, a stem,
a prefix or a part of a compound, or, failing that, within the allowed edit distance.

>>> q = Query.of("strassenbau")
>>> q.meets("Verkehr und Straßenbau"), q.meets("Landesstraßenbaubehörde"), q.meets("Bau")
(True, True, False)
>>> Query.of("Behoerden").meets("Nachgeordnete Behörde")
True
>>> Query.of("Ministeriun").meets("Ministerium", fuzzy=True)
True
"""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import edit_distance, fold, forms, normalise, stems, words


@dataclass(frozen=True)
class Query:
    """A query text analysed once: its folded words and their stems."""

    normalised: str
    folded: tuple[str, ...]
    stemmed: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, text: str) -> Query:
        """``text`` analysed."""
        found = words(text)
        return cls(normalise(text), tuple(fold(w) for w in found), tuple(stems(w) for w in found))

    def meets(self, text: str, fuzzy: bool = False) -> bool:
        """Whether every query word is found in ``text`` (see the module doc)."""
        return bool(self.folded) and self.met(text, fuzzy) == len(self.folded)

    def met(self, text: str, fuzzy: bool = False) -> int:
        """How many of the query words are found in ``text``."""
        name_words = words(text)
        name_forms = {f for w in name_words for f in forms(w)}
        name_stems = {s for w in name_words for s in stems(w)}
        count = 0
        for word, word_stems in zip(self.folded, self.stemmed, strict=True):
            if word in name_forms or word_stems & name_stems:
                count += 1
            elif any(f.startswith(word) or (len(word) >= 4 and word in f) for f in name_forms):
                count += 1
            elif fuzzy and any(_within(word, f, edit_distance(word)) for f in name_forms):
                count += 1
        return count


def _within(a: str, b: str, limit: int) -> bool:
    """Whether ``a`` and ``b`` are at most ``limit`` edits apart (Levenshtein)."""
    if limit == 0 or abs(len(a) - len(b)) > limit:
        return a == b
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
