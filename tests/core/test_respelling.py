"""Misspelt question words respelt as the sources write them."""

import pytest

from onboard.core import respelling
from onboard.core.respelling import respellings, respelt

TEXTS = [
    "Benutzerkonto und Passwörter Regeln für Kennwörter Ein Passwort hat mindestens 12 Zeichen.",
    "Gleitzeit Kernzeit Die Kernzeit ist von 9 bis 15 Uhr.",
]


def _unknown(word: str) -> bool:
    return False


def test_a_word_one_typing_error_away_is_respelt_as_the_texts_write_it() -> None:
    found = respellings("Wie lang muss mein Passort sein? Wann ist Kernzet?", TEXTS, _unknown)
    assert found == {"Passort": "Passwort", "Kernzet": "Kernzeit"}
    assert respelt("Passort? passort, Passorte", found) == "Passwort? passort, Passorte"


def test_the_question_keeps_its_own_inflection_where_the_texts_have_another() -> None:
    texts = ["Passwörter ändern Sie im Portal."]
    assert respellings("Wie ändere ich mein Pasword?", texts, _unknown) == {}  # two errors
    assert respellings("Wie ändere ich mein Passwrt?", texts, _unknown) == {"Passwrt": "Passwort"}


def test_known_short_and_question_words_stay() -> None:
    assert respellings("Kernzet", TEXTS, lambda word: True) == {}  # the index has the word
    assert respellings("Wann ist die Kernzeit?", TEXTS, _unknown) == {}  # spelt right
    assert respellings("Wo ist die Krnzeit?", ["Kernzeit"], _unknown) == {"Krnzeit": "Kernzeit"}
    assert respellings("Wo ist Kanne?", ["Kante"], _unknown) == {}  # five letters
    assert respellings("Worauf achte ich?", ["Woraus"], _unknown) == {}  # a question word


def test_a_word_of_the_german_dictionary_is_no_typing_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """„gelehrt“ is one edit from „geleert“, but a word of its own."""
    texts = ["Der Kühlschrank wird freitags geleert."]
    assert respellings("Was wird in der Samstagsschule gelehrt?", texts, _unknown) == {}
    monkeypatch.setattr(respelling, "is_german_word", lambda word: False)
    found = respellings("Was wird in der Samstagsschule gelehrt?", texts, _unknown)
    assert found == {"gelehrt": "geleert"}


def test_no_made_up_word_when_only_a_short_stem_is_near(monkeypatch: pytest.MonkeyPatch) -> None:
    """„gestern“ → „geltern“ has the stem of „gelten“, but „geltern“ is no word of the texts
    (checked without the dictionary, which knows „gestern“ anyway)."""
    monkeypatch.setattr(respelling, "is_german_word", lambda word: False)
    assert respellings("hab gestern vergessen auszustempeln", ["Regeln gelten"], _unknown) == {}
