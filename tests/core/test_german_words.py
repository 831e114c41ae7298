"""The German dictionary that tells a real word from a typing error."""

import pytest

from onboard.core import german_words
from onboard.core.german_words import is_german_word


def test_real_words_are_known_in_any_case_and_typing_errors_are_not() -> None:
    assert is_german_word("gelehrt")
    assert is_german_word("Kantine")
    assert is_german_word("BELÄSTIGT")
    assert not is_german_word("Kantiene")
    assert not is_german_word("Krankmeldnug")
    assert not is_german_word("Passort")


def test_only_words_of_six_letters_or_more_are_kept() -> None:
    words = german_words.german_words()
    assert len(words) > 300_000
    assert min(len(word) for word in words) == 6
    assert not is_german_word("Haus")
    assert german_words.german_words() is words  # loaded once


def test_without_a_readable_word_list_no_word_counts_as_known(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A damaged installation: typing errors are then corrected as if there were no list."""

    def missing(**options: object) -> None:
        raise ValueError("The provided dictionary language (de) does not exist!")

    monkeypatch.setattr(german_words, "SpellChecker", missing)
    german_words._loaded.cache_clear()
    try:
        assert not is_german_word("gelehrt")
        assert "Deutsche Wortliste nicht lesbar" in caplog.text
    finally:
        german_words._loaded.cache_clear()
