"""The source viewer: a cited document opened at the passage, with the passage highlighted."""

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
    QTextCursor,
)
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from onboard.core.chunk_rows import StoredChunk
from onboard.core.search import describe_position
from onboard.gui.document_info import (
    MISSING_NOTE,
    NO_ORIGINAL,
    NOT_OPENED,
    UNREADABLE_NOTE,
    document_warning,
    meta_line,
    original_file,
)
from onboard.gui.highlight import passage_span, pdf_snippet, qt_position
from onboard.gui.shown_text import ShownText, with_headings
from onboard.gui.style import viewer_box_style
from onboard.gui.text_marks import PassageBrowser, format_headings, mark_passage
from onboard.gui.widgets import reading_label

WHOLE_DOCUMENT = "Ganzes Dokument, von Anfang an"
PAGES_PER_STEP = 25  # pages searched per event-loop turn while finding the hit's row
ZOOM_STEP = 1.25
ZOOM_MIN = 0.25
ZOOM_MAX = 4.0
PASSAGE_TOP_SHARE = 0.25  # where the passage lands in the visible area (share of its height)


def _screen_resolution() -> float:
    """Logical pixels per point at zoom 1, as QPdfView computes them."""
    screen = QGuiApplication.primaryScreen()
    return screen.logicalDotsPerInch() / 72.0 if screen else 96.0 / 72.0


@dataclass
class _HitLookup:
    """Progress in counting the search hits before the cited page (to find the hit's row)."""

    page: int
    next_page: int = 0
    rows_before: int = 0


class SourceViewer(QWidget):
    """A document at the cited passage: header with its details, then text or PDF page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the header, the text view and the PDF view (nothing is shown yet)."""
        super().__init__(parent)
        self.setAccessibleName("Quellenansicht")
        self._original: Path | None = None
        self._lookup: _HitLookup | None = None
        self._hit_rect: QRectF | None = None
        self._cited_page = 0
        self._scroll_pending = False
        self._marking = True  # a cited passage is highlighted; a document opened to read is not
        self._pinned = False  # the cited passage is kept in sight until the reader scrolls
        self._sections: list[StoredChunk] = []
        self._build_header()
        self._build_zoom()
        self._build_content()
        self._build_timers()
        self._build_layout()
        for first, second in itertools.pairwise(self.focus_order()):
            self.setTabOrder(first, second)

    def focus_content(self) -> None:
        """Put the keyboard focus into the shown text or PDF."""
        shown = self.pdf_view if self.showing_pdf() else self.text_view
        shown.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_order(self) -> list[QWidget]:
        """The viewer's widgets in the order Tab visits them: the header, then the text."""
        return [
            self.title_label,
            self.meta_label,
            self.warning_label,
            self.position_label,
            self.open_button,
            self.note_label,
            self.text_view,
            self.pdf_view,
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
        ]

    # construction -------------------------------------------------------------
    def _build_header(self) -> None:
        """Title, details, overdue warning, position, the open button and the fallback note."""
        self.title_label = reading_label("Titel des Dokuments", scale=1.6, bold=True)
        self.meta_label = reading_label("Angaben zum Dokument")
        self.warning_label = reading_label(
            "Hinweis zum Dokument", style=viewer_box_style("warning")
        )
        self.warning_label.hide()
        self.position_label = reading_label("Fundstelle", bold=True)
        self.note_label = reading_label("Hinweis zur Anzeige", style=viewer_box_style("note"))
        self.note_label.hide()
        self.open_button = QPushButton("Originaldatei öffnen")
        self.open_button.setAccessibleName("Originaldatei öffnen")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_original)

    def _build_zoom(self) -> None:
        """Zoom out, zoom in and page width: shown with PDFs only."""
        self.zoom_out_button = self._zoom_button(
            "−", "Verkleinern", QKeySequence.StandardKey.ZoomOut
        )
        self.zoom_in_button = self._zoom_button("+", "Vergrößern", QKeySequence.StandardKey.ZoomIn)
        self.fit_button = QPushButton("Seitenbreite")
        self.fit_button.setAccessibleName("Auf Seitenbreite zoomen")
        self.fit_button.setToolTip("Die Seite so groß zeigen, dass sie die Breite füllt")
        self.zoom_out_button.clicked.connect(lambda: self._zoom_by(1 / ZOOM_STEP))
        self.zoom_in_button.clicked.connect(lambda: self._zoom_by(ZOOM_STEP))
        self.fit_button.clicked.connect(self._fit_width)
        self.zoom_row = QWidget()
        self.zoom_row.setAccessibleName("Zoom")
        zoom_layout = QHBoxLayout(self.zoom_row)
        zoom_layout.setContentsMargins(0, 0, 0, 0)
        zoom_layout.setSpacing(4)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            zoom_layout.addWidget(button)
        self.zoom_row.hide()

    def _zoom_button(self, text: str, name: str, keys: QKeySequence.StandardKey) -> QPushButton:
        """A small zoom button with its standard shortcut (Strg++ / Strg+-)."""
        button = QPushButton(text)
        button.setAccessibleName(name)
        sequence = QKeySequence(keys)
        button.setShortcut(sequence)
        shown = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{name} ({shown})" if shown else name)
        button.setFixedWidth(button.sizeHint().height() + 8)
        return button

    def _build_content(self) -> None:
        """The read-only text view and the PDF view, switched by a stack."""
        self.text_view = PassageBrowser()
        self.text_view.setAccessibleName("Dokumenttext")
        self.text_view.setAccessibleDescription(
            "Die zitierte Stelle ist gelb hinterlegt und links mit einem Balken markiert."
        )
        self.text_view.setOpenLinks(False)
        self.text_view.setFrameShape(QFrame.Shape.NoFrame)
        self.text_view.document().setUndoRedoEnabled(False)
        self.text_view.document().setDocumentMargin(16)
        font = QFont(self.text_view.font())
        font.setPointSizeF(font.pointSizeF() + 1)
        self.text_view.setFont(font)
        self.text_view.verticalScrollBar().rangeChanged.connect(self._follow_text_target)
        self.text_view.verticalScrollBar().actionTriggered.connect(self._stop_following)
        self.pdf_document = QPdfDocument(self)
        self.search_model = QPdfSearchModel(self)
        self.search_model.setDocument(self.pdf_document)
        self.pdf_view = QPdfView()
        self.pdf_view.setAccessibleName("PDF-Ansicht")
        self.pdf_view.setAccessibleDescription("Die zitierte Stelle ist farbig umrandet.")
        self.pdf_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pdf_view.setFrameShape(QFrame.Shape.NoFrame)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setDocument(self.pdf_document)
        self.pdf_view.setSearchModel(self.search_model)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Dokumentinhalt")
        self.stack.addWidget(self.text_view)
        self.stack.addWidget(self.pdf_view)

    def _build_timers(self) -> None:
        """Zero-interval timers: the hit lookup in steps, the scroll once laid out."""
        self._lookup_timer = QTimer(self)
        self._lookup_timer.setInterval(0)
        self._lookup_timer.timeout.connect(self._lookup_step)
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(0)
        self._scroll_timer.timeout.connect(self._apply_pending_scroll)

    def _build_layout(self) -> None:
        """Header above the content."""
        button_row = QHBoxLayout()
        button_row.setSpacing(12)
        button_row.addWidget(self.zoom_row)
        button_row.addStretch(1)
        button_row.addWidget(self.open_button)
        header = QVBoxLayout()
        header.setContentsMargins(16, 12, 16, 12)
        header.setSpacing(6)
        for widget in (self.title_label, self.meta_label, self.warning_label):
            header.addWidget(widget)
        header.addWidget(self.position_label)
        header.addLayout(button_row)
        header.addWidget(self.note_label)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(rule)
        layout.addWidget(self.stack, 1)

    # public -------------------------------------------------------------------
    def open_passage(
        self,
        document: dict[str, Any],
        chunk: StoredChunk,
        sections: Iterable[StoredChunk] = (),
        *,
        mark: bool = True,
    ) -> None:
        """Show the document at the chunk: the PDF page where possible, else the stored text
        with the headings of its sections (the document's chunks). Without mark: from the
        beginning, nothing highlighted (a document opened to read, not a cited passage)."""
        self._reset()
        sections = list(sections)
        self._sections = sections
        self._original = original_file(document)
        self._show_header(document, chunk)
        self._marking = self._pinned = mark
        self._show_content(document, chunk, sections)
        if not mark:
            self.position_label.setText(WHOLE_DOCUMENT)
        self._schedule_scroll()

    def _show_content(
        self, document: dict[str, Any], chunk: StoredChunk, sections: Iterable[StoredChunk]
    ) -> None:
        """The PDF page where possible, else the stored text (with a note for a lost PDF)."""
        is_pdf = document.get("format") == "pdf"
        if is_pdf and self._show_pdf(chunk):
            self.text_view.setExtraSelections([])
            self.text_view.clear()
            return
        self.pdf_document.close()
        if is_pdf:
            self._show_note(UNREADABLE_NOTE if self._original else MISSING_NOTE)
        text = str(document.get("text") or "")
        title = str(document.get("title") or chunk.title)
        self._show_text(with_headings(text, sections, title), text, chunk)

    def page_texts(self) -> list[str]:
        """The stored text of each PDF page (from the document's sections, so no page has to
        be read again from the PDF), '' for pages without text."""
        pages = [""] * self.pdf_document.pageCount()
        for section in self._sections:
            if section.page is not None and 0 < section.page <= len(pages):
                pages[section.page - 1] += "\n" + section.text
        return pages

    def showing_pdf(self) -> bool:
        """Whether the PDF page (not the stored text) is shown."""
        return self.stack.currentWidget() is self.pdf_view

    def highlighted_text(self) -> str:
        """The highlighted passage of the text view, with line breaks as in the document."""
        selections = self.text_view.extraSelections()
        if not selections:
            return ""
        return selections[0].cursor.selectedText().replace("\u2029", "\n")

    # header -------------------------------------------------------------------
    def _reset(self) -> None:
        """Forget the previous passage."""
        self._lookup_timer.stop()
        self._lookup = None
        self._hit_rect = None
        self.pdf_view.setCurrentSearchResultIndex(-1)
        self.search_model.setSearchString("")
        self.note_label.hide()
        self.zoom_row.hide()

    def _show_header(self, document: dict[str, Any], chunk: StoredChunk) -> None:
        """Title, details, warnings (expired, review overdue), position and whether the original
        can be opened."""
        self.title_label.setText(str(document.get("title") or chunk.title))
        meta = meta_line(document)
        self.meta_label.setText(meta)
        self.meta_label.setVisible(bool(meta))
        warning = document_warning(document)
        self.warning_label.setText(warning)
        self.warning_label.setVisible(bool(warning))
        self.position_label.setText(f"Fundstelle: {describe_position(chunk)}")
        self.open_button.setEnabled(self._original is not None)
        self.open_button.setToolTip(str(self._original) if self._original else NO_ORIGINAL)
        self.open_button.setAccessibleDescription(self.open_button.toolTip())

    def _show_note(self, text: str) -> None:
        """A note above the content (e.g. why the stored text is shown instead of the PDF)."""
        self.note_label.setText(text)
        self.note_label.show()

    def _open_original(self) -> None:
        """Open the imported file in the system's program for it."""
        if self._original is None:
            return
        opened = self._original.is_file() and QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self._original))
        )
        if not opened:
            self._show_note(NOT_OPENED.format(path=self._original))

    # text ---------------------------------------------------------------------
    def _show_text(self, shown: ShownText, stored: str, chunk: StoredChunk) -> None:
        """The text with its headings, the passage highlighted, scrolled to it."""
        self.stack.setCurrentWidget(self.text_view)
        self.text_view.setPlainText(shown.text)
        format_headings(self.text_view, shown)
        document = self.text_view.document()  # laid out anew with the formats: else the
        document.markContentsDirty(0, document.characterCount())  # lines below keep old heights
        if not self._marking:
            self.text_view.setExtraSelections([])
            self.text_view.setTextCursor(QTextCursor(self.text_view.document()))
            return
        start, end = (shown.position(index) for index in passage_span(stored, chunk))
        cursor = mark_passage(
            self.text_view, qt_position(shown.text, start), qt_position(shown.text, end)
        )
        caret = QTextCursor(cursor)
        caret.setPosition(cursor.selectionStart())
        self.text_view.setTextCursor(caret)

    def _scroll_text(self) -> None:
        """Put the passage's first line a little below the top of the text view."""
        self.text_view.ensureCursorVisible()
        bar = self.text_view.verticalScrollBar()
        top = self.text_view.cursorRect().top()
        bar.setValue(bar.value() + top - int(self.text_view.viewport().height() * 0.1))

    def _follow_text_target(self) -> None:
        """While the text is still being laid out (its height changes), scroll again: the
        passage moves as the text above it gets its real height."""
        if self._pinned and not self.showing_pdf():
            self._scroll_text()

    def _stop_following(self) -> None:
        """The reader scrolls: leave the position to them (also a scroll still waiting)."""
        self._pinned = self._scroll_pending = False

    # pdf ----------------------------------------------------------------------
    def _show_pdf(self, chunk: StoredChunk) -> bool:
        """The PDF at the cited page with the passage's first line marked; False if unreadable."""
        if self._original is None or not self._load_pdf(self._original):
            return False
        pages = self.pdf_document.pageCount()
        page = max(0, min((chunk.page or 1) - 1, pages - 1))
        self.position_label.setText(f"Fundstelle: Seite {page + 1} von {pages}")
        self.stack.setCurrentWidget(self.pdf_view)
        self.zoom_row.show()
        self._cited_page = page
        self.pdf_view.pageNavigator().jump(page, QPointF(), self.pdf_view.zoomFactor())
        if self._marking:
            self._search_passage(page, chunk.text)
        return True

    def _load_pdf(self, path: Path) -> bool:
        """Load the file into the PDF document (shown at page width); whether it worked."""
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_document.close()
        error = self.pdf_document.load(str(path))
        return error == QPdfDocument.Error.None_ and self.pdf_document.pageCount() > 0

    def _search_passage(self, page: int, passage: str) -> None:
        """Search the passage's first line on the page, then find that hit's row in steps."""
        snippet = pdf_snippet(self.pdf_document.getAllText(page).text(), passage)
        if snippet is None:
            return
        self.search_model.setSearchString(snippet)
        hits = self.search_model.resultsOnPage(page)
        if not hits:
            return
        rects = hits[0].rectangles()
        self._hit_rect = rects[0] if rects else None
        self._lookup = _HitLookup(page=page)
        self._lookup_timer.start()

    def _lookup_step(self) -> None:
        """Count hits on a batch of earlier pages; at the cited page, mark its first hit."""
        lookup = self._lookup
        if lookup is None:
            self._lookup_timer.stop()
            return
        stop = min(lookup.page, lookup.next_page + PAGES_PER_STEP)
        for page in range(lookup.next_page, stop):
            lookup.rows_before += len(self.search_model.resultsOnPage(page))
        lookup.next_page = stop
        if stop >= lookup.page:
            self._lookup_timer.stop()
            self._lookup = None
            self.pdf_view.setCurrentSearchResultIndex(lookup.rows_before)

    def _scroll_pdf(self) -> None:
        """Scroll from the top of the cited page down to the marked line."""
        page = self._cited_page
        self.pdf_view.pageNavigator().jump(page, QPointF(), self.pdf_view.zoomFactor())
        if self._hit_rect is None:
            return
        scale = self._page_scale(page)
        viewport_height = self.pdf_view.viewport().height()
        offset = int(self._hit_rect.top() * scale - viewport_height * PASSAGE_TOP_SHARE)
        bar = self.pdf_view.verticalScrollBar()
        bar.setValue(bar.value() + max(0, offset))

    # zoom ---------------------------------------------------------------------
    def _page_scale(self, page: int) -> float:
        """Logical pixels per PDF point at which the page is shown now."""
        if self.pdf_view.zoomMode() == QPdfView.ZoomMode.Custom:
            return self.pdf_view.zoomFactor() * _screen_resolution()
        margins = self.pdf_view.documentMargins()
        width = self.pdf_view.viewport().width() - margins.left() - margins.right()
        return width / max(1.0, self.pdf_document.pagePointSize(page).width())

    def _zoom_by(self, step: float) -> None:
        """Zoom in or out from the current size, keeping the reading position."""
        page = self.pdf_view.pageNavigator().currentPage()
        factor = self._page_scale(page) / _screen_resolution() * step
        self._keeping_position(lambda: self._set_custom_zoom(factor))

    def _set_custom_zoom(self, factor: float) -> None:
        """A fixed zoom factor within the sensible range."""
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.pdf_view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))

    def _fit_width(self) -> None:
        """Back to page width, keeping the reading position."""
        self._keeping_position(lambda: self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth))

    def _keeping_position(self, change: Callable[[], None]) -> None:
        """Apply a zoom change and scroll to the same share of the document as before."""
        bar = self.pdf_view.verticalScrollBar()
        share = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
        change()
        bar.setValue(round(share * bar.maximum()))

    # scrolling once laid out ------------------------------------------------------
    def _schedule_scroll(self) -> None:
        """Scroll to the passage as soon as the view is visible and laid out."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self._scroll_pending = True
        self._scroll_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The text reflows in a wider or narrower view: the passage stays in sight."""
        super().resizeEvent(event)
        if self._pinned and not self.showing_pdf():
            self._schedule_scroll()

    def showEvent(self, event: QShowEvent) -> None:
        """Apply a scroll that waited for the widget to be shown."""
        super().showEvent(event)
        if self._scroll_pending:
            self._scroll_timer.start()

    def _apply_pending_scroll(self) -> None:
        """Scroll the visible view to the passage (once per opened passage)."""
        if not self._scroll_pending or not self.isVisible():
            return
        self._scroll_pending = False
        if self.showing_pdf():
            self._scroll_pdf()
        else:
            self._scroll_text()
