"""Words found by their endings."""

from onboard.core.word_endings import WordEndings


def test_words_ending_with_a_term_and_long_enough() -> None:
    endings = WordEndings(["urlaub", "erholungsurlaub", "sonderurlaub", "urlaubsantrag", "laub"])
    assert sorted(endings.ending_with("urlaub", extra=4)) == ["erholungsurlaub", "sonderurlaub"]
    assert endings.ending_with("urlaub", extra=7) == ["erholungsurlaub"]
    assert endings.ending_with("antrag", extra=4) == ["urlaubsantrag"]
    assert endings.ending_with("zeit", extra=1) == []
