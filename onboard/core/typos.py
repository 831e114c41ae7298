"""Typing errors in a question: the index term a misspelt word most likely meant."""

from collections.abc import Callable

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüß"
# Shorter words have too many neighbours one edit away („Laden“, „Faden“, „Daten“).
MIN_WORD = 6


def one_edit_away(word: str) -> set[str]:
    """Every spelling one edit from word: a letter left out, doubled or swapped with its
    neighbour, replaced or added; the first letter stays (it is rarely the one mistyped)."""
    splits = [(word[:cut], word[cut:]) for cut in range(1, len(word) + 1)]
    left_out = {head + tail[1:] for head, tail in splits if tail}
    swapped = {head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1}
    replaced = {head + letter + tail[1:] for head, tail in splits if tail for letter in LETTERS}
    added = {head + letter + tail for head, tail in splits for letter in LETTERS}
    return (left_out | swapped | replaced | added) - {word}


def corrected_term(
    word: str, stem: Callable[[str], str], frequency: Callable[[str], int]
) -> str | None:
    """The index term of the spelling one edit from word that occurs in most chunks
    (frequency 0: not in the index), or None when there is none.

    Spellings are stemmed before the lookup, so an error in an ending is found too
    („krankmeldnug“ → „krankmeld“, the stem of „Krankmeldung“)."""
    counted = {
        term: frequency(term) for term in {stem(spelling) for spelling in one_edit_away(word)}
    }
    found = [(count, term) for term, count in counted.items() if count > 0]
    return max(found)[1] if found else None
