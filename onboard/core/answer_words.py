"""Wording of an answer that stands neither in its sources nor in the question: a sentence
made of many such words was made up by the model."""

from onboard.core.citations import CITATION, SENTENCE_END
from onboard.core.excerpts import analysed_terms, terms_not_in

# From this many new terms in one sentence on, the sentence says what no source says.
# Measured on integreat and the demo (bench/RESULTS.md).
MIN_NEW_TERMS = 4
# Words with which the model joins what it found; they claim nothing of their own.
CONNECTING_WORDS = (
    "dass einschließlich sowie verschiedene verschiedenen unterschiedliche angegebenen genannten "
    "Quelle Quellen bietet bieten kannst solltest sollten verwenden verwendet wichtig wichtige "
    "Möglichkeit Möglichkeiten beispielsweise außerdem allerdings jedoch deshalb daher dabei "
    "weitere weiteren andere anderen einige finden findest erhalten erhältst Informationen "
    "Wörtlich Unterlagen"
)


def invented_wording(text: str, sources: dict[int, str], question: str = "") -> list[str]:
    """The words new to sources and question in the answer's sentence with the most of them,
    if that sentence has at least MIN_NEW_TERMS; else nothing."""
    known = analysed_terms(" ".join([question, CONNECTING_WORDS, *sources.values()]))
    most: list[str] = []
    for sentence in SENTENCE_END.split(text):
        new = list(terms_not_in(CITATION.sub(" ", sentence), known).values())
        if len(new) > len(most):
            most = new
    return most if len(most) >= MIN_NEW_TERMS else []
