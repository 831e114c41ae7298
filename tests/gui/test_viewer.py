"""The source viewer opens a cited passage highlighted, as text or as the PDF page."""

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QImage
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from onboard.core.chunk_rows import StoredChunk
from onboard.core.chunking import chunk_document
from onboard.core.parsers import parse_file
from onboard.gui.document_info import MISSING_NOTE, UNREADABLE_NOTE, document_warning
from onboard.gui.highlight import pdf_snippet, qt_position
from onboard.gui.style import contrast_ratio
from onboard.gui.text_marks import PASSAGE_BACKGROUND, PASSAGE_EDGE_INSET, PASSAGE_EDGE_WIDTH
from onboard.gui.viewer import WHOLE_DOCUMENT, SourceViewer
from tests.gui.test_shown_text import PAGE, as_stored, stored_chunks

REPO = Path(__file__).resolve().parents[2]
ARBSCHG = REPO.parent / "shared" / "docs" / "bad_boll" / "Regelungsmodul-BUND"
ARBSCHG = ARBSCHG / "Bundesgesetze" / "ArbSchG.pdf"
SHOTS = Path("/tmp/onboard-shots")
TIMEOUT_MS = 5000

# The offscreen platform warns that it cannot pass size hints on when a window is shown.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

PDF_SENTENCES = [
    [
        "Die Gleitzeit beginnt um sechs Uhr und endet um zwanzig Uhr.",
        "Kernzeiten gibt es im Rathaus Bad Boll nicht mehr.",
    ],
    [
        "Urlaubsanträge stellen Sie im Personalportal unter Abwesenheiten.",
        "Die Vertretung muss vor dem Antrag zugestimmt haben.",
    ],
    [
        "Dienstreisen genehmigt die Amtsleitung vorab schriftlich per Formular.",
        "Die Reisekosten rechnen Sie binnen sechs Monaten ab.",
    ],
]


def make_document(text: str, **fields: Any) -> dict[str, Any]:
    """A document row as Store.document returns it."""
    row: dict[str, Any] = {
        "id": 7,
        "origin": "bench:doc-7",
        "title": "Dienstvereinbarung Gleitzeit",
        "format": "text",
        "version": 1,
        "owner": "Frau Maier, Hauptamt",
        "stand": "2024-03-01",
        "review_date": "",
        "valid_until": "",
        "audience": "",
        "status": "",
        "collection": "Personal",
        "text": text,
    }
    row.update(fields)
    return row


def make_chunk(text: str, passage: str, *, page: int | None = None) -> StoredChunk:
    """A stored chunk whose range points at the passage within the text."""
    start = text.index(passage)
    return StoredChunk(
        chunk_id=1,
        document_id=7,
        version=1,
        collection="Personal",
        title="Dienstvereinbarung Gleitzeit",
        text=passage,
        heading_path=("Dienstvereinbarung Gleitzeit", "Arbeitszeit"),
        page=page,
        char_start=start,
        char_end=start + len(passage),
    )


@pytest.fixture
def viewer(qtbot: QtBot) -> SourceViewer:
    """A shown viewer at a realistic size."""
    widget = SourceViewer()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def save_shot(widget: SourceViewer, name: str) -> None:
    """Save a screenshot for the record when ONBOARD_SHOTS=1."""
    if os.environ.get("ONBOARD_SHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / name))


def write_pdf(path: Path, pages: list[list[str]] = PDF_SENTENCES) -> Path:
    """A PDF with the given sentences, one line each, one list a page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, sentences in enumerate(pages, start=1):
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(72, 770, f"Teil {number}")
        pdf.setFont("Helvetica", 11)
        for line, sentence in enumerate(sentences):
            pdf.drawString(72, 500 - 18 * line, sentence)
        pdf.showPage()
    pdf.save()
    return path


def pdf_text() -> str:
    """The stored text of the generated PDF as the parser would keep it (one page a section)."""
    return "\n\n".join(" ".join(sentences) for sentences in PDF_SENTENCES)


def banded(viewer: SourceViewer, position: int) -> bool:
    """Whether the paragraph at this position has the passage colour edge to edge."""
    block = viewer.text_view.document().findBlock(position)
    return bool(block.blockFormat().background().color() == PASSAGE_BACKGROUND)


def passage_near_top(viewer: SourceViewer) -> bool:
    """The passage's first line lies in the upper third of the text view's visible area."""
    top = viewer.text_view.cursorRect().top()
    return 0 <= top < viewer.text_view.viewport().height() / 3


def page_has_ink(viewer: SourceViewer) -> bool:
    """The PDF view shows a rendered page: some near-black text pixels in its viewport."""
    image = viewer.pdf_view.viewport().grab().toImage()
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(gray.constBits())
    rows = (
        data[row * gray.bytesPerLine() : row * gray.bytesPerLine() + gray.width()]
        for row in range(gray.height())
    )
    return any(min(row) < 80 for row in rows)


def shown_hit_page(viewer: SourceViewer) -> int:
    """The page of the search hit the PDF view marks as current."""
    return viewer.search_model.resultAtIndex(viewer.pdf_view.currentSearchResultIndex()).page()


# helpers --------------------------------------------------------------------------
def test_qt_position_counts_utf16_units_and_crlf_once() -> None:
    text = "a😀b\r\nc"
    assert qt_position(text, 2) == 3
    assert qt_position(text, 5) == 5


def test_pdf_snippet_prefers_the_passage_start_and_skips_hyphenated_words() -> None:
    page = "Kopfzeile des Amtes\r\nDie Gleitzeit der Verwal-\r\ntung beginnt um sechs Uhr.\r\n"
    passage = "Die Gleitzeit der Verwaltung beginnt um sechs Uhr."
    assert pdf_snippet(page, passage) == "Die Gleitzeit der"
    assert pdf_snippet(page, "Etwas ganz anderes steht hier.") is None


def test_the_warning_reads_iso_and_german_dates() -> None:
    today = date(2025, 6, 1)
    assert document_warning({"review_date": "2025-05-31"}, today=today).endswith("31.05.2025")
    assert document_warning({"review_date": "01.07.2025"}, today=today) == ""
    assert document_warning({"review_date": "bald"}, today=today) == ""
    expired = {"valid_until": "31.05.2025", "status": "Freigegeben"}
    assert document_warning(expired, today=today) == "Abgelaufen (gültig bis 31.05.2025)"
    assert document_warning({"valid_until": "2025-06-01"}, today=today) == ""


def test_an_expired_document_says_so_beside_an_overdue_review(viewer: SourceViewer) -> None:
    """An employee who opens an outdated rule must not take it for the valid one."""
    text = "In der Heizperiode gilt: Büros höchstens 19 Grad."
    document = make_document(text, valid_until="31.03.2020", review_date="2020-03-01")
    viewer.open_passage(document, make_chunk(text, text))

    assert viewer.warning_label.isVisible()
    assert viewer.warning_label.text() == (
        "Abgelaufen (gültig bis 31.03.2020) · Wiedervorlage überfällig seit 01.03.2020"
    )


# text documents ---------------------------------------------------------------
def test_text_passage_is_highlighted_after_umlauts_and_emoji(
    viewer: SourceViewer, qtbot: QtBot
) -> None:
    passage = "Die Kernzeit entfällt.\nÜberstunden werden im Zeitkonto gebucht."
    text = (
        "Gleitzeit für alle Beschäftigten 😀 – gültig ab März.\n\n"
        + "Vorbemerkung zur Arbeitszeit 🕒 im Rathaus.\n" * 120
        + "\n\n"
        + passage
        + "\n\n"
        + "Schlussbestimmungen 🎉 folgen.\n" * 60
    )
    viewer.open_passage(make_document(text), make_chunk(text, passage))

    assert not viewer.showing_pdf()
    assert viewer.highlighted_text() == passage
    assert banded(viewer, qt_position(text, text.index("Überstunden")))
    assert not banded(viewer, qt_position(text, text.index("Schlussbestimmungen")))
    assert viewer.zoom_row.isHidden()
    qtbot.waitUntil(lambda: passage_near_top(viewer), timeout=TIMEOUT_MS)
    save_shot(viewer, "viewer-text.png")


def test_header_shows_title_collection_owner_and_stand(viewer: SourceViewer) -> None:
    text = "Einleitung.\n\nDie Gleitzeit beginnt um sechs Uhr."
    document = make_document(text)
    viewer.open_passage(document, make_chunk(text, "Die Gleitzeit beginnt um sechs Uhr."))

    assert viewer.title_label.text() == "Dienstvereinbarung Gleitzeit"
    assert viewer.meta_label.text() == (
        "Sammlung: Personal · Verantwortlich: Frau Maier, Hauptamt · Stand: 01.03.2024"
    )
    assert viewer.position_label.text() == "Fundstelle: Abschnitt „Arbeitszeit“"
    assert viewer.warning_label.isHidden()
    assert viewer.note_label.isHidden()
    assert viewer.accessibleName() == "Quellenansicht"


def test_empty_details_are_left_out(viewer: SourceViewer) -> None:
    text = "Die Gleitzeit beginnt um sechs Uhr."
    document = make_document(text, owner="", stand="")
    viewer.open_passage(document, make_chunk(text, text))

    assert viewer.meta_label.text() == "Sammlung: Personal"


def test_overdue_review_date_shows_the_warning(viewer: SourceViewer) -> None:
    text = "Die Gleitzeit beginnt um sechs Uhr."
    past = date.today() - timedelta(days=30)
    viewer.open_passage(make_document(text, review_date=past.isoformat()), make_chunk(text, text))

    assert viewer.warning_label.isVisible()
    assert viewer.warning_label.text() == (
        f"Wiedervorlage überfällig seit {past.strftime('%d.%m.%Y')}"
    )


def test_open_original_only_for_an_existing_file(viewer: SourceViewer, tmp_path: Path) -> None:
    text = "Die Gleitzeit beginnt um sechs Uhr."
    chunk = make_chunk(text, text)
    viewer.open_passage(make_document(text, origin=str(tmp_path / "weg.txt")), chunk)
    assert not viewer.open_button.isEnabled()

    existing = tmp_path / "gleitzeit.txt"
    existing.write_text(text, encoding="utf-8")
    viewer.open_passage(make_document(text, origin=str(existing)), chunk)
    assert viewer.open_button.isEnabled()
    assert viewer.open_button.accessibleName() == "Originaldatei öffnen"


def test_a_file_that_cannot_be_opened_says_so(
    viewer: SourceViewer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No program for the type (the system refuses), or the file went away meanwhile."""
    text = "Die Gleitzeit beginnt um sechs Uhr."
    existing = tmp_path / "gleitzeit.odt"
    existing.write_text(text, encoding="utf-8")
    viewer.open_passage(make_document(text, origin=str(existing)), make_chunk(text, text))
    asked: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url) or False)
    viewer.open_button.click()
    assert asked == [QUrl.fromLocalFile(str(existing))]
    assert viewer.note_label.isVisibleTo(viewer)
    assert viewer.note_label.text().startswith(f"Die Datei „{existing}“ ließ sich nicht öffnen")
    existing.unlink()
    viewer.note_label.hide()
    viewer.open_button.click()
    assert len(asked) == 1 and viewer.note_label.isVisibleTo(viewer)


# PDFs -----------------------------------------------------------------------------
def test_pdf_opens_at_the_cited_page_with_the_passage_marked(
    viewer: SourceViewer, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_pdf(tmp_path / "reisen.pdf")
    text = pdf_text()
    passage = " ".join(PDF_SENTENCES[2])
    document = make_document(text, origin=str(path), format="pdf", title="Dienstreisen")
    viewer.open_passage(document, make_chunk(text, passage, page=3))

    assert viewer.showing_pdf()
    assert viewer.pdf_view.pageNavigator().currentPage() == 2
    assert viewer.position_label.text() == "Fundstelle: Seite 3 von 3"
    qtbot.waitUntil(lambda: viewer.search_model.rowCount(QModelIndex()) > 0, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: viewer.pdf_view.currentSearchResultIndex() >= 0, timeout=TIMEOUT_MS)
    assert shown_hit_page(viewer) == 2
    assert viewer.search_model.searchString() == PDF_SENTENCES[2][0]
    assert viewer.pdf_view.pageNavigator().currentPage() == 2
    qtbot.waitUntil(lambda: page_has_ink(viewer), timeout=TIMEOUT_MS)
    save_shot(viewer, "viewer-pdf.png")


def test_real_law_pdf_opens_at_the_chunks_page(viewer: SourceViewer, qtbot: QtBot) -> None:
    if not ARBSCHG.is_file():
        pytest.skip(f"{ARBSCHG} fehlt: Test mit einem echten Gesetzes-PDF übersprungen")
    parsed = parse_file(ARBSCHG)
    chunk = next(c for c in chunk_document(parsed) if c.page is not None and c.page >= 3)
    stored = as_stored(chunk, title=parsed.title, collection="Bundesgesetze", document_id=7)
    document = make_document(
        parsed.full_text, origin=str(ARBSCHG), format="pdf", title=parsed.title
    )
    viewer.open_passage(document, stored)

    assert viewer.showing_pdf()
    page_index = (chunk.page or 0) - 1
    assert viewer.pdf_view.pageNavigator().currentPage() == page_index
    qtbot.waitUntil(lambda: viewer.pdf_view.currentSearchResultIndex() >= 0, timeout=TIMEOUT_MS)
    assert shown_hit_page(viewer) == page_index
    assert viewer.pdf_view.pageNavigator().currentPage() == page_index
    qtbot.waitUntil(lambda: page_has_ink(viewer), timeout=TIMEOUT_MS)
    save_shot(viewer, "viewer-pdf-arbschg.png")


def test_missing_pdf_falls_back_to_the_stored_text(viewer: SourceViewer, tmp_path: Path) -> None:
    text = pdf_text()
    passage = " ".join(PDF_SENTENCES[1])
    origin = str(tmp_path / "weg.pdf")
    document = make_document(text, origin=origin, format="pdf", review_date="2020-01-31")
    viewer.open_passage(document, make_chunk(text, passage, page=2))

    assert not viewer.showing_pdf()
    assert viewer.note_label.isVisible()
    assert viewer.note_label.text() == MISSING_NOTE
    assert viewer.highlighted_text() == passage
    assert viewer.position_label.text() == "Fundstelle: Seite 2"
    assert not viewer.open_button.isEnabled()
    assert viewer.warning_label.text() == "Wiedervorlage überfällig seit 31.01.2020"
    save_shot(viewer, "viewer-fallback.png")


def test_unreadable_pdf_falls_back_to_the_stored_text(viewer: SourceViewer, tmp_path: Path) -> None:
    broken = tmp_path / "kaputt.pdf"
    broken.write_bytes(b"%PDF-1.4\nkein echtes PDF")
    text = pdf_text()
    passage = " ".join(PDF_SENTENCES[0])
    document = make_document(text, origin=str(broken), format="pdf")
    viewer.open_passage(document, make_chunk(text, passage, page=1))

    assert not viewer.showing_pdf()
    assert viewer.note_label.text() == UNREADABLE_NOTE
    assert viewer.highlighted_text() == passage


def test_pdf_then_text_switches_back_and_drops_the_note(
    viewer: SourceViewer, tmp_path: Path
) -> None:
    text = pdf_text()
    missing = make_document(text, origin=str(tmp_path / "weg.pdf"), format="pdf")
    viewer.open_passage(missing, make_chunk(text, PDF_SENTENCES[0][0], page=1))
    path = write_pdf(tmp_path / "da.pdf")
    present = make_document(text, origin=str(path), format="pdf")
    viewer.open_passage(present, make_chunk(text, PDF_SENTENCES[1][0], page=2))

    assert viewer.showing_pdf()
    assert viewer.note_label.isHidden()
    assert viewer.pdf_view.pageNavigator().currentPage() == 1


def test_pdf_hit_row_counts_the_same_line_on_earlier_pages(
    viewer: SourceViewer, qtbot: QtBot, tmp_path: Path
) -> None:
    repeated = "Die Reisekosten rechnen Sie binnen sechs Monaten ab."
    pages = [[f"Abschnitt {n} über Dienstreisen.", repeated] for n in range(1, 31)]
    path = write_pdf(tmp_path / "lang.pdf", pages)
    text = "\n\n".join(" ".join(sentences) for sentences in pages)
    passage = f"{repeated}\n\nAbschnitt 29 über Dienstreisen."
    document = make_document(text, origin=str(path), format="pdf")
    viewer.open_passage(document, make_chunk(text, passage, page=28))

    qtbot.waitUntil(lambda: viewer.pdf_view.currentSearchResultIndex() >= 0, timeout=TIMEOUT_MS)
    assert viewer.pdf_view.currentSearchResultIndex() == 27
    assert shown_hit_page(viewer) == 27
    assert viewer.pdf_view.pageNavigator().currentPage() == 27


def test_pdf_opened_while_hidden_lands_on_the_page_once_shown(qtbot: QtBot, tmp_path: Path) -> None:
    widget = SourceViewer()
    qtbot.addWidget(widget)
    path = write_pdf(tmp_path / "reisen.pdf")
    text = pdf_text()
    document = make_document(text, origin=str(path), format="pdf")
    widget.open_passage(document, make_chunk(text, " ".join(PDF_SENTENCES[1]), page=2))
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)

    qtbot.waitUntil(lambda: widget.pdf_view.currentSearchResultIndex() >= 0, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: page_has_ink(widget), timeout=TIMEOUT_MS)
    assert widget.pdf_view.pageNavigator().currentPage() == 1
    assert widget.pdf_view.verticalScrollBar().value() > 0


def test_text_after_pdf_closes_the_pdf(viewer: SourceViewer, tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "reisen.pdf")
    text = pdf_text()
    pdf = make_document(text, origin=str(path), format="pdf")
    viewer.open_passage(pdf, make_chunk(text, PDF_SENTENCES[0][0], page=1))
    plain = make_document("Die Gleitzeit beginnt um sechs Uhr.")
    viewer.open_passage(plain, make_chunk(plain["text"], "Die Gleitzeit"))

    assert not viewer.showing_pdf()
    assert viewer.pdf_document.pageCount() == 0
    assert viewer.highlighted_text() == "Die Gleitzeit"
    assert viewer.title_label.text() == "Dienstvereinbarung Gleitzeit"


def test_pdf_zoom_buttons_keep_the_cited_page(
    viewer: SourceViewer, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_pdf(tmp_path / "reisen.pdf")
    text = pdf_text()
    document = make_document(text, origin=str(path), format="pdf")
    viewer.open_passage(document, make_chunk(text, " ".join(PDF_SENTENCES[1]), page=2))
    qtbot.waitUntil(lambda: viewer.pdf_view.currentSearchResultIndex() >= 0, timeout=TIMEOUT_MS)
    assert viewer.zoom_row.isVisible()

    qtbot.mouseClick(viewer.zoom_in_button, Qt.MouseButton.LeftButton)
    assert viewer.pdf_view.zoomMode() == QPdfView.ZoomMode.Custom
    bigger = viewer.pdf_view.zoomFactor()
    qtbot.mouseClick(viewer.zoom_out_button, Qt.MouseButton.LeftButton)
    assert viewer.pdf_view.zoomFactor() < bigger
    assert viewer.pdf_view.pageNavigator().currentPage() == 1
    qtbot.mouseClick(viewer.fit_button, Qt.MouseButton.LeftButton)
    assert viewer.pdf_view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert viewer.pdf_view.pageNavigator().currentPage() == 1


def test_controls_have_german_names_and_tab_goes_through_header_button_content(
    viewer: SourceViewer, qtbot: QtBot, tmp_path: Path
) -> None:
    existing = tmp_path / "gleitzeit.txt"
    text = "Die Gleitzeit beginnt um sechs Uhr."
    existing.write_text(text, encoding="utf-8")
    viewer.open_passage(make_document(text, origin=str(existing)), make_chunk(text, text))
    controls = [
        viewer.title_label,
        viewer.meta_label,
        viewer.warning_label,
        viewer.position_label,
        viewer.note_label,
        viewer.open_button,
        viewer.zoom_out_button,
        viewer.zoom_in_button,
        viewer.fit_button,
        viewer.text_view,
        viewer.pdf_view,
    ]
    assert all(control.accessibleName() for control in controls)

    viewer.activateWindow()
    qtbot.waitActive(viewer)
    viewer.title_label.setFocus()
    qtbot.waitUntil(viewer.title_label.hasFocus, timeout=TIMEOUT_MS)
    visited = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    # the header is read in focus mode too; the hidden warning is left out
    assert visited == [
        viewer.meta_label,
        viewer.position_label,
        viewer.open_button,
        viewer.text_view,
    ]


def test_the_text_shows_the_headings_of_its_sections(viewer: SourceViewer, tmp_path: Path) -> None:
    """Stored text has no headings; the viewer puts them back where each section starts."""
    (tmp_path / "urlaub.md").write_text(PAGE, encoding="utf-8")
    text, title, chunks = stored_chunks(tmp_path / "urlaub.md")
    cited = next(c for c in chunks if c.heading_path[-1] == "Krank im Urlaub")
    viewer.open_passage(make_document(text, title=title), cited, chunks)

    shown = viewer.text_view.toPlainText()
    assert "Urlaub beantragen\n\nStellen Sie" in shown and "Fristen\n\nBis zu drei" in shown
    assert viewer.highlighted_text() == cited.text  # the passage, not its heading
    block = viewer.text_view.document().findBlock(shown.index("Krank im Urlaub"))
    assert block.text() == "Krank im Urlaub" and block.blockFormat().headingLevel() == 2
    assert block.begin().fragment().charFormat().fontWeight() == QFont.Weight.Bold
    save_shot(viewer, "viewer-headings.png")


def test_a_pdf_opened_to_read_starts_at_its_first_page_unmarked(
    viewer: SourceViewer, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_pdf(tmp_path / "reisen.pdf")
    text = pdf_text()
    document = make_document(text, origin=str(path), format="pdf", title="Dienstreisen")
    viewer.open_passage(document, make_chunk(text, " ".join(PDF_SENTENCES[0]), page=1), mark=False)
    assert viewer.showing_pdf()
    assert viewer.pdf_view.pageNavigator().currentPage() == 0
    assert viewer.position_label.text() == WHOLE_DOCUMENT
    assert viewer.search_model.searchString() == ""
    qtbot.waitUntil(lambda: page_has_ink(viewer), timeout=TIMEOUT_MS)
    assert viewer.pdf_view.currentSearchResultIndex() == -1


def test_a_bar_beside_the_passage_marks_it_without_colour_alone(
    viewer: SourceViewer, qtbot: QtBot
) -> None:
    """Left of the passage's lines (and only there) a bar of at least 3:1 contrast."""
    passage = "Überstunden werden innerhalb von drei Monaten ausgeglichen."
    text = (
        "Vorbemerkung zur Arbeitszeit im Rathaus.\n" * 30 + passage + "\n" * 2 + "Schluss.\n" * 30
    )
    viewer.open_passage(make_document(text), make_chunk(text, passage))
    qtbot.waitUntil(lambda: passage_near_top(viewer), timeout=TIMEOUT_MS)
    view = viewer.text_view
    shot = view.viewport().grab().toImage()
    column = PASSAGE_EDGE_INSET + PASSAGE_EDGE_WIDTH // 2
    middle = (view.cursorRect().top() + view.cursorRect().bottom()) // 2
    background = view.palette().color(view.viewport().backgroundRole())
    assert contrast_ratio(shot.pixelColor(column, middle), background) >= 3
    above, below = view.cursorRect().top() - 40, view.cursorRect().bottom() + 60
    assert shot.pixelColor(column, above) == shot.pixelColor(column, below) == background
    view.setExtraSelections([])  # no passage (a document opened to read): no bar
    assert view.viewport().grab().toImage().pixelColor(column, middle) == background


def test_the_passage_stays_in_sight_when_the_window_changes_size(
    viewer: SourceViewer, qtbot: QtBot
) -> None:
    """The text reflows at another width; until the reader scrolls, the passage stays shown."""
    passage = "Überstunden werden innerhalb von drei Monaten ausgeglichen."
    words = "Die Dienstvereinbarung regelt die Arbeitszeit aller Beschäftigten im Haus. "
    text = (words * 8 + "\n\n") * 40 + passage + "\n\n" + (words * 8 + "\n\n") * 40
    viewer.open_passage(make_document(text), make_chunk(text, passage))
    qtbot.waitUntil(lambda: passage_near_top(viewer), timeout=TIMEOUT_MS)
    for width, height in ((1800, 900), (500, 600)):
        viewer.resize(width, height)
        qtbot.waitUntil(lambda: passage_near_top(viewer), timeout=TIMEOUT_MS)
    bar = viewer.text_view.verticalScrollBar()
    bar.triggerAction(bar.SliderAction.SliderToMinimum)  # the reader scrolls to the top
    viewer.resize(900, 700)
    qtbot.wait(50)
    assert bar.value() == 0
