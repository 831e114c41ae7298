"""Numbers in an answer that its sources do not contain: a fee, date or deadline the model made
up is the most harmful thing it can invent, so such an answer is not shown."""

import re

from onboard.core.citations import CITATION, SENTENCE_END, cited_numbers

_DIGITS = re.compile(r"\d+")
# "1. Antrag stellen" / "2) Genehmigung": the model's own list numbering, not a claim
_LIST_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s", re.MULTILINE)


# Numbers a source may spell out that an answer writes as digits („vier Wochen“ → „4 Wochen“,
# „am ersten Tag“ → „am 1. Tag“); "ein" counts as 1.
_NUMBER_WORDS = {
    "ein": 1, "eins": 1, "erst": 1, "zwei": 2, "zweit": 2, "drei": 3, "dritt": 3, "vier": 4,
    "viert": 4, "fünf": 5, "fünft": 5, "sechs": 6, "sechst": 6, "sieben": 7, "siebt": 7,
    "acht": 8, "neun": 9, "neunt": 9, "zehn": 10, "zehnt": 10, "elf": 11, "elft": 11,
    "zwölf": 12, "zwölft": 12, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50,
    "sechzig": 60, "hundert": 100, "tausend": 1000,
}  # fmt: skip
_NUMBER_WORD = re.compile(
    r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")(?:e[mnrs]?|s)?\b",
    re.IGNORECASE,
)

# A spelt-out number before a unit of time or money („vierten Kalendertag“, „sechs Monaten“).
_SPELT_AMOUNT = re.compile(
    _NUMBER_WORD.pattern
    + r"(?=\s+\w*(?:tag|woche|monat|jahr|stunde|minute|euro|cent|prozent|uhr)(?:e|en|es|n|s)?\b)",
    re.IGNORECASE,
)


def digit_runs(text: str) -> set[str]:
    """The runs of digits in text without leading zeros: „7.00 Uhr“ → {"7", "0"},
    „900,00 €“ → {"900", "0"}, so that „7 Uhr“ and „900 €“ match them."""
    return {run.lstrip("0") or "0" for run in _DIGITS.findall(text)}


def known_numbers(text: str) -> set[str]:
    """The numbers a source or question states, in digits or as words (digit_runs)."""
    spelt = {str(_NUMBER_WORDS[word.lower()]) for word in _NUMBER_WORD.findall(text)}
    return digit_runs(text) | spelt


def invented_numbers(text: str, sources: dict[int, str], question: str = "") -> list[str]:
    """Numbers of the answer, in digits or spelt out („am zweiten Tag“), that stand neither
    in the sources its sentence cites nor in the question, as the answer writes them. A
    sentence without a citation is checked against every source the answer cites; citation
    markers and list numbering do not count. Sorted by value, without repeats."""
    valid = sources.keys()
    cited_anywhere = cited_numbers(text, valid=valid)
    allowed_anyway = known_numbers(question)
    invented: dict[str, int] = {}
    for sentence in SENTENCE_END.split(_LIST_NUMBER.sub(" ", text)):
        claimed = {
            written: value
            for written, value in _claims(CITATION.sub(" ", sentence)).items()
            if str(value) not in allowed_anyway
        }
        if not claimed:
            continue
        cited = cited_numbers(sentence, valid=valid) or cited_anywhere
        known = set().union(*(known_numbers(sources[n]) for n in cited)) if cited else set()
        invented.update({w: v for w, v in claimed.items() if str(v) not in known})
    return sorted(invented, key=lambda written: (invented[written], written))


def _claims(sentence: str) -> dict[str, int]:
    """The numbers a sentence states, as written → value: digit runs, and spelt-out numbers
    that count a time or an amount („am zweiten Krankheitstag“, „drei Wochen“, „zehn Euro“);
    others („zwei Arten“) may be the model counting what a source lists."""
    claims = {run: int(run) for run in digit_runs(sentence)}
    for match in _SPELT_AMOUNT.finditer(sentence):
        value = _NUMBER_WORDS[match.group(1).lower()]
        if value != 1:  # „ein“ is mostly the article, „ersten“ mostly a manner of speaking
            claims[match.group(0)] = value
    return claims
