"""Chunking keeps exact character ranges, headings, pages and overlap."""

from itertools import pairwise

from onboard.core.chunking import chunk_document, context_text
from onboard.core.documents import ParsedDocument, Section


def _document(*sections: Section) -> ParsedDocument:
    return ParsedDocument(title="Titel", format="text", sections=list(sections))


def test_chunk_text_is_the_exact_slice_of_the_full_text() -> None:
    document = _document(
        Section("Erster Satz. " * 120, ("Titel", "Teil A")),
        Section("Zweiter Teil. " * 30, ("Titel", "Teil B")),
    )
    chunks = chunk_document(document, target_chars=500, overlap_chars=80)
    assert len(chunks) > 3
    for chunk in chunks:
        assert document.full_text[chunk.char_start : chunk.char_end].strip() == chunk.text
        assert len(chunk.text) <= 500 * 1.5
    assert [c.seq for c in chunks] == list(range(len(chunks)))


def test_consecutive_chunks_of_one_section_overlap() -> None:
    document = _document(Section("Ein Satz steht hier. " * 100, ("Titel",)))
    chunks = chunk_document(document, target_chars=400, overlap_chars=100)
    assert chunks[1].char_start < chunks[0].char_end


def test_an_overlap_starts_at_a_table_row_not_at_a_value_inside_one() -> None:
    """Rows „Verkehrsmittel: …; Erstattung: …“: the next chunk begins with a whole row, so a
    rate is never read as belonging to the row after it."""
    rows = "".join(
        f"Verkehrsmittel: Fahrzeug {n}; Erstattung: 0,{n}0 Euro je Kilometer\n"
        for n in range(1, 10)
    )
    document = _document(Section(rows * 3, ("Titel",)))
    chunks = chunk_document(document, target_chars=400, overlap_chars=100)
    assert len(chunks) > 2
    for previous, chunk in pairwise(chunks):
        assert chunk.char_start < previous.char_end  # still overlapping
        assert chunk.text.startswith("Verkehrsmittel: "), chunk.text[:40]


def test_without_a_line_or_sentence_end_an_overlap_may_start_after_a_semicolon() -> None:
    clause = "die Behörde prüft den Antrag und entscheidet nach Lage der Akten; "
    document = _document(Section(clause * 30, ("Titel",)))
    chunks = chunk_document(document, target_chars=400, overlap_chars=100)
    assert chunks[1].char_start < chunks[0].char_end
    assert chunks[1].text.startswith("die Behörde")


def test_a_new_heading_starts_a_new_chunk_and_keeps_its_path() -> None:
    document = _document(
        Section("Gleitzeit gilt von sechs bis zwanzig Uhr. " * 10, ("Titel", "Gleitzeit")),
        Section("Die Kernzeit ist von neun bis fünfzehn Uhr.", ("Titel", "Kernzeit")),
    )
    chunks = chunk_document(document, target_chars=1000, overlap_chars=0)
    assert [c.heading_path for c in chunks] == [("Titel", "Gleitzeit"), ("Titel", "Kernzeit")]


def test_pdf_chunks_never_span_two_pages() -> None:
    document = ParsedDocument(
        title="Hausordnung",
        format="pdf",
        sections=[Section("Seite eins.", page=1), Section("Seite zwei.", page=2)],
    )
    chunks = chunk_document(document, target_chars=1000, overlap_chars=100)
    assert [(c.page, c.text) for c in chunks] == [(1, "Seite eins."), (2, "Seite zwei.")]


def test_an_endless_sentence_is_cut_at_word_boundaries() -> None:
    document = _document(Section("wort " * 1000, ()))
    chunks = chunk_document(document, target_chars=300, overlap_chars=0)
    assert all(len(c.text) <= 450 for c in chunks)
    assert all(not c.text.startswith("ort") for c in chunks)


def test_context_text_puts_title_and_headings_in_front() -> None:
    text = context_text("Urlaub", ("Urlaub", "Antrag"), "Der Antrag geht an die Leitung.")
    assert text == "Urlaub\nAntrag\nDer Antrag geht an die Leitung."


def test_short_sibling_sections_keep_their_own_chunks_and_headings() -> None:
    document = _document(
        Section("Kurz zur Gleitzeit.", ("Titel", "Gleitzeit")),
        Section("Kurz zur Kernzeit.", ("Titel", "Kernzeit")),
    )
    chunks = chunk_document(document, target_chars=1000, overlap_chars=0)
    assert [(c.heading_path, c.text) for c in chunks] == [
        (("Titel", "Gleitzeit"), "Kurz zur Gleitzeit."),
        (("Titel", "Kernzeit"), "Kurz zur Kernzeit."),
    ]


def test_a_short_section_start_takes_in_its_subsections() -> None:
    document = _document(
        Section("Zur Arbeitszeit.", ("Titel", "Arbeitszeit")),
        Section("Zur Gleitzeit.", ("Titel", "Arbeitszeit", "Gleitzeit")),
        Section("Zur Kernzeit.", ("Titel", "Arbeitszeit", "Kernzeit")),
    )
    chunks = chunk_document(document, target_chars=1000, overlap_chars=0)
    assert len(chunks) == 1
    assert chunks[0].heading_path == ("Titel", "Arbeitszeit")


def test_a_short_document_start_keeps_its_first_section_apart() -> None:
    for start in (("Titel",), ()):
        document = _document(
            Section("Einleitung.", start),
            Section("Zur Gleitzeit.", ("Titel", "Gleitzeit")),
        )
        chunks = chunk_document(document, target_chars=1000, overlap_chars=0)
        assert [(c.heading_path, c.text) for c in chunks] == [
            (start, "Einleitung."),
            (("Titel", "Gleitzeit"), "Zur Gleitzeit."),
        ]


def test_a_table_under_a_new_heading_is_labelled_with_that_heading() -> None:
    """The tail of one section never carries the next section's start under its own name."""
    document = _document(
        Section("Anmeldename und E-Mail-Adresse. " * 8, ("Konto", "Ihre Kennung")),
        Section(
            "Das Konto legt die IT an, wenn die Führungskraft es beantragt.",
            ("Konto", "Ihre Kennung"),
        ),
        Section("| Mindestlänge | 12 Zeichen |", ("Konto", "Regeln für Kennwörter")),
        Section("Tipp: lange Kennwörter.", ("Konto", "Regeln für Kennwörter")),
    )
    chunks = chunk_document(document, target_chars=300, overlap_chars=0)
    table = next(c for c in chunks if "Mindestlänge" in c.text)
    assert table.heading_path == ("Konto", "Regeln für Kennwörter")
    assert "Das Konto legt" not in table.text
    assert all("Tipp" not in c.text for c in chunks if c.heading_path[-1] == "Ihre Kennung")
