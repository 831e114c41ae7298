"""Compact excerpts: the sentences of a passage that matter most for a question."""

import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import Analyzer

from onboard.core.fulltext import INTERROGATIVES, german_analyzer

# A sentence ends at . ! ? after a word and before a space (not inside 430.000 or 01.02.2026,
# not after "31." or a list's "2.") or at a line end.
_SENTENCE = re.compile(r"[^\n]*?(?:(?<=[^\d\s])[.!?]+(?=\s|$)|\n|$)")
# A period after a single letter or a common abbreviation ("z. B.", "bzw.", "Tel.", "Art. 9
# DSGVO") does not end the sentence.
_ABBREVIATED = re.compile(
    r"(?:^|[\s(])(?:\w|bzw|ca|d\.h|evtl|ggf|inkl|max|min|Nr|Abs|Art|Ziff|gem|sog|Tel|Str|usw|vgl"
    r"|zzgl)\.$",
    re.IGNORECASE,
)

# A question word that is also in the source's title says little about where in the passage
# the answer is (the title is shown with the excerpt anyway).
TITLE_TERM_WEIGHT = 0.3
# Answers usually follow the sentence that names the question's terms: a window that starts
# with such a sentence wins a tie against one that starts earlier (half as much for a sentence
# that has a question term only inside a compound).
_LEAD_BONUS = 0.01
# A question term inside a longer word of the passage, or the other way round (German
# compounds: "lang" in "Mindestlänge", "urlaub" in "Urlaubstage"), counts this much. Measured
# on integreat (bench/RESULTS.md): gold words in the relevant page's excerpt 0.454 → 0.464.
PART_WEIGHT = 0.5
MIN_PART_CHARS = 4
# A window that leaves more than this share of its characters unused gets the start of the
# next sentence (_start_of): a short line such as „mehrere Aufgaben“ would otherwise stand
# alone. Measured on integreat (bench/RESULTS.md): gold words in the relevant page's excerpt
# 0.464 → 0.475 for 7 more characters per excerpt on average.
FOLLOW_SHARE = 0.5
# A section whose heading (other than the title) names a question term (see _named) starts
# with what it is about (the steps under "Urlaub beantragen", not the deadlines further
# down): the window from the passage's start counts those terms whole and gets this bonus, so
# it loses only to a window that covers more of the question. Measured on the demo questions
# (bench/RESULTS.md).
HEADING_START_BONUS = 0.25
# A heading word inside a question word names it only if it covers this share of it (_named).
NAMES_SHARE = 0.75
# From this many terms on, a passage may miss one of them and still name the question: everyday
# wording („pro Jahr“, „Homeoffice“, „verloren“) often has no counterpart in the text.
MISS_ALLOWED_FROM = 3
# Words that ask rather than name a topic ("Wann …", "Darf ich …", "Wie viele …"): a passage
# need not contain them to be about the question (names_the_question).
QUESTION_WORDS = INTERROGATIVES + (
    " darf dürfen kann können muss müssen soll sollen will wollen "
    "möchte habe hat haben sein ist sind werden wird worden wurde viel viele tun tue machen "
    "mache gibt geben bekomme bekommen brauche brauchen nun genau eigentlich denn gerne"
)


def best_excerpt(
    text: str, question: str, *, max_chars: int, title: str = "", heading: str = ""
) -> str:
    """The contiguous run of sentences (at most max_chars) covering the most question terms.

    Each distinct term counts once per window, terms of the title count less, terms found only
    inside a compound count half, and sentences that only repeat the title count nothing
    (measured on integreat: share of the gold answer's words inside the excerpt of the
    relevant page 0.391 → 0.427 at 180 characters). `heading` is the heading of the section
    the passage starts (empty if none): it counts for the window from the start.
    """
    if len(text) <= max_chars:
        return text.strip()
    analyzer = _analyzer()
    wanted = {token.text for token in analyzer(question)}
    title_terms = {token.text for token in analyzer(title)}
    sentences = _sentences(text)
    matched = [
        _Match(set(), set()) if _repeats(title, s) else _match(_terms(analyzer, s), wanted)
        for s in sentences
    ]
    named_by_heading = (
        set() if _repeats(title, heading) else _named(_terms(analyzer, heading), wanted)
    )

    def weight(term: str) -> float:
        return TITLE_TERM_WEIGHT if term in title_terms else 1.0

    best_start, best_end, best_score = 0, 0, -1.0
    for start in range(len(sentences)):
        length, whole, parts, end = 0, set[str](), set[str](), start
        while end < len(sentences) and length + len(sentences[end]) <= max_chars:
            length += len(sentences[end])
            whole |= matched[end].whole
            parts |= matched[end].parts
            end += 1
        if end == start:
            continue
        named_start = start == 0 and bool(named_by_heading)
        if named_start:
            whole |= named_by_heading
        score = sum(weight(term) for term in whole)
        score += PART_WEIGHT * sum(weight(term) for term in parts - whole)
        score += matched[start].lead_bonus() + (HEADING_START_BONUS if named_start else 0.0)
        if score > best_score:
            best_start, best_end, best_score = start, end, score
    if best_end == best_start:
        return text[:max_chars].rsplit(" ", 1)[0].strip() + " …"
    chosen = [s.strip() for s in sentences[best_start:best_end]]
    room = max_chars - sum(len(s) for s in sentences[best_start:best_end])
    follow = _start_of(sentences[best_end], room, max_chars) if best_end < len(sentences) else ""
    excerpt = " ".join([*chosen, follow] if follow else chosen)
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if best_end < len(sentences) else ""
    return f"{prefix}{excerpt}{suffix}"


def _start_of(sentence: str, room: int, max_chars: int) -> str:
    """As much of the sentence after the window as fits in the room left, cut at a word end;
    empty unless the window leaves more than FOLLOW_SHARE of max_chars unused."""
    cut = sentence.strip()[: room + 1]
    if room <= FOLLOW_SHARE * max_chars or " " not in cut:
        return ""
    return cut.rsplit(" ", 1)[0].strip()


def _sentences(text: str) -> list[str]:
    """The passage's sentences and lines, abbreviations kept inside their sentence."""
    sentences: list[str] = []
    for match in _SENTENCE.finditer(text):
        piece = match.group(0)
        if sentences and _ABBREVIATED.search(sentences[-1]) and not sentences[-1].endswith("\n"):
            sentences[-1] += piece
        elif piece.strip():
            sentences.append(piece)
    return [sentence for sentence in sentences if sentence.strip()]


@dataclass(frozen=True)
class _Match:
    """The question terms a sentence names: as whole words, or only as parts of words."""

    whole: set[str]
    parts: set[str]

    def lead_bonus(self) -> float:
        """Tie-break for a window starting here: a whole question word beats a word part."""
        if self.whole:
            return _LEAD_BONUS
        return _LEAD_BONUS / 2 if self.parts else 0.0


def _match(terms: set[str], wanted: set[str]) -> _Match:
    """Which wanted terms a sentence's terms contain whole, and which only inside a word."""
    whole = terms & wanted
    long_terms = [term for term in terms if len(term) >= MIN_PART_CHARS]
    parts = {
        want
        for want in wanted - whole
        if len(want) >= MIN_PART_CHARS and any(want in term or term in want for term in long_terms)
    }
    return _Match(whole, parts)


def _named(terms: set[str], wanted: set[str]) -> set[str]:
    """The wanted terms that some of the terms name (used for a section's heading).

    A term names a wanted one when it is the same word, a compound containing it ("meld" in
    "anmeld") or nearly all of it (an inflection: "verfall" for "verfallt"), but not when it is
    a much shorter part ("bildschirmarbeit" does not name "bildschirmarbeitsplatzbrill").
    """
    return {
        want
        for want in wanted
        for term in terms
        if want == term
        or (len(want) >= MIN_PART_CHARS and want in term)
        or (len(term) >= MIN_PART_CHARS and term in want and len(term) >= NAMES_SHARE * len(want))
    }


def names_the_question(text: str, question: str) -> bool:
    """Whether text names the terms of the question other than question words ("wann",
    "darf", "viele"), each as a whole word or inside a compound: all of them, or all but one
    when there are at least MISS_ALLOWED_FROM of them; False if only question words remain."""
    named, wanted = _question_terms_named(text, question)
    allowed = 1 if wanted >= MISS_ALLOWED_FROM else 0
    return wanted > 0 and wanted - named <= allowed


def names_enough_of_the_question(text: str, question: str, *, at_least: int = 2) -> bool:
    """Whether text names at least that many terms of the question other than question words
    (whole or inside a compound), or all of them if the question has fewer."""
    named, wanted = _question_terms_named(text, question)
    return named > 0 and named >= min(at_least, wanted)


def _question_terms_named(text: str, question: str) -> tuple[int, int]:
    """How many of the question's terms (question words left out) text names, whole or
    inside a compound, and how many there are."""
    analyzer = _analyzer()
    wanted = _terms(analyzer, question) - _question_terms()
    matched = _match(_terms(analyzer, text), wanted)
    return len(matched.whole | matched.parts), len(wanted)


def analysed_terms(text: str) -> set[str]:
    """The analysed (stemmed, lowercased) terms of a text, to compare with terms_not_in."""
    return _terms(_analyzer(), text)


def terms_not_in(text: str, known: set[str]) -> dict[str, str]:
    """The terms of text (MIN_PART_CHARS letters or more, question words left out) that the
    known terms (analysed_terms) name neither whole nor inside a word, each with the first
    word of text it came from."""
    words: dict[str, str] = {}
    for token in _analyzer()(text, chars=True):
        if len(token.text) >= MIN_PART_CHARS and token.text not in _question_terms():
            words.setdefault(token.text, text[token.startchar : token.endchar])
    matched = _match(known, set(words))
    return {term: word for term, word in words.items() if term not in matched.whole | matched.parts}


def _terms(analyzer: Analyzer, sentence: str) -> set[str]:
    """The analysed (stemmed, lowercased) terms of a sentence."""
    return {token.text for token in analyzer(sentence)}


def _repeats(title: str, sentence: str) -> bool:
    """Whether a sentence is nothing but the title again."""
    normalised = title.strip().lower().rstrip(".")
    return bool(normalised) and sentence.strip().lower().rstrip(".") == normalised


@lru_cache(maxsize=1)
def _analyzer() -> Analyzer:
    """One shared German analyzer."""
    return german_analyzer()


@lru_cache(maxsize=1)
def _question_terms() -> frozenset[str]:
    """QUESTION_WORDS as analysed terms."""
    return frozenset(_terms(_analyzer(), QUESTION_WORDS))
