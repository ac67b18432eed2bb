"""Choosing the text to show among texts in several languages, by one rule everywhere.

The text in the language asked for, else an untagged one, else the first in any
language; within a language the first candidate wins, so callers order the candidates
by their own priority (predicate, then text) and the choice never depends on chance.

>>> choose([("de", "Behörde"), ("en", "Agency")], "en")
'Agency'
>>> choose([("de", "Behörde"), ("", "Amt")], "fr")
'Amt'
>>> choose([("de", "Behörde")], "en")
'Behörde'
>>> choose([], "en") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable


def choose(candidates: Iterable[tuple[str, str]], lang: str) -> str | None:
    """The text to show in ``lang`` among (language, text) ``candidates``, in their order."""
    untagged = anything = None
    for language, text in candidates:
        if language == lang:
            return text
        if untagged is None and language == "":
            untagged = text
        if anything is None:
            anything = text
    return untagged if untagged is not None else anything
