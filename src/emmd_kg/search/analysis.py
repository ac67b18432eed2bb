"""The text analysis of the search index: what a name and a query are turned into.

One function for both sides, so a query matches a name exactly when their analysed words
meet.  Steps: Unicode NFKC and case folding (``ß`` → ``ss``); words are runs of letters
and digits; German folding: a word with ``ä ö ü`` is indexed both as ``a o u`` and as
``ae oe ue`` (other accents are dropped), so ``Behörde``, ``Behorde`` and ``Behoerde``
meet; Snowball stems in German and English of every form (``Behörden`` → ``behord``,
``agencies`` → ``agenc``).  The engine (tantivy) receives the analysed words and stems as
text split at spaces, so its own tokenizer adds nothing.

>>> normalise("  Landesstraßenbau-Behörde ")
'landesstrassenbau behorde'
>>> forms("behörde")
('behorde', 'behoerde')
>>> "behord" in stems("Behörde") & stems("behoerden") & stems("Behorden")
True
>>> stems("Ministeriums") & stems("Ministerium"), sorted(stems("agencies") & stems("agency"))
(frozenset({'ministerium'}), ['agenc'])
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+")
_UMLAUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_GERMAN = snowballstemmer.stemmer("german")
_ENGLISH = snowballstemmer.stemmer("english")


def _strip_accents(word: str) -> str:
    """``word`` without combining marks (é → e, å → a), composed again."""
    decomposed = unicodedata.normalize("NFD", word)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def words(text: str) -> list[str]:
    """The case-folded words of ``text`` (NFKC first), accents kept."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


@lru_cache(maxsize=200_000)
def forms(word: str) -> tuple[str, ...]:
    """The folded forms a case-folded ``word`` is indexed under: accents dropped first,
    then, when it has an umlaut, the ``ae oe ue`` spelling."""
    base = _strip_accents(word)
    spelled = _strip_accents(word.translate(_UMLAUT))
    return (base,) if spelled == base else (base, spelled)


def fold(word: str) -> str:
    """The one form a query word is looked up by (umlauts as plain vowels)."""
    return forms(word)[0]


@lru_cache(maxsize=200_000)
def stems(word: str) -> frozenset[str]:
    """The German and English Snowball stems of every form of ``word``."""
    found: set[str] = set()
    for form in forms(word.casefold()):
        found.add(_GERMAN.stemWord(form))
        found.add(_ENGLISH.stemWord(form))
    return frozenset(found)


def normalise(text: str) -> str:
    """``text`` as the index compares whole names: folded words joined by one space."""
    return " ".join(fold(w) for w in words(text))


def indexed_terms(text: str) -> list[str]:
    """Every term ``text`` is indexed under: the folded forms of its words, then their
    stems (stems prefixed with ``~`` so that a prefix query meets only words)."""
    terms: dict[str, None] = {}
    stemmed: dict[str, None] = {}
    for word in words(text):
        for form in forms(word):
            terms[form] = None
        for stem in sorted(stems(word)):
            stemmed["~" + stem] = None
    return [*terms, *stemmed]


def edit_distance(word: str) -> int:
    """The typos a query word may carry: none under 4 letters, 1 up to 7, 2 from 8."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2
