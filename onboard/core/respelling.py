"""Misspelt words of a question respelt as its sources write them, so that the model and the
checks of an answer read the word that was meant („Passort“ → „Passwort“)."""

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from whoosh.analysis import Analyzer

from onboard.core.fulltext import INTERROGATIVES, german_analyzer
from onboard.core.german_words import is_german_word
from onboard.core.text import normalize_text
from onboard.core.typos import MIN_WORD, german_stem, most_frequent, neighbour_terms

WORD = re.compile(r"[^\W\d_]+")


def respellings(question: str, texts: list[str], is_known: Callable[[str], bool]) -> dict[str, str]:
    """Words of the question (MIN_WORD letters or more, not question words) that neither the
    texts nor the index (is_known) nor the German dictionary have, each with the word of the
    texts one typing error away (where several are, the most frequent term)."""
    analyzer = _analyzer()
    counts: Counter[str] = Counter()
    spellings: dict[str, list[str]] = {}
    for text in texts:
        for token in analyzer(text, chars=True):
            counts[token.text] += 1
            spellings.setdefault(token.text, []).append(text[token.startchar : token.endchar])
    found: dict[str, str] = {}
    skipped = counts.keys() | _question_terms()
    for word in dict.fromkeys(WORD.findall(normalize_text(question))):
        own = _terms(word)
        if len(word) < MIN_WORD or not own or own & skipped or is_known(word):
            continue
        if is_german_word(word):  # „gelehrt“ is no typing error of „geleert“
            continue
        near = neighbour_terms(word.lower(), german_stem)
        term = most_frequent(near, lambda t: counts.get(t, 0))
        spelling = _closest(word, term, near[term], spellings[term]) if term else None
        if spelling is not None:
            found[word] = spelling
    return found


def respelt(text: str, found: dict[str, str]) -> str:
    """text with each misspelt word (found by respellings) replaced where it is a whole word."""
    for word, spelling in found.items():
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", spelling, text)
    return text


def _closest(word: str, term: str, near: list[str], spellings: list[str]) -> str | None:
    """Of the spellings one edit from word that have the term (near), one as the texts write
    it; else, if the term is nearly all of word, the first with word's first letter
    („Passort“ → „Passwort“ where the texts only have „Passwörter“); else None („gestern“ is
    not „geltern“ because „gelten“ is in the texts)."""
    written = {spelling.lower(): spelling for spelling in spellings}
    in_texts = [written[edit] for edit in near if edit in written]
    if in_texts:
        return in_texts[0]
    if len(term) < len(word) - 1:
        return None
    first = near[0]
    return (first[0].upper() if word[0].isupper() else first[0]) + first[1:]


def _terms(text: str) -> set[str]:
    """The analysed terms of a text."""
    return {token.text for token in _analyzer()(text)}


@lru_cache(maxsize=1)
def _analyzer() -> Analyzer:
    """The index's German analyzer, shared."""
    return german_analyzer()


@lru_cache(maxsize=1)
def _question_terms() -> frozenset[str]:
    """Question words as analysed terms."""
    return frozenset(_terms(INTERROGATIVES))
