"""Excerpts keep the sentences that answer the question, within the budget."""

import pytest

from onboard.core.excerpts import best_excerpt, names_enough_of_the_question, names_the_question

TEXT = (
    "Die Kantine liegt im Erdgeschoss von Haus B. "
    "Sie hat montags bis freitags geöffnet. "
    "Das Mittagessen kostet für Beschäftigte 4,80 Euro. "
    "Die Parkplätze hinter Haus C sind für Dienstwagen reserviert. "
    "Fahrräder stehen im Hof. "
) * 3


def test_short_text_is_returned_whole() -> None:
    assert best_excerpt("Kurz und gut.", "Frage?", max_chars=100) == "Kurz und gut."


def test_the_matching_sentences_are_chosen_within_the_budget() -> None:
    excerpt = best_excerpt(TEXT, "Was kostet das Mittagessen in der Kantine?", max_chars=160)
    assert "4,80 Euro" in excerpt
    assert len(excerpt) <= 160 + 4


WRAPPED = (
    "Standesamt\n"
    "Das Standesamt hat\n"
    "mehrere Aufgaben\n"
    ". Wenn ein Kind geboren wird, melden die Eltern die Geburt persönlich beim Standesamt, "
    "das sie dann beurkundet und eine Geburtsurkunde ausstellt.\n"
)


def test_a_short_line_gets_the_start_of_the_next_sentence() -> None:
    excerpt = best_excerpt(WRAPPED, "Welche Aufgaben hat es?", max_chars=120, title="Standesamt")
    assert excerpt.startswith("… mehrere Aufgaben . Wenn ein Kind geboren wird")
    assert excerpt.endswith(" …")
    assert len(excerpt) <= 120 + 4


def test_a_window_that_uses_most_of_its_budget_is_not_padded() -> None:
    excerpt = best_excerpt(TEXT, "Was kostet das Mittagessen in der Kantine?", max_chars=100)
    assert excerpt.endswith("4,80 Euro. …")


PAGE = (
    "Wissenswertes über den Kreis\n"
    "Wissenswertes über den Kreis\n"
    "Der Kreis liegt im Norden des Landes und grenzt an drei Nachbarkreise.\n"
    "Zahlen und Fakten\n"
    "Im Kreis leben rund 430.000 Menschen in 31 Städten und Gemeinden.\n"
    "Die Kreisverwaltung hat ihren Sitz in der Kreisstadt.\n"
)


def test_lines_that_only_repeat_the_title_do_not_win() -> None:
    question = "Wie viele Menschen leben im Kreis?"
    excerpt = best_excerpt(PAGE, question, max_chars=90, title="Wissenswertes über den Kreis")
    assert "430.000 Menschen" in excerpt


def test_a_term_repeated_in_many_sentences_counts_once() -> None:
    text = (
        "Die Kantine ist schön. Die Kantine ist hell. Die Kantine ist groß. "
        "Das Mittagessen in der Kantine kostet 4,80 Euro. "
        "Der Hof ist grün. Der Hof ist ruhig."
    )
    excerpt = best_excerpt(text, "Was kostet das Mittagessen in der Kantine?", max_chars=70)
    assert "4,80 Euro" in excerpt


def test_an_article_reference_stays_in_its_sentence() -> None:
    text = (
        "Die Grundregeln gelten für alle Daten. "
        "Besonders schützenswert sind nach Art. 9 DSGVO zum Beispiel Gesundheitsdaten. "
        "Der Hof ist grün. Der Hof ist ruhig. Die Kantine hat montags geöffnet."
    )
    excerpt = best_excerpt(text, "Welche Daten sind besonders schützenswert?", max_chars=80)
    sentence = "Besonders schützenswert sind nach Art. 9 DSGVO zum Beispiel Gesundheitsdaten."
    assert sentence in excerpt


def test_a_list_number_stays_with_its_item() -> None:
    text = (
        "So beantragen Sie Urlaub:\n"
        "1. Öffnen Sie das Zeitportal und wählen Sie „Abwesenheit beantragen“. "
        "2. Ihre Vertretung stimmt zu. 3. Die Führungskraft entscheidet bis zum 31. März. "
        "Danach ist der Urlaub eingetragen und Sie bekommen eine Nachricht."
    )
    excerpt = best_excerpt(text, "Wer entscheidet darüber?", max_chars=90)
    assert "3. Die Führungskraft entscheidet bis zum 31. März." in excerpt
    assert not excerpt.rstrip(" …").endswith(("2.", "3."))


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # the question's word inside a compound of the passage
        ("Wie viel Urlaub habe ich?", "Der Anspruch beträgt 30 Urlaubstage im Jahr."),
        # the passage's word inside a compound of the question
        ("Welche Mindestlänge gilt?", "Es muss mindestens 12 Zeichen lang sein."),
    ],
)
def test_a_word_inside_a_compound_chooses_the_sentence(question: str, answer: str) -> None:
    text = f"Die Kantine öffnet um acht Uhr. {answer} Parkplätze gibt es hinter dem Haus."
    assert best_excerpt(text, question, max_chars=50) == f"… {answer} …"


def test_a_whole_word_beats_the_same_word_inside_a_compound() -> None:
    text = "Die Mindestlänge steht im Portal. Ein langer Text folgt. Der lange Flur ist hell."
    excerpt = best_excerpt(text, "Wie lang ist der Flur?", max_chars=40)
    assert excerpt == "… Der lange Flur ist hell."


def test_a_window_starting_with_the_whole_word_wins_over_one_starting_with_a_part() -> None:
    text = (
        "Für Pausen gilt: nach sechs Stunden mindestens 30 Minuten Pause. "
        "Die Mittagspause können Sie frei legen, solange die Besetzung gesichert ist. "
        "Buchen Sie die Zeit im Zeitportal."
    )
    excerpt = best_excerpt(text, "Wo verbringe ich die Mittagspause?", max_chars=150)
    assert excerpt.startswith("… Die Mittagspause")


STEPS = (
    "1. Stellen Sie den Antrag im Zeitportal unter „Abwesenheit“. "
    "2. Ihre Führungskraft genehmigt ihn. "
    "Fristen: Urlaub beantragen Sie mindestens vier Wochen vorher. "
    "Buchen Sie Reisen erst danach."
)


def test_a_section_named_by_the_question_is_read_from_its_start() -> None:
    question = "Wie beantrage ich Urlaub?"
    assert "Fristen" in best_excerpt(STEPS, question, max_chars=110)
    excerpt = best_excerpt(STEPS, question, max_chars=110, heading="Urlaub beantragen")
    assert excerpt.startswith("1. Stellen Sie den Antrag")


def test_a_heading_that_is_only_the_title_changes_nothing() -> None:
    question = "Wie beantrage ich Urlaub?"
    title = "Urlaub beantragen"
    plain = best_excerpt(STEPS, question, max_chars=110, title=title)
    assert "Fristen" in plain
    assert best_excerpt(STEPS, question, max_chars=110, title=title, heading=title) == plain


def test_a_heading_naming_a_much_shorter_part_of_the_question_word_does_not_count() -> None:
    text = (
        "Stellen Sie Stuhl und Tisch richtig ein. Die Betriebsärztin berät Sie. "
        "Eine Bildschirmarbeitsplatzbrille bezahlt der Kreis bis 150 Euro."
    )
    question = "Bekomme ich eine Bildschirmarbeitsplatzbrille?"
    excerpt = best_excerpt(text, question, max_chars=80, heading="Bildschirmarbeit")
    assert "150 Euro" in excerpt


def test_a_window_covering_more_of_the_question_beats_the_named_section_start() -> None:
    question = "Wie viele Wochen vorher beantrage ich längeren Urlaub?"
    excerpt = best_excerpt(STEPS, question, max_chars=110, heading="Urlaub beantragen")
    assert "mindestens vier Wochen vorher" in excerpt


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("Wo darf ich rauchen?", True),  # question words need not appear; "Raucherbereich"
        ("Darf ich im Hof rauchen?", True),
        ("Darf ich im Büro rauchen?", False),  # "Büro" is not named
        ("Wo darf ich das?", False),  # nothing but question words
    ],
)
def test_a_passage_names_the_terms_of_a_question(question: str, named: bool) -> None:
    passage = "Kantine und Pausen: Geraucht wird nur in den Raucherbereichen im Hof."
    assert names_the_question(passage, question) is named


def test_an_abbreviation_does_not_end_the_sentence() -> None:
    """An excerpt never starts or stops inside "z. B." (before: "… eingeschränkt möglich, z. …")."""
    text = (
        "Priorität 3 heißt: Arbeit eingeschränkt möglich, z. B. ein Programm startet langsam. "
        "Die Reaktionszeit beträgt dann einen Arbeitstag. " + "Weitere Hinweise folgen. " * 8
    )
    excerpt = best_excerpt(text, "Was ist ein Beispiel für ein langsames Programm?", max_chars=90)
    assert excerpt.startswith("Priorität 3 heißt:") and "z. B. ein Programm startet" in excerpt


@pytest.mark.parametrize(
    ("text", "enough"),
    [
        ("Gefundene USB-Sticks stecken Sie nie an, benutzen Sie sie nicht.", True),
        ("Gefundene Schlüssel geben Sie an der Pforte ab.", False),  # one term of three
        ("Werfen Sie ihn in die graue Tonne.", False),
        ("Wann immer Sie wollen.", False),  # only a question word in common
    ],
)
def test_a_text_names_two_terms_of_the_question(text: str, enough: bool) -> None:
    question = "Wann darf ich einen gefundenen USB-Stick benutzen?"
    assert names_enough_of_the_question(text, question) is enough


def test_a_question_of_one_term_needs_only_that_one() -> None:
    assert names_enough_of_the_question("Die Kantine öffnet um 11:30 Uhr.", "Wo ist die Kantine?")
