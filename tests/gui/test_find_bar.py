"""Searching inside the open document: stored text and PDF, Strg+F, F3, wrapping around."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from onboard.gui.find_bar import NOT_FOUND, FindBar, next_page, pages_with
from onboard.gui.viewer import SourceViewer
from tests.gui.conftest import WindowFactory, wait_ready
from tests.gui.test_editor import write_library
from tests.gui.test_viewer import PDF_SENTENCES, make_chunk, make_document, pdf_text, write_pdf

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")


def test_pages_are_found_ignoring_case_and_wrap_around() -> None:
    texts = ["Gleitzeit", "Urlaub im Portal", "kein Treffer", "URLAUB verfällt"]
    pages = pages_with(texts, "urlaub")
    assert pages == [1, 3]
    assert next_page(pages, 0, backward=False) == 1
    assert next_page(pages, 1, backward=False) == 3
    assert next_page(pages, 3, backward=False) == 1  # wraps to the first
    assert next_page(pages, 1, backward=True) == 3  # and backwards to the last
    assert next_page([], 0, backward=False) is None


@pytest.fixture
def found(qtbot: QtBot) -> FindBar:
    """A shown viewer with its find bar above it."""
    holder = QWidget()
    viewer = SourceViewer(holder)
    bar = FindBar(viewer, holder)
    layout = QVBoxLayout(holder)
    layout.addWidget(bar)
    layout.addWidget(viewer)
    qtbot.addWidget(holder)
    holder.resize(900, 700)
    holder.show()
    qtbot.waitExposed(holder)
    yield bar  # type: ignore[misc]  # holder stays alive while the test runs


def test_a_pdf_is_searched_page_by_page(found: FindBar, tmp_path: Path, qtbot: QtBot) -> None:
    viewer = found.viewer
    text = pdf_text()
    document = make_document(text, origin=str(write_pdf(tmp_path / "a.pdf")), format="pdf")
    pages = [
        make_chunk(text, " ".join(sentences), page=number)
        for number, sentences in enumerate(PDF_SENTENCES, start=1)
    ]  # the stored sections, one a page: searched instead of reading every page again
    viewer.open_passage(document, pages[0], pages, mark=False)
    assert viewer.showing_pdf()
    found.field.setText("reisekosten")
    qtbot.keyClick(found.field, Qt.Key.Key_Return)
    assert viewer.pdf_view.pageNavigator().currentPage() == 2
    assert found.result.text() == "Seite 3 (Treffer auf 1 Seite)"
    assert viewer.search_model.searchString() == "reisekosten"  # hits marked on the page
    found.field.setText("Sie")
    found.find_next()
    found.find_next()
    assert found.result.text() == "Seite 3 (Treffer auf 2 Seiten)"
    found.find_previous()
    assert viewer.pdf_view.pageNavigator().currentPage() == 1
    found.field.setText("Gemeinderat")
    found.find_next()
    assert found.result.text() == NOT_FOUND


def test_stored_text_is_searched_with_wrapping(found: FindBar) -> None:
    viewer = found.viewer
    text = "Urlaub beantragen\n\nDen Urlaub beantragen Sie im Portal. Resturlaub verfällt."
    viewer.open_passage(make_document(text), make_chunk(text, "Den Urlaub"), mark=False)
    found.field.setText("urlaub")
    found.find_next()
    cursor = viewer.text_view.textCursor()
    assert cursor.selectedText() == "Urlaub" and found.result.text() == "Treffer 1 von 3"
    first = cursor.selectionStart()
    found.find_next()
    assert found.result.text() == "Treffer 2 von 3"
    found.find_next()
    found.find_next()  # past the last: back to the first
    assert viewer.text_view.textCursor().selectionStart() == first
    assert found.result.text() == "Treffer 1 von 3"
    found.find_previous()  # before the first: the last
    assert found.result.text() == "Treffer 3 von 3"


def test_strg_f_reaches_the_documents_filter_then_the_field_of_an_open_document(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(demo_root=write_library(tmp_path / "bibliothek"))
    window.show()
    qtbot.waitExposed(window)
    wait_ready(qtbot, window)
    window.question.setFocus()
    qtbot.keyClick(window.question, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.document_tree.filter_field  # nothing open yet
    document = next(r for r in window.kb.documents() if r["title"] == "Urlaub beantragen")
    window.open_document(int(document["id"]))
    bar = window.source_panel.find_bar
    window.question.setFocus()
    qtbot.keyClick(window.question, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is bar.field
    qtbot.keyClicks(bar.field, "Vertretung")  # QtTest types ASCII only
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    viewer = window.source_panel.viewer
    assert viewer.text_view.textCursor().selectedText() == "Vertretung"
    assert bar.result.text() == "1 Treffer"
