"""Excerpts keep the sentences that answer the question, within the budget."""

from onboard.core.excerpts import best_excerpt

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
