"""A number in an answer must stand in the source it cites (or in the question)."""

import pytest

from onboard.core.answer_numbers import digit_runs, invented_numbers, known_numbers

SOURCES = {
    1: "Einzelkarte (< 18 Jahre) 3,00 €. Freien Eintritt haben Kinder unter 5 Jahren.",
    2: "Eltern-/Kind-Saisonkarte: Saisonkarte Erwachsene + 10 €/Kind.",
    3: "Die Gehwege müssen werktags bis 7.00 Uhr geräumt sein.",
}


def test_digit_runs_ignore_leading_zeros_and_decimal_places() -> None:
    assert digit_runs("900,00 € ab 07.00 Uhr") == {"900", "0", "7"}
    assert digit_runs("ohne Zahl") == set()


@pytest.mark.parametrize(
    "answer",
    [
        "Eine Einzelkarte für Kinder kostet 3 Euro [1].",
        "Unter 5 Jahren ist der Eintritt frei [1]. Sonst zahlen Kinder 3,00 € [1].",
        "Bis 7 Uhr [3].",
        "Bis 7:00 Uhr [3].",
        "1. Karte kaufen [1].\n2. Ins Wasser gehen [1].",  # list numbering is no claim
        "Die Karte kostet 3 € [1]. Für 2 Kinder zahlen Sie doppelt.",  # 2 from the question
        "Kinder zahlen 3 € [1, 2]. Die Saisonkarte kostet 10 € mehr je Kind.",
    ],
)
def test_numbers_found_in_the_cited_sources_pass(answer: str) -> None:
    assert invented_numbers(answer, SOURCES, "Was kostet der Eintritt für 2 Kinder?") == []


def test_a_number_only_in_a_source_not_cited_counts_as_invented() -> None:
    assert invented_numbers("Die Eintrittskarte für Kinder ist [1] 10 Euro.", SOURCES) == ["10"]


def test_a_sentence_without_citation_is_checked_against_the_cited_sources() -> None:
    answer = "Eine Einzelkarte kostet 3 € [1]. Die Saisonkarte kostet 40 €."
    assert invented_numbers(answer, SOURCES) == ["40"]


def test_every_invented_number_is_named_once_in_order() -> None:
    answer = "Kinder zahlen 12 € [1]. Erwachsene 120 € [1], Gruppen 12 € [3]."
    assert invented_numbers(answer, SOURCES) == ["12", "120"]


def test_numbers_the_source_spells_out_count_as_stated() -> None:
    assert known_numbers("Bücher vier Wochen, am ersten Tag, zwölf Monate") >= {"4", "1", "12"}
    assert known_numbers("Vierzig Stunden; die dritte Mahnung") >= {"40", "3"}
    assert "4" not in known_numbers("Viertel nach acht")  # "Viertel" is no four
    sources = {1: "Bücher dürfen vier Wochen ausgeliehen werden."}
    assert invented_numbers("Bücher dürfen Sie 4 Wochen ausleihen [1].", sources) == []
    assert invented_numbers("Bücher dürfen Sie 6 Wochen ausleihen [1].", sources) == ["6"]


@pytest.mark.parametrize(
    ("answer", "invented"),
    [
        ("Ab dem zweiten Krankheitstag brauchen Sie einen Arzt [1].", ["zweiten"]),
        ("Die Frist beträgt acht Tage [1].", ["acht"]),
        ("Spätestens am vierten Kalendertag [1].", []),  # the source says it in words
        ("Nach 4 Kalendertagen [1].", []),
        ("Es gibt zwei Arten von Bescheinigungen [1].", []),  # may count what a source lists
        ("Achten Sie auf die Frist [1]. Melden Sie sich am ersten Tag [1].", []),
    ],
)
def test_spelt_out_amounts_of_time_or_money_in_the_answer_are_checked_too(
    answer: str, invented: list[str]
) -> None:
    sources = {
        1: "Dauert sie länger als drei Kalendertage, gilt: spätestens am vierten Kalendertag."
    }
    assert invented_numbers(answer, sources) == invented


@pytest.mark.parametrize(
    ("answer", "invented"),
    [
        ("Die Sprechstunde ist dienstags von 9 bis 12 Uhr [1].", []),  # inside the range
        ("Die Sprechstunde ist am Freitag [1].", ["Freitag"]),
        ("Der Resturlaub verfällt am 31. März [1].", []),
        ("Der Resturlaub verfällt am 31. Mai [1].", ["Mai"]),
        ("Am Samstag ist geschlossen [1].", []),  # the question names it
    ],
)
def test_weekdays_and_months_must_stand_in_the_cited_source_too(
    answer: str, invented: list[str]
) -> None:
    sources = {1: "Sprechstunde montags bis donnerstags 9:00 bis 12:00 Uhr. Bis 31. März."}
    assert invented_numbers(answer, sources, "Ist am Samstag offen?") == invented


def test_a_source_names_the_days_of_its_ranges() -> None:
    assert known_numbers("Montag–Mittwoch und sonnabends, im Mai") >= {
        "montag", "dienstag", "mittwoch", "samstag", "mai"
    }  # fmt: skip
    assert "freitag" not in known_numbers("montags bis donnerstags")
