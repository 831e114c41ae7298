"""Index words by their endings: the compounds whose last part is a question's term
(„urlaub“ → „erholungsurlaub“, „sonderurlaub“), looked up by bisection."""

from bisect import bisect_left
from collections.abc import Iterable


class WordEndings:
    """The words of one index field: as a set, and sorted by their reversed spelling."""

    def __init__(self, words: Iterable[str]) -> None:
        """words: the field's lexicon (each word once)."""
        self._words = frozenset(words)
        self._reversed = sorted(word[::-1] for word in self._words)

    def __contains__(self, word: object) -> bool:
        """Whether the field has this word."""
        return word in self._words

    def ending_with(self, term: str, *, extra: int) -> list[str]:
        """Words that end with term and are at least extra letters longer."""
        key = term[::-1]
        found = []
        at = bisect_left(self._reversed, key)
        while at < len(self._reversed) and self._reversed[at].startswith(key):
            if len(self._reversed[at]) >= len(key) + extra:
                found.append(self._reversed[at][::-1])
            at += 1
        return found
