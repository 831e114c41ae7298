"""Typing errors in a question: the index term a misspelt word most likely meant."""

from collections.abc import Callable, Iterable

from whoosh.lang import stemmer_for_language

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüß"
# How umlauts are typed on a keyboard without them.
TRANSLITERATIONS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("Ae", "Ä"), ("Oe", "Ö"), ("Ue", "Ü"))
# Shorter words have too many neighbours one edit away („Laden“, „Faden“, „Daten“).
MIN_WORD = 6
# The index's stemmer for one lowercase word (Snowball German, as in the full-text analyzer).
german_stem: Callable[[str], str] = stemmer_for_language("de")


def one_edit_away(word: str) -> set[str]:
    """Every spelling one edit from word: a letter left out, doubled or swapped with its
    neighbour, replaced or added; the first letter stays (it is rarely the one mistyped)."""
    splits = [(word[:cut], word[cut:]) for cut in range(1, len(word) + 1)]
    left_out = {head + tail[1:] for head, tail in splits if tail}
    swapped = {head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1}
    replaced = {head + letter + tail[1:] for head, tail in splits if tail for letter in LETTERS}
    added = {head + letter + tail for head, tail in splits for letter in LETTERS}
    return (left_out | swapped | replaced | added) - {word}


def neighbour_terms(word: str, stem: Callable[[str], str]) -> dict[str, list[str]]:
    """The terms of the spellings one edit from word, each with its spellings (sorted).

    Spellings are stemmed, so an error in an ending finds the stem too („krankmeldnug“ →
    „krankmeldung“ → „krankmeld“)."""
    terms: dict[str, list[str]] = {}
    for spelling in sorted(one_edit_away(word)):
        terms.setdefault(stem(spelling), []).append(spelling)
    return terms


def most_frequent(terms: Iterable[str], frequency: Callable[[str], int]) -> str | None:
    """The term that occurs in most chunks (frequency 0: not in the index), or None."""
    found = [(count, term) for term in terms if (count := frequency(term)) > 0]
    return max(found)[1] if found else None


def corrected_term(
    word: str, stem: Callable[[str], str], frequency: Callable[[str], int]
) -> str | None:
    """The index term of the spelling one edit from word that occurs in most chunks, or None
    when there is none."""
    return most_frequent(neighbour_terms(word, stem), frequency)


def with_umlauts(word: str) -> str:
    """word with every ae, oe and ue written as ä, ö and ü („Gebuehrenerhoehung“ →
    „Gebührenerhöhung“); whether that is the word meant is for the caller to check."""
    for typed, umlaut in TRANSLITERATIONS:
        word = word.replace(typed, umlaut)
    return word
