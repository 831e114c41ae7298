"""Searching inside the open document (Strg+F): the stored text or the PDF, page by page."""

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from onboard.gui.announce import LiveLabel
from onboard.gui.viewer import SourceViewer
from onboard.gui.widgets import with_clear_button

NOT_FOUND = "Nicht gefunden."


def pages_with(page_texts: list[str], term: str) -> list[int]:
    """The pages (0-based) whose text contains the term, ignoring case."""
    wanted = term.casefold()
    return [page for page, text in enumerate(page_texts) if wanted in text.casefold()]


def next_page(pages: list[int], current: int, *, backward: bool) -> int | None:
    """The next page with a hit after (or before) the current one, wrapping around."""
    if not pages:
        return None
    if backward:
        earlier = [page for page in pages if page < current]
        return earlier[-1] if earlier else pages[-1]
    later = [page for page in pages if page > current]
    return later[0] if later else pages[0]


class FindBar(QWidget):
    """'Im Dokument suchen' with Weiter/Zurück and what was found, for one SourceViewer."""

    def __init__(self, viewer: SourceViewer, parent: QWidget | None = None) -> None:
        """Field, buttons, result; F3 and Umschalt+F3 while it is shown."""
        super().__init__(parent)
        self.viewer = viewer
        self.field = with_clear_button(QLineEdit(self), what="Suchbegriff")
        self.field.setAccessibleName("Im Dokument suchen")
        self.field.setPlaceholderText("Im Dokument suchen (Strg+F)")
        self.field.returnPressed.connect(self.find_next)
        self.field.textChanged.connect(self._forget)
        self.next_button = self._button("Weiter", "Nächster Treffer (Enter, F3)", self.find_next)
        self.previous_button = self._button(
            "Zurück", "Voriger Treffer (Umschalt+F3)", self.find_previous
        )
        self.result = LiveLabel(self)
        self.result.setAccessibleName("Ergebnis der Suche im Dokument")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        for widget in (self.field, self.next_button, self.previous_button, self.result):
            row.addWidget(widget)
        row.setStretch(0, 1)
        self.shortcuts = [  # Strg+F itself is the window's: it also reaches the documents filter
            QShortcut(QKeySequence(keys), self, slot)  # active while the bar is shown
            for keys, slot in (
                (QKeySequence.StandardKey.FindNext, self.find_next),
                (QKeySequence.StandardKey.FindPrevious, self.find_previous),
            )
        ]
        self._pages: tuple[str, list[int]] | None = None  # term and its pages, for the PDF
        self.field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the field goes back to the document (a second Esc closes the panel)."""
        escape = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
        if watched is self.field and escape:
            if event.type() == QEvent.Type.ShortcutOverride:  # before the window's Esc
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.viewer.focus_content()
                return True
        return super().eventFilter(watched, event)

    def _button(self, text: str, tip: str, slot: object) -> QPushButton:
        """A small push button named for screen readers."""
        button = QPushButton(text, self)
        button.setAccessibleName(tip.split(" (")[0])
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def focus_field(self) -> None:
        """Strg+F: the search field, its text selected."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def find_next(self) -> None:
        """The next place of the term (Enter, F3, Weiter)."""
        self._find(backward=False)

    def find_previous(self) -> None:
        """The place before (Umschalt+F3, Zurück)."""
        self._find(backward=True)

    def reset(self) -> None:
        """A new document: nothing searched yet."""
        self._forget()
        self.result.clear()

    def _forget(self, *_: object) -> None:
        """The term changed: PDF pages are looked up again."""
        self._pages = None

    def _find(self, *, backward: bool) -> None:
        """Find in the PDF or in the stored text, and say where or that nothing was found."""
        term = self.field.text().strip()
        if not term:
            return
        if self.viewer.showing_pdf():
            found = self._find_in_pdf(term, backward)
        else:
            found = self._find_in_text(term, backward)
        self.result.setText(found or NOT_FOUND)

    def _find_in_text(self, term: str, backward: bool) -> str:
        """Select the next occurrence in the text view, wrapping around; '' if there is none."""
        view = self.viewer.text_view
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if not view.find(term, flags):
            cursor = view.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            view.setTextCursor(cursor)
            if not view.find(term, flags):
                return ""
        text, wanted = view.toPlainText(), term.casefold()
        count = text.casefold().count(wanted)
        before = text[: view.textCursor().selectionStart()].casefold().count(wanted)
        return "1 Treffer" if count == 1 else f"Treffer {before + 1} von {count}"

    def _find_in_pdf(self, term: str, backward: bool) -> str:
        """Go to the next page with the term, its hits marked; '' if no page has it."""
        viewer = self.viewer
        if self._pages is None or self._pages[0] != term:
            self._pages = (term, pages_with(viewer.page_texts(), term))
        pages = self._pages[1]
        navigator = viewer.pdf_view.pageNavigator()
        page = next_page(pages, navigator.currentPage(), backward=backward)
        if page is None:
            return ""
        viewer.search_model.setSearchString(term)
        navigator.jump(page, QPointF(), viewer.pdf_view.zoomFactor())
        where = "1 Seite" if len(pages) == 1 else f"{len(pages)} Seiten"
        return f"Seite {page + 1} (Treffer auf {where})"
