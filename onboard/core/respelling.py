"""Misspelt words of a question respelt as its sources write them, so that the model and the
checks of an answer read the word that was meant („Passort“ → „Passwort“)."""

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from whoosh.analysis import Analyzer
from whoosh.lang import stemmer_for_language

from onboard.core.fulltext import INTERROGATIVES, german_analyzer
from onboard.core.text import normalize_text
from onboard.core.typos import MIN_WORD, corrected_term, one_edit_away

WORD = re.compile(r"[^\W\d_]+")


def respellings(question: str, texts: list[str], is_known: Callable[[str], bool]) -> dict[str, str]:
    """Words of the question (MIN_WORD letters or more, not question words) that neither the
    texts nor the index (is_known) have, each with the word of the texts one typing error
    away (where several are, the most frequent term)."""
    analyzer = _analyzer()
    counts: Counter[str] = Counter()
    spellings: dict[str, list[str]] = {}
    for text in texts:
        for token in analyzer(text, chars=True):
            counts[token.text] += 1
            spellings.setdefault(token.text, []).append(text[token.startchar : token.endchar])
    found: dict[str, str] = {}
    for word in dict.fromkeys(WORD.findall(normalize_text(question))):
        own = _terms(word)
        if len(word) < MIN_WORD or not own or own & (counts.keys() | _question_terms()):
            continue
        if is_known(word):
            continue
        term = corrected_term(word.lower(), _stem_spelling(), lambda t: counts.get(t, 0))
        spelling = _closest(word, term, spellings[term]) if term is not None else None
        if spelling is not None:
            found[word] = spelling
    return found


def respelt(text: str, found: dict[str, str]) -> str:
    """text with each misspelt word (found by respellings) replaced where it is a whole word."""
    for word, spelling in found.items():
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", spelling, text)
    return text


def _closest(word: str, term: str, spellings: list[str]) -> str | None:
    """The spelling one edit from word that has the term: as the texts write it if they do;
    else, if the term is nearly all of word, with word's first letter („Passort“ → „Passwort“
    where the texts only have „Passwörter“); else None („gestern“ is not „geltern“ because
    „gelten“ is in the texts)."""
    stem = _stem_spelling()
    near = sorted(edit for edit in one_edit_away(word.lower()) if stem(edit) == term)
    written = {spelling.lower(): spelling for spelling in spellings}
    in_texts = [written[edit] for edit in near if edit in written]
    if in_texts:
        return in_texts[0]
    if not near or len(term) < len(word) - 1:
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
def _stem_spelling() -> Callable[[str], str]:
    """The index's stemmer for single lowercase words."""
    stem: Callable[[str], str] = stemmer_for_language("de")
    return stem


@lru_cache(maxsize=1)
def _question_terms() -> frozenset[str]:
    """Question words as analysed terms."""
    return frozenset(_terms(INTERROGATIVES))
