"""Spellings one edit away and the index term a misspelt word most likely meant."""

from onboard.core.typos import corrected_term, one_edit_away, with_umlauts

FREQUENCIES = {"kantin": 12, "krankmeld": 30, "vergess": 4, "vergeb": 9}


def _stem(word: str) -> str:
    """A toy stemmer for the tests: drops the endings -ung, -e and -en."""
    for ending in ("ung", "en", "e"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


def test_one_edit_covers_left_out_swapped_doubled_and_replaced_letters() -> None:
    edits = one_edit_away("kantine")
    assert {"kantne", "katnine", "kanttine", "kantone", "kantinen"} <= edits
    assert "kantine" not in edits
    assert not any(edit.startswith("l") for edit in edits)  # the first letter stays
    assert "kanntiene" not in edits  # two edits


def test_the_most_frequent_neighbour_in_the_index_wins() -> None:
    frequency = lambda term: FREQUENCIES.get(term, 0)  # noqa: E731
    assert corrected_term("kantiene", _stem, frequency) == "kantin"
    assert corrected_term("krankmeldnug", _stem, frequency) == "krankmeld"  # via the stem
    assert corrected_term("vergesen", _stem, frequency) == "vergeb"  # both one edit away
    assert corrected_term("fahrradleasing", _stem, frequency) is None


def test_umlauts_typed_as_two_letters_are_written_as_umlauts() -> None:
    assert with_umlauts("Gebuehrenerhoehung") == "Gebührenerhöhung"
    assert with_umlauts("Uebersetzer") == "Übersetzer"
    assert with_umlauts("Kantine") == "Kantine"
