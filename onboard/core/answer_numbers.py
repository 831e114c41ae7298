"""Numbers, weekdays and months in an answer that its sources do not contain: a fee, date or
deadline the model made up is the most harmful thing it can invent, so such an answer is not
shown."""

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


_WEEKDAYS = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
_MONTHS = [
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "dezember",
]  # fmt: skip
_DAY = r"(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)s?"
_DATE_NAME = re.compile(r"\b(?:" + _DAY + r"|(" + "|".join(_MONTHS) + r"))\b", re.IGNORECASE)
# „montags bis donnerstags“, „Montag–Freitag“: every day in between is named too
_DAY_RANGE = re.compile(_DAY + r"\s*(?:bis|–|-)\s*" + _DAY, re.IGNORECASE)


def known_numbers(text: str) -> set[str]:
    """The numbers a source or question states, in digits or as words (digit_runs), and the
    weekdays (with those inside a range) and months it names, in lower case."""
    spelt = {str(_NUMBER_WORDS[word.lower()]) for word in _NUMBER_WORD.findall(text)}
    return digit_runs(text) | spelt | set(_date_names(text).values()) | _days_in_ranges(text)


def _date_names(text: str) -> dict[str, str]:
    """Weekdays and months as written → lower-case name („montags“ → „montag“)."""
    return {
        match.group(0): _day(match.group(1)) if match.group(1) else match.group(2).lower()
        for match in _DATE_NAME.finditer(text)
    }


def _days_in_ranges(text: str) -> set[str]:
    """The weekdays inside „Montag bis Donnerstag“ ranges."""
    days: set[str] = set()
    for match in _DAY_RANGE.finditer(text):
        first, last = (_WEEKDAYS.index(_day(name)) for name in match.groups())
        days.update(_WEEKDAYS[first : last + 1])
    return days


def _day(name: str) -> str:
    """A weekday's name in lower case, Sonnabend as Samstag."""
    name = name.lower()
    return "samstag" if name == "sonnabend" else name


def invented_numbers(text: str, sources: dict[int, str], question: str = "") -> list[str]:
    """Numbers (in digits or spelt out: „am zweiten Tag“), weekdays and months of the answer
    that stand neither in the sources its sentence cites nor in the question, as the answer
    writes them. A sentence without a citation is checked against every source the answer
    cites; citation markers and list numbering do not count. Numbers first by value, then
    names; without repeats."""
    valid = sources.keys()
    cited_anywhere = cited_numbers(text, valid=valid)
    allowed_anyway = known_numbers(question)
    invented: dict[str, str] = {}
    for sentence in SENTENCE_END.split(_LIST_NUMBER.sub(" ", text)):
        claimed = {
            written: value
            for written, value in _claims(CITATION.sub(" ", sentence)).items()
            if value not in allowed_anyway
        }
        if not claimed:
            continue
        cited = cited_numbers(sentence, valid=valid) or cited_anywhere
        known = set().union(*(known_numbers(sources[n]) for n in cited)) if cited else set()
        invented.update({w: v for w, v in claimed.items() if v not in known})
    return sorted(invented, key=lambda written: _order(invented[written], written))


def _order(value: str, written: str) -> tuple[int, int, str]:
    """Numbers by value before names."""
    return (0, int(value), written) if value.isdigit() else (1, 0, written)


def _claims(sentence: str) -> dict[str, str]:
    """What a sentence states, as written → value: digit runs, spelt-out numbers that count a
    time or an amount („am zweiten Krankheitstag“, „drei Wochen“, „zehn Euro“; others such as
    „zwei Arten“ may be the model counting what a source lists), weekdays and months."""
    claims = {run: run for run in digit_runs(sentence)}
    for match in _SPELT_AMOUNT.finditer(sentence):
        value = _NUMBER_WORDS[match.group(1).lower()]
        if value != 1:  # „ein“ is mostly the article, „ersten“ mostly a manner of speaking
            claims[match.group(0)] = str(value)
    claims.update(_date_names(sentence))
    return claims
