"""Numbers in an answer that its sources do not contain: a fee, date or deadline the model made
up is the most harmful thing it can invent, so such an answer is not shown."""

import re

from onboard.core.citations import CITATION, cited_numbers

_DIGITS = re.compile(r"\d+")
# "1. Antrag stellen" / "2) Genehmigung": the model's own list numbering, not a claim
_LIST_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?])\s+|\n+")


def digit_runs(text: str) -> set[str]:
    """The runs of digits in text without leading zeros: „7.00 Uhr“ → {"7", "0"},
    „900,00 €“ → {"900", "0"}, so that „7 Uhr“ and „900 €“ match them."""
    return {run.lstrip("0") or "0" for run in _DIGITS.findall(text)}


def invented_numbers(text: str, sources: dict[int, str], question: str = "") -> list[str]:
    """Numbers of the answer that stand neither in the sources its sentence cites nor in the
    question. A sentence without a citation is checked against every source the answer
    cites; citation markers and list numbering do not count. Sorted, without repeats."""
    valid = sources.keys()
    cited_anywhere = cited_numbers(text, valid=valid)
    allowed_anyway = digit_runs(question)
    invented: set[str] = set()
    for sentence in _SENTENCE_END.split(_LIST_NUMBER.sub(" ", text)):
        claimed = digit_runs(CITATION.sub(" ", sentence)) - allowed_anyway
        if not claimed:
            continue
        cited = cited_numbers(sentence, valid=valid) or cited_anywhere
        known = set().union(*(digit_runs(sources[n]) for n in cited)) if cited else set()
        invented |= claimed - known
    return sorted(invented, key=int)
