"""Answer HTML: escaped text, [n] links only for existing sources, decline and error boxes."""

import dataclasses

from onboard.core.answer import EXTRACTIVE_NOTE, QUOTE_NOTE, AnswerResult, Citation
from onboard.gui.answer_panel import cited_note
from onboard.gui.rendering import (
    answer_html,
    cancelled_html,
    declined_html,
    error_html,
    linkify,
)
from onboard.gui.style import TONES, Tone

TONE = Tone("#111111", "#eeeeee", "#888888")


def result(answer: str) -> AnswerResult:
    """A declined result."""
    return AnswerResult(
        question="?",
        answer=answer,
        abstained=True,
        supported=False,
        extractive=False,
        citations=[],
        sources=[],
        timings={},
        model=None,
    )


def test_text_is_escaped_and_citations_become_links() -> None:
    """HTML in the answer is shown as text; [1] links to source:1, [9] of 2 sources does not."""
    html = linkify("<b>Urlaub</b> & Co. [1] und [9]", 2)
    assert "&lt;b&gt;Urlaub&lt;/b&gt; &amp; Co." in html
    assert '<a href="source:1" title="Quelle 1 öffnen">[1]</a>' in html
    assert "[9]" in html and "source:9" not in html


def test_a_marker_with_several_numbers_links_each() -> None:
    """[1, 2] links both numbers."""
    html = linkify("Siehe [1, 2].", 2)
    assert 'href="source:1"' in html and 'href="source:2"' in html


def test_extractive_answers_keep_the_note_and_one_paragraph_per_excerpt() -> None:
    """The core's extractive answer: note in italics, each excerpt a paragraph with its link."""
    text = f"{EXTRACTIVE_NOTE}\n[1] Urlaub: Anträge im Portal.\n[2] Gleitzeit: Kernzeit 9–15 Uhr."
    html = answer_html(text, 2)
    assert html.startswith(f"<p><i>{EXTRACTIVE_NOTE}</i></p>")
    assert html.count("<p>") == 3
    assert 'href="source:2"' in html


def test_a_quoted_sentence_keeps_its_note_apart() -> None:
    html = answer_html(f"{QUOTE_NOTE}\n[1] Ein Ersatz kostet 15 Euro.", 1)
    assert html.startswith(f'<p><i>{QUOTE_NOTE}</i></p><p><a href="source:1"')
    assert html.endswith("[1]</a> Ein Ersatz kostet 15 Euro.</p>") and html.count("<p>") == 2


def test_declined_box_names_the_contact() -> None:
    """The contact is bold inside the decline box."""
    html = declined_html(
        result(
            "Dazu steht nichts in den freigegebenen Unterlagen. Am ehesten weiß es: IT – Herr A."
        ),
        TONES[("declined", False)],
    )
    assert "Keine Antwort in den Unterlagen" in html
    assert "Am ehesten weiß es: <b>IT – Herr A</b>" in html
    assert TONES[("declined", False)].background in html


def test_error_and_cancelled_views() -> None:
    """The error message is escaped; a cancelled answer keeps its draft, marked incomplete."""
    assert "&lt;x&gt;" in error_html("<x>", TONE)
    assert "abgebrochen" in cancelled_html("", 0)
    draft = cancelled_html("Urlaub [1]", 1)
    assert "Unvollständiger Entwurf" in draft and 'href="source:1"' in draft


def test_the_state_line_names_a_citation_the_answer_has() -> None:
    """An answer that cites only [2] and [3] is not told to be opened through [1]."""
    cited = dataclasses.replace(
        result("Krank melden Sie sich bis 9 Uhr [2]; ab dem vierten Tag gilt [3]."),
        abstained=False,
        supported=True,
        citations=[Citation(n, n, "Krankmeldung", "Personalamt", "Abschnitt") for n in (3, 2)],
    )

    assert cited_note(cited) == (
        "Antwort aus 2 Quellen – ein Klick auf [2] öffnet die Stelle im Dokument."
    )


def test_a_decline_in_chosen_collections_says_where_it_searched() -> None:
    """The answer may be in a collection the filter left out: the box says so."""
    declined = dataclasses.replace(
        result("Dazu steht nichts in den freigegebenen Unterlagen."), searched=["IT"]
    )
    html = declined_html(declined, TONES[("declined", False)])
    assert "Gesucht wurde nur in der Sammlung „IT“. Mit „Alle Sammlungen“ oben" in html
    everywhere = declined_html(result("Dazu steht nichts …"), TONES[("declined", False)])
    assert "Gesucht wurde nur" not in everywhere
