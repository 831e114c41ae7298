"""Word pairs: how many pairs of adjacent question terms a candidate chunk also has."""

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from whoosh.lang import stemmer_for_language, stopwords_for_language

from onboard.core.chunk_rows import StoredChunk

# Words as Whoosh's tokenizer finds them ("z.B" and "3.5" stay one word).
_WORD = re.compile(r"\w+(?:\.?\w+)*")
_STOP_WORDS = frozenset(stopwords_for_language("de"))
_stem = lru_cache(maxsize=200_000)(stemmer_for_language("de"))


def pair_scores(question: str, chunks: Iterable[StoredChunk]) -> dict[int, float]:
    """Chunk id → number of the question's adjacent term pairs found adjacent in the chunk's
    title and text ("Kind anmelden", "Aufgaben Antidiskriminierungsbüro"); empty when the
    question has no pair or no chunk shares one. A page phrased like the question beats a
    near copy of it that says the same in other words (bench/RESULTS.md)."""
    wanted = _pairs(question)
    if not wanted:
        return {}
    scores = {
        chunk.chunk_id: float(len(wanted & _pairs(f"{chunk.title}\n{chunk.text}")))
        for chunk in chunks
    }
    return scores if any(scores.values()) else {}


def _pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent pairs of stemmed words, stop words left out (as the full-text index reads)."""
    terms = [_stem(word) for word in _WORD.findall(text.lower()) if _is_term(word)]
    return set(pairwise(terms))


def _is_term(word: str) -> bool:
    """Not a stop word and longer than one character."""
    return len(word) > 1 and word not in _STOP_WORDS
