"""Citation markers: invalid numbers never reach the reader, even mid-stream."""

import pytest

from onboard.core.citations import (
    CitationFilter,
    cited_numbers,
    may_become_a_quote,
    quotes_sources,
    reattribute,
    says_something,
    support,
    without_repeats,
)


def _stream(text: str, *, valid: range, size: int) -> tuple[str, list[int]]:
    citation_filter = CitationFilter(valid=valid)
    pieces = [citation_filter.feed(text[i : i + size]) for i in range(0, len(text), size)]
    return "".join(pieces) + citation_filter.flush(), citation_filter.removed


def test_valid_markers_pass_and_invalid_ones_vanish_whatever_the_piece_size() -> None:
    text = "Die Kernzeit beginnt um 9 Uhr [1]. Freitags endet sie um 12 Uhr [7]. Siehe [2, 9]."
    for size in (1, 2, 3, 5, 100):
        shown, removed = _stream(text, valid=range(1, 4), size=size)
        assert (
            shown == "Die Kernzeit beginnt um 9 Uhr [1]. Freitags endet sie um 12 Uhr . Siehe [2]."
        )
        assert removed == [7, 9]


def test_brackets_that_are_not_markers_pass_unchanged() -> None:
    shown, removed = _stream("Siehe [Anlage A] und [x].", valid=range(1, 3), size=2)
    assert shown == "Siehe [Anlage A] und [x]." and removed == []


def test_an_unclosed_marker_at_the_end_is_dropped() -> None:
    shown, _ = _stream("Antwort [1", valid=range(1, 3), size=3)
    assert shown == "Antwort "


def test_cited_numbers_in_order_without_duplicates_or_invalid_ones() -> None:
    assert cited_numbers("a [2] b [1; 2] c [5]", valid=range(1, 4)) == [2, 1]
    assert cited_numbers("keine Quelle", valid=range(1, 4)) == []


def test_a_citation_of_the_wrong_source_is_pointed_at_the_supporting_one() -> None:
    sources = {
        1: "Die Kernzeit ist montags bis donnerstags von 9:00 bis 15:00 Uhr, freitags bis 12:00.",
        2: "Beim mobilen Arbeiten gelten dieselben Regeln wie im Büro.",
    }
    text, changes = reattribute("Die Kernzeit am Freitag endet um 12:00 Uhr [2]. Gut so.", sources)
    assert text == "Die Kernzeit am Freitag endet um 12:00 Uhr [1]. Gut so."
    assert changes == [(2, 1)]


def test_a_sentence_joining_two_sources_cites_both_instead_of_a_wrong_one() -> None:
    """The first-day answer of the demo: e-learning is in [2], the pledge in [3], while [1]
    only names the first day."""
    sources = {
        1: "Ihr erster Arbeitstag beginnt um 8:30 Uhr am Empfang im Erdgeschoss von Haus A.",
        2: "In den ersten vier Wochen: E-Learning Informationssicherheit abschließen.",
        3: "Am ersten Arbeitstag unterschreiben Sie die Verpflichtung auf die Vertraulichkeit.",
    }
    answer = (
        "Am ersten Arbeitstag brauche ich die E-Learning Informationssicherheit abschließen "
        "und die Vertraulichkeit unterschreiben. [1]"
    )
    text, changes = reattribute(answer, sources)
    assert text == answer.replace("[1]", "[2, 3]")
    assert changes == [(1, 2), (1, 3)]
    unsupported = "Die Kantine öffnet um 11:30 Uhr. [1]"  # no pair says that either
    assert reattribute(unsupported, sources) == (unsupported, [])


def test_a_supported_citation_stays() -> None:
    sources = {1: "Das Passwort hat zwölf Zeichen.", 2: "Das Passwort hat zwölf Zeichen."}
    text, changes = reattribute("Das Passwort hat zwölf Zeichen [2].", sources)
    assert text == "Das Passwort hat zwölf Zeichen [2]." and changes == []


def test_support_counts_numbers_and_long_words() -> None:
    assert support("Kernzeit bis 12 Uhr [1]", "Die Kernzeit endet um 12") == 1.0
    assert support("Kantine öffnet", "Parkplatz hinter Haus C") == 0.0


def test_a_citation_after_the_full_stop_belongs_to_the_sentence_before() -> None:
    sources = {1: "Freitags endet die Kernzeit um 12:00 Uhr.", 2: "Mobiles Arbeiten im Homeoffice."}
    text, changes = reattribute("Die Kernzeit am Freitag endet um 12:00 Uhr. [2]", sources)
    assert text == "Die Kernzeit am Freitag endet um 12:00 Uhr. [1]" and changes == [(2, 1)]


def test_a_number_with_a_full_stop_does_not_end_the_sentence() -> None:
    sources = {
        1: "Unterhaltsvorschuss gibt es für Kinder bis zum 12. Geburtstag.",
        2: "Zum Geburtstag gibt es Kuchen.",
    }
    answer = "Unterhaltsvorschuss gibt es für Kinder bis zum 12. Geburtstag [2]."
    text, changes = reattribute(answer, sources)
    assert text == answer.replace("[2]", "[1]") and changes == [(2, 1)]


def test_repeated_sentences_are_dropped() -> None:
    text = "Einleitung:\n1. [1] Urlaub soll erholen.\n2. [2] Urlaub soll erholen.\nEnde [1]."
    assert without_repeats(text) == "Einleitung:\n1. [1] Urlaub soll erholen.\nEnde [1]."


def test_an_answer_must_say_more_than_which_sources_exist() -> None:
    titles = ["Urlaub beantragen", "Kantine"]
    assert not says_something("[1] [2]", titles)
    assert not says_something("[1] Urlaub beantragen [2]: Kantine", titles)
    assert not says_something("Siehe [1].", titles)
    assert says_something("Urlaub beantragen Sie im Personalportal [1].", titles)
    assert says_something("Die Kantine öffnet um 11:30 Uhr [2].", titles)


def test_an_answer_must_say_more_than_the_question() -> None:
    question = "Wie sind die Öffnungszeiten von JiBB?"
    assert not says_something("Die Öffnungszeiten von JiBB sind [1].", [], question=question)
    assert not says_something("Wie sind die Öffnungszeiten von JiBB? [1]", [], question=question)
    assert says_something("Die Öffnungszeiten von JiBB: werktags 9 bis 12 Uhr [1].", [])
    assert says_something(
        "Die Öffnungszeiten von JiBB sind werktags 9 bis 12 Uhr [1].", [], question=question
    )
    yes = "Muss ich mich krank melden?"
    assert says_something("Ja, Sie müssen sich bis 9 Uhr krank melden [1].", [], question=yes)


SOURCES = {
    1: "Gefundene USB-Sticks stecken Sie nie an. Geben Sie sie beim Service-Desk ab.",
    2: "Resturlaub muss bis zum 31. März angetreten werden.",
}


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("„Gefundene USB-Sticks stecken Sie nie an.“ [1]", True),
        ("resturlaub muss bis zum 31. märz angetreten werden. [1, 2]", True),
        ("Stecken Sie nie an. [1] Geben Sie sie beim Service-Desk ab. [1]", True),
        ("[2] Resturlaub muss bis zum 31. März angetreten werden.", True),
        ("Resturlaub muss bis zum 31. Mai angetreten werden. [2]", False),
        ("Gefundene USB-Sticks stecken Sie nie an. [2]", False),
        ("[1]", False),
        ("Nie an. [1]", False),
        ("Gefundene USB-Sticks stecken Sie nie an. [1] Also nie.", False),
    ],
)
def test_a_quote_must_stand_word_for_word_in_the_source_it_cites(text: str, quoted: bool) -> None:
    assert quotes_sources(text, SOURCES) is quoted


def test_a_quote_cut_off_mid_sentence_is_not_a_quote() -> None:
    assert not quotes_sources("Geben Sie sie beim Service-Desk [1]", SOURCES)  # "… ab."
    assert quotes_sources("Geben Sie sie beim Service-Desk ab. [1]", SOURCES)
    lines = {1: "Sammelplätze\nHaus B, Bahnhofstraße 8\nParkplatz gegenüber dem Eingang\n"}
    assert quotes_sources("[1] Haus B, Bahnhofstraße 8 Parkplatz gegenüber dem Eingang", lines)


QUOTES = [
    "„Gefundene USB-Sticks stecken Sie nie an.“ [1]",
    "Stecken Sie nie an. [1] Geben Sie sie beim Service-Desk ab. [1]",
    "[2] Resturlaub muss bis zum 31. März angetreten werden.",
    "[1] Haus B, Bahnhofstraße 8\nParkplatz gegenüber dem Eingang",
]


@pytest.mark.parametrize("quote", QUOTES)
def test_no_start_of_an_accepted_quote_is_given_up(quote: str) -> None:
    sources = {
        **SOURCES,
        1: SOURCES[1] + "\nHaus B, Bahnhofstraße 8\nParkplatz gegenüber dem Eingang",
    }
    assert quotes_sources(quote, sources)
    for end in range(len(quote) + 1):
        assert may_become_a_quote(quote[:end], sources.values()), quote[:end]


@pytest.mark.parametrize(
    "start",
    [
        "Resturlaub muss bis zum 31. Mai ",  # a changed date
        "Geben Sie es beim ",  # one word changed
        "Stecken Sie nie an. [1] Also nie ",  # own words after a quote
        "Laut Quelle 2 muss Resturlaub ",  # an introduction of its own
    ],
)
def test_a_start_that_left_the_sources_words_cannot_become_a_quote(start: str) -> None:
    assert not may_become_a_quote(start, SOURCES.values())
